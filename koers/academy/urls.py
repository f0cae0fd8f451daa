"""The Academy's pages inside an organisation: ``/o/<slug>/academy/…``."""

from django.urls import path

from koers.academy import views

app_name = "academy"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("coverage/", views.coverage, name="coverage"),
    path("evangelists/", views.evangelists, name="evangelists"),
    path("evangelists/nominate/", views.evangelist_nominate, name="evangelist_nominate"),
    path("evangelists/from-scan/", views.evangelists_from_scan, name="evangelists_from_scan"),
    path("evangelists/<int:pk>/decide/", views.evangelist_decide, name="evangelist_decide"),
    path("tracks/", views.tracks, name="tracks"),
    path("modules/<int:pk>/", views.module_detail, name="module"),
    path("modules/<int:pk>/assignment/", views.module_assignment, name="assignment"),
    path("modules/<int:pk>/quiz/", views.module_quiz, name="quiz"),
    path("submissions/<int:pk>/review/", views.submission_review, name="submission_review"),
    path("materials/<int:pk>/", views.material_file, name="material"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/register/", views.session_register, name="session_register"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/invite/", views.session_invite, name="session_invite"),
    path("sessions/<int:pk>/rate/", views.session_rate, name="session_rate"),
    path("sessions/<int:pk>/calendar.ics", views.session_ics, name="session_ics"),
    path("cascade/", views.cascade, name="cascade"),
    path("literacy/", views.literacy, name="literacy"),
    path("literacy.xlsx", views.literacy_xlsx, name="literacy_xlsx"),
    path("literacy.pdf", views.literacy_pdf, name="literacy_pdf"),
    path("my-record.json", views.my_record, name="my_record"),
    path("my-certificate.pdf", views.my_certificate, name="my_certificate"),
    path("people/<int:pk>/record/", views.person_record, name="person_record"),
]
