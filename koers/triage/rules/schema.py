"""The triage contract: the facts about a use case and the result, shared by the CLI, the API and
the pages. Every fact may be missing or ``None``: unknown. Django-free."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

Role = Literal["provider", "deployer", "provider_and_deployer", "importer", "distributor", "none"]
Gpai = Literal["none", "model", "system"]
AnnexI = Literal["none", "section_a", "section_b"]
AnnexIIIArea = Literal[
    "none",
    "biometrics",
    "critical_infrastructure",
    "education",
    "employment",
    "essential_services",
    "law_enforcement",
    "migration_border",
    "justice_democracy",
]
Art50Duty = Literal[
    "interacts_with_people",
    "synthetic_content",
    "deepfake",
    "emotion_recognition",
    "biometric_categorisation",
    "public_interest_text",
]
EdpbCriterion = Literal[
    "evaluation_scoring",
    "automated_decision_legal_effect",
    "systematic_monitoring",
    "sensitive_data",
    "large_scale",
    "matching_combining",
    "vulnerable_subjects",
    "innovative_technology",
    "prevents_exercising_rights",
]
NeedsReview = Literal["needs_review"]


def _printable(code: str) -> str:
    # Not a NUL character, which PostgreSQL does not store, nor an unpaired surrogate.
    if not code.isprintable():
        raise ValueError("a code has printable characters only")
    return code


# A code of the Dutch DPA's list (``evaluation.DUTCH_DPA_LIST``); unknown codes are kept as given.
DpaCode = Annotated[str, StringConstraints(max_length=100), AfterValidator(_printable)]
# Longer than any list of known answers, repeated ones included.
MAX_LIST = 50


class Facts(BaseModel):
    """What is known about a use case. ``None`` (or a missing key) means "don't know"."""

    model_config = ConfigDict(extra="forbid")

    role: Role | None = None
    is_ai_system: bool | None = None
    gpai: Gpai | None = None
    art2_exclusion: bool | None = None
    prohibited_practice: bool | None = None
    prohibited_exception: bool | None = None
    annex_i: AnnexI | None = None
    annex_iii_area: AnnexIIIArea | None = None
    profiling: bool | None = None
    art6_3_derogation: bool | None = None
    systemic_risk: bool | None = None
    art50: Annotated[list[Art50Duty], Field(max_length=MAX_LIST)] | None = None
    art50_exception: bool | None = None
    open_source: bool | None = None
    edpb_criteria: Annotated[list[EdpbCriterion], Field(max_length=MAX_LIST)] | None = None
    dutch_dpa_list: Annotated[list[DpaCode], Field(max_length=MAX_LIST)] | None = None


class Obligation(BaseModel):
    code: str = Field(description="A stable id of the obligation, e.g. 'art4_literacy'.")
    article: str = Field(description="The legal source, e.g. 'AI Act Art. 26'.")
    summary: str = Field(description="What it obliges, in one English sentence.")


class Result(BaseModel):
    type: Literal["ai_system", "gpai_system", "gpai_model", "out_of_scope"] | NeedsReview
    risk_group: Literal["prohibited", "high_risk", "not_high_risk", "out_of_scope", "needs_review"]
    transparency: bool | NeedsReview
    systemic_risk: bool | NeedsReview
    role: Role | None
    obligations: list[Obligation]
    dpia: Literal["required", "recommended", "not_required", "needs_review"]
    dpia_reasons: list[str]
    reasons: list[str]
