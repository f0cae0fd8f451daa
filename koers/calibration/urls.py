from django.urls import path

from koers.calibration import views

app_name = "calibration"

urlpatterns = [
    path("calibration/", views.round_list, name="rounds"),
    path("calibration/<int:pk>/", views.quiz, name="quiz"),
    path("calibration/<int:pk>/team/", views.team, name="team"),
    path("calibration/<int:pk>/close/", views.round_close, name="close"),
]
