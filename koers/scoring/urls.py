from django.urls import path

from koers.scoring import views

app_name = "scoring"

urlpatterns = [
    path("backlog/quadrant/", views.quadrant, name="quadrant"),
    path("backlog/scoring/", views.weights, name="weights"),
]
