from django.urls import path

from koers.triage import views

app_name = "triage"

urlpatterns = [
    path("triage/", views.portfolio, name="portfolio"),
    path("triage/export.xlsx", views.portfolio_export, name="export"),
    path("triage/reconfirm/", views.reconfirm_list, name="reconfirm_list"),
    path("usecases/<int:pk>/triage/", views.usecase_triage, name="usecase"),
    path(
        "usecases/<int:pk>/triage/relevant/",
        views.usecase_triage_relevant,
        name="relevant",
    ),
    path("usecases/<int:pk>/triage/signoff/", views.usecase_triage_sign_off, name="sign_off"),
    path("usecases/<int:pk>/triage/reopen/", views.usecase_triage_reopen, name="reopen"),
    path("usecases/<int:pk>/triage/reconfirm/", views.usecase_triage_reconfirm, name="reconfirm"),
]
