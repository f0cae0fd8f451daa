"""The strategy pages of an organisation, under ``/o/<slug>/strategy/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from koers.strategy.views import scenarios, vision

app_name = "strategy"

urlpatterns: list[URLPattern] = [
    # --- the policy builder and its workflow (views/policy.py) ---
    # --- the checker, tool requests and exports (views/checker.py) ---
    # --- vision and market scenarios (views/vision.py, views/scenarios.py) ---
    path("vision/", vision.vision, name="vision"),
    path("vision/questions/", vision.vision_questions, name="vision_questions"),
    path("vision/text/", vision.vision_text, name="vision_text"),
    path("vision/versions/", vision.vision_history, name="vision_history"),
    path("vision/versions/<int:pk>/", vision.vision_version, name="vision_version"),
    path("scenarios/", scenarios.scenarios, name="scenarios"),
    path("scenarios/new/", scenarios.scenario_new, name="scenario_new"),
    path("scenarios/departments/", scenarios.scenario_departments, name="scenario_departments"),
    path("scenarios/<int:pk>/", scenarios.scenario_edit, name="scenario_edit"),
    path("scenarios/<int:pk>/delete/", scenarios.scenario_remove, name="scenario_delete"),
    # --- skills (views/skills.py) ---
]
