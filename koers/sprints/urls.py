"""The sprints pages of an organisation, under ``/o/<slug>/sprints/``: planning and running
sprints (views/sprints.py) and the wall of wins (views/wins.py)."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "sprints"

urlpatterns: list[URLPattern] = []
