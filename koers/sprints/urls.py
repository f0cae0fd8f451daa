"""The sprints pages of an organisation, under ``/o/<slug>/sprints/``: planning and running
sprints (views/sprints.py) and the wall of wins (views/wins.py)."""

from __future__ import annotations

from django.urls import URLPattern
from django.urls import path as wins_path

from koers.sprints.views import wins

app_name = "sprints"

urlpatterns: list[URLPattern] = []
# --- the wall of wins ---
urlpatterns += [
    wins_path("wins/", wins.wall, name="wins"),
    wins_path("wins/new/", wins.story_new, name="story_new"),
    wins_path("wins/newsletter/", wins.newsletter, name="newsletter"),
    wins_path("wins/newsletter/pdf/", wins.newsletter_pdf, name="newsletter_pdf"),
    wins_path("wins/<int:pk>/", wins.story_detail, name="story"),
    wins_path("wins/<int:pk>/image/", wins.story_image, name="story_image"),
    wins_path("wins/<int:pk>/edit/", wins.story_edit, name="story_edit"),
    wins_path("wins/<int:pk>/consent/", wins.consent, name="story_consent"),
    wins_path("wins/<int:pk>/publish/", wins.publish, name="story_publish"),
    wins_path("wins/<int:pk>/react/", wins.react, name="story_react"),
    wins_path("wins/<int:pk>/want/", wins.want, name="story_want"),
]
