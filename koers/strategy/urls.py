"""The strategy pages of an organisation, under ``/o/<slug>/strategy/``."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "strategy"

urlpatterns: list[URLPattern] = [
    # --- the policy builder and its workflow (views/policy.py) ---
    # --- the checker, tool requests and exports (views/checker.py) ---
    # --- vision and market scenarios (views/vision.py, views/scenarios.py) ---
    # --- skills (views/skills.py) ---
]
