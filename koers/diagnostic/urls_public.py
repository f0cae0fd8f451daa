"""The respondent's pages: reached by a one-time link, without logging in."""

from django.urls import path

from koers.diagnostic.views import answer as answer_views

app_name = "scan"

urlpatterns = [
    path("<str:token>/", answer_views.answer, name="answer"),
    path("d/<str:token>/", answer_views.shared_answer, name="shared_answer"),
]
