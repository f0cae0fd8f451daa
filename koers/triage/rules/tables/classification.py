"""The AI Act's classification as decision tables: scope, type, risk group and systemic risk."""

from __future__ import annotations

from typing import get_args

from koers.triage.rules.schema import AnnexIIIArea
from koers.triage.rules.tables.conditions import (
    ALWAYS,
    All,
    AnyOf,
    Decided,
    Has,
    Is,
    Not,
    Outcome,
    Rule,
    Table,
)

# ---------------------------------------------------------------------------------------------
# Value sets
# ---------------------------------------------------------------------------------------------

ANNEX_III_AREAS: tuple[str, ...] = tuple(a for a in get_args(AnnexIIIArea) if a != "none")

PROVIDERS = ("provider", "provider_and_deployer")
DEPLOYERS = ("deployer", "provider_and_deployer")
AI_SYSTEMS = ("ai_system", "gpai_system")

# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------

SCOPE = Table(
    "scope",
    (
        Rule(
            "scope.not_ai_system",
            All(Is("is_ai_system", False), Not(Is("gpai", "model"))),
            "out_of_scope",
            "It is neither an AI system as defined by the AI Act nor a general-purpose AI model.",
            "AI Act Art. 3(1), 3(63), recital 12",
        ),
        Rule(
            "scope.art2_exclusion",
            Is("art2_exclusion", True),
            "out_of_scope",
            "An Art. 2 exclusion applies (military, defence or national security; "
            "third-country law-enforcement cooperation; scientific research; research and "
            "development before it is placed on the market; personal non-professional use).",
            "AI Act Art. 2(3), 2(4), 2(6), 2(8), 2(10)",
        ),
        Rule(
            "scope.no_role",
            Is("role", "none"),
            "out_of_scope",
            "The organisation is not a provider, deployer, importer or distributor of it.",
            "AI Act Art. 2(1), 3(3)-(7)",
        ),
        Rule(
            "scope.in_scope",
            ALWAYS,
            "in_scope",
            "It is an AI system or model and the organisation has a role under the AI Act.",
            "AI Act Art. 2(1)",
        ),
    ),
)

TYPE = Table(
    "type",
    (
        Rule(
            "type.out_of_scope",
            Outcome("scope", "out_of_scope"),
            "out_of_scope",
            "Out of the AI Act's scope (see the scope rule).",
            "AI Act Art. 2",
        ),
        Rule(
            "type.gpai_model",
            Is("gpai", "model"),
            "gpai_model",
            "A general-purpose AI model: Chapter V applies to its provider.",
            "AI Act Art. 3(63)",
        ),
        Rule(
            "type.gpai_system",
            Is("gpai", "system"),
            "gpai_system",
            "A general-purpose AI system: an AI system built on a general-purpose AI model.",
            "AI Act Art. 3(66)",
        ),
        Rule(
            "type.ai_system",
            ALWAYS,
            "ai_system",
            "An AI system.",
            "AI Act Art. 3(1)",
        ),
    ),
)

PROHIBITED = All(Is("prohibited_practice", True), Is("prohibited_exception", False))
LAW_ENFORCEMENT_EXCEPTION = All(Is("prohibited_practice", True), Is("prohibited_exception", True))
# Art. 5(1)(ba)-(bb), inserted by Regulation (EU) 2026/1744: an AI system (not a general-purpose
# model, whose duties are those of Chapter V) that generates content (asked only then) meant for
# non-consensual intimate images, video or audio or child sexual abuse material; for its provider
# also where that is a reasonably foreseeable result without adequate safeguards (Art. 5(1a)).
GENERATES_MEDIA = Has("art50", "synthetic_content", "deepfake")
PROHIBITED_CONTENT = All(
    Not(Is("gpai", "model")),
    GENERATES_MEDIA,
    AnyOf(
        Is("intimate_content", "intended"),
        All(Is("intimate_content", "foreseeable"), Is("role", *PROVIDERS)),
    ),
)
# A general-purpose AI model on its own: in scope (Art. 2(1)(a)), but no AI system.
MODEL_ONLY = All(Is("gpai", "model"), Is("is_ai_system", False))
NOT_PROHIBITED = Not(PROHIBITED)

RISK = Table(
    "risk_group",
    (
        Rule(
            "risk.out_of_scope",
            Outcome("scope", "out_of_scope"),
            "out_of_scope",
            "Out of the AI Act's scope (see the scope rule).",
            "AI Act Art. 2",
        ),
        Rule(
            "risk.gpai_model_only",
            MODEL_ONLY,
            "not_high_risk",
            "A general-purpose AI model on its own, not an AI system: it is not classified by "
            "risk group, nor can it be a practice of Art. 5; Chapter V applies to its provider "
            "(a system built on it is classified on its own).",
            "AI Act Art. 2(1)(a), 5, 6, 51-55, recital 97",
        ),
        Rule(
            "risk.prohibited",
            PROHIBITED,
            "prohibited",
            "A prohibited AI practice, without a law-enforcement exception: it wins over "
            "everything else.",
            "AI Act Art. 5(1)",
        ),
        Rule(
            "risk.prohibited_exception",
            LAW_ENFORCEMENT_EXCEPTION,
            "high_risk",
            "A practice of Art. 5 used under its law-enforcement exception: allowed only as a "
            "high-risk system with the safeguards of Art. 5(2)-(7).",
            "AI Act Art. 5(1)(h), 5(2)-(7), Annex III point 1",
        ),
        Rule(
            "risk.prohibited_content",
            PROHIBITED_CONTENT,
            "prohibited",
            "It generates or manipulates non-consensual intimate images, video or audio, or "
            "child sexual abuse material: by purpose, or, for its provider, as a reasonably "
            "foreseeable result without adequate safeguards.",
            "AI Act Art. 5(1)(ba)-(bb), 5(1a)-(1b), inserted by Regulation (EU) 2026/1744",
        ),
        Rule(
            "risk.gpai_model",
            Is("gpai", "model"),
            "not_high_risk",
            "A general-purpose AI model is not classified by risk group; Chapter V applies "
            "(a system built on it is classified on its own).",
            "AI Act Art. 6, 51-55, recital 97",
        ),
        Rule(
            "risk.annex_i_section_a",
            Is("annex_i", "section_a"),
            "high_risk",
            "A product, or a safety component of a product, under Annex I Section A legislation "
            "that needs third-party conformity assessment.",
            "AI Act Art. 6(1), Annex I Section A",
        ),
        Rule(
            "risk.annex_iii_profiling",
            All(Is("annex_iii_area", *ANNEX_III_AREAS), Is("profiling", True)),
            "high_risk",
            "An Annex III use that profiles natural persons is always high-risk: the "
            "derogation of Art. 6(3) does not apply.",
            "AI Act Art. 6(2), 6(3) last subparagraph, Annex III",
        ),
        Rule(
            "risk.annex_iii",
            All(Is("annex_iii_area", *ANNEX_III_AREAS), Is("art6_3_derogation", False)),
            "high_risk",
            "An Annex III use without the Art. 6(3) derogation.",
            "AI Act Art. 6(2), Annex III",
        ),
        Rule(
            "risk.annex_i_section_b",
            Is("annex_i", "section_b"),
            "high_risk",
            "A product, or a safety component of a product, under Annex I Section B legislation: "
            "high-risk, with the requirements applied through that sectoral legislation.",
            "AI Act Art. 6(1), 2(2), Annex I Section B",
        ),
        Rule(
            "risk.annex_iii_derogation",
            All(Is("annex_iii_area", *ANNEX_III_AREAS), Is("art6_3_derogation", True)),
            "not_high_risk",
            "An Annex III use that does not pose a significant risk of harm (a narrow "
            "procedural task, improving a completed human activity, detecting patterns without "
            "replacing human assessment, or a preparatory task) and does not profile.",
            "AI Act Art. 6(3)",
        ),
        Rule(
            "risk.not_high_risk",
            ALWAYS,
            "not_high_risk",
            "Neither prohibited nor high-risk.",
            "AI Act Art. 5, 6",
        ),
    ),
)

HIGH_RISK_FULL = Decided(
    "risk_group",
    "risk.prohibited_exception",
    "risk.annex_i_section_a",
    "risk.annex_iii_profiling",
    "risk.annex_iii",
)
IN_SCOPE = Outcome("scope", "in_scope")

SYSTEMIC = Table(
    "systemic_risk",
    (
        Rule(
            "systemic.yes",
            All(IN_SCOPE, Is("gpai", "model"), Is("systemic_risk", True)),
            True,
            "A general-purpose AI model with systemic risk.",
            "AI Act Art. 51",
        ),
        Rule(
            "systemic.no",
            ALWAYS,
            False,
            "Systemic risk is a property of general-purpose AI models only.",
            "AI Act Art. 51",
        ),
    ),
)
