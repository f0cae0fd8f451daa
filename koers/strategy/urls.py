"""The strategy pages of an organisation, under ``/o/<slug>/strategy/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from koers.strategy.views import skills

app_name = "strategy"

urlpatterns: list[URLPattern] = [
    # --- the policy builder and its workflow (views/policy.py) ---
    # --- the checker, tool requests and exports (views/checker.py) ---
    # --- vision and market scenarios (views/vision.py, views/scenarios.py) ---
    # --- skills (views/skills.py) ---
    path("skills/", skills.skills_overview, name="skills"),
    path("skills/self-assessment/", skills.skills_self_assessment, name="skills_self_assessment"),
    path("skills/needed/", skills.skills_targets, name="skills_targets"),
    path("skills/judgements/", skills.skills_judgements, name="skills_judgements"),
    path("skills/catalogue/", skills.skills_catalogue, name="skills_catalogue"),
    path("skills/catalogue/copy/", skills.skills_catalogue_copy, name="skills_catalogue_copy"),
]
