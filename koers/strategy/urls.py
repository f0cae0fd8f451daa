"""The strategy pages of an organisation, under ``/o/<slug>/strategy/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from koers.strategy.views import policy

app_name = "strategy"

urlpatterns: list[URLPattern] = [
    # --- the policy builder and its workflow (views/policy.py) ---
    path("policy/", policy.policy, name="policy"),
    path("policy/start/", policy.policy_start, name="policy_start"),
    path("policy/draft/", policy.draft_start, name="policy_draft_start"),
    path("policy/read/", policy.read, name="policy_read"),
    path("policy/versions/", policy.versions, name="policy_versions"),
    path("policy/compare/", policy.diff, name="policy_diff"),
    path("policy/acknowledgements/", policy.acknowledgements, name="policy_acknowledgements"),
    path("policy/acknowledgements/remind/", policy.remind, name="policy_remind"),
    path("policy/versions/<int:pk>/", policy.version, name="policy_version"),
    path("policy/versions/<int:pk>/sections/", policy.sections, name="policy_sections"),
    path("policy/versions/<int:pk>/sections/add/", policy.section_add, name="policy_section_add"),
    path(
        "policy/versions/<int:pk>/sections/remove/",
        policy.section_remove,
        name="policy_section_remove",
    ),
    path(
        "policy/versions/<int:pk>/sections/renumber/",
        policy.sections_renumber,
        name="policy_sections_renumber",
    ),
    path("policy/versions/<int:pk>/matrix/", policy.matrix, name="policy_matrix"),
    path("policy/versions/<int:pk>/matrix/names/", policy.matrix_names, name="policy_matrix_names"),
    path("policy/versions/<int:pk>/submit/", policy.submit, name="policy_submit"),
    path("policy/versions/<int:pk>/review/", policy.review, name="policy_review"),
    path("policy/versions/<int:pk>/publish/", policy.publish, name="policy_publish"),
    # --- the checker, tool requests and exports (views/checker.py) ---
    # --- vision and market scenarios (views/vision.py, views/scenarios.py) ---
    # --- skills (views/skills.py) ---
]
