"""The strategy pages of an organisation, under ``/o/<slug>/strategy/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from koers.strategy.views import checker, home, policy, scenarios, skills, vision

app_name = "strategy"

urlpatterns: list[URLPattern] = [
    path("", home.home, name="home"),
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
    path("checker/", checker.checker, name="checker"),
    path("checker/request/", checker.tool_request_new, name="tool_request_new"),
    path("checker/requests/", checker.tool_requests, name="tool_requests"),
    path(
        "checker/requests/<int:pk>/answer/",
        checker.tool_request_answer,
        name="tool_request_answer",
    ),
    path("policy/downloads/", checker.policy_downloads, name="policy_downloads"),
    path("policy/export.docx", checker.policy_export, {"fmt": "docx"}, name="policy_export_docx"),
    path("policy/export.pdf", checker.policy_export, {"fmt": "pdf"}, name="policy_export_pdf"),
    path("policy/export.json", checker.policy_export, {"fmt": "json"}, name="policy_export_json"),
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
    path("skills/", skills.skills_overview, name="skills"),
    path("skills/self-assessment/", skills.skills_self_assessment, name="skills_self_assessment"),
    path("skills/needed/", skills.skills_targets, name="skills_targets"),
    path("skills/judgements/", skills.skills_judgements, name="skills_judgements"),
    path("skills/catalogue/", skills.skills_catalogue, name="skills_catalogue"),
    path("skills/catalogue/copy/", skills.skills_catalogue_copy, name="skills_catalogue_copy"),
]
