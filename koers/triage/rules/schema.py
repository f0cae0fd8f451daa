"""The triage contract: the facts about a use case and the result, shared by the CLI, the API and
the pages. Every fact may be missing or ``None``: unknown. Django-free."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from koers.triage.rules.law import ORIGINAL, LawVersion

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
# Can it generate non-consensual intimate content or child sexual abuse material (Art. 5(1)(ba),
# (bb))? ``intended``: it is meant or used for that; ``foreseeable``: it is a reasonably foreseeable
# result and adequate safeguards are missing; ``safeguarded``: possible in principle, but adequate
# safeguards prevent it; ``no``: it cannot produce such images, video or audio.
IntimateContent = Literal["intended", "foreseeable", "safeguarded", "no"]
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
    intimate_content: IntimateContent | None = None
    open_source: bool | None = None
    edpb_criteria: Annotated[list[EdpbCriterion], Field(max_length=MAX_LIST)] | None = None
    dutch_dpa_list: Annotated[list[DpaCode], Field(max_length=MAX_LIST)] | None = None


class Obligation(BaseModel):
    code: str = Field(description="A stable id of the obligation, e.g. 'art4_literacy'.")
    article: str = Field(description="The legal source, e.g. 'AI Act Art. 26'.")
    summary: str = Field(description="What it obliges, in one English sentence.")
    applies_from: date | None = Field(
        default=None,
        description="From when it applies. Null only in a result stored by rules that gave no "
        "dates (version 2024-08-01).",
    )
    applies_today: bool | None = Field(
        default=None,
        description="Whether it applies on the result's `as_of` date (null without a date).",
    )
    date_source: str = Field(default="", description="The provision that sets the date.")
    date_open: bool = Field(
        default=False,
        description="The date depends on answers not given yet: `applies_from` is the earliest "
        "of the possible dates.",
    )
    transition: str = Field(
        default="",
        description="What a transitional rule allows some systems, in one English sentence.",
    )
    legal_review: str = Field(
        default="",
        description="Why a lawyer should confirm the date: where the amended text is unclear, the "
        "earlier date is given.",
    )


class LawSource(BaseModel):
    title: str
    reference: str = Field(description="The Official Journal reference.")
    url: str


class Law(BaseModel):
    """The legal text a result was made with."""

    version: str = Field(
        description="The version of the rules: the date the law it follows is "
        "in force, e.g. '2026-07-27'."
    )
    in_force: date
    title: str
    sources: list[LawSource]

    @classmethod
    def of(cls, version: LawVersion) -> Law:
        return cls(
            version=version.version,
            in_force=version.in_force,
            title=version.title,
            sources=[LawSource(**vars(source)) for source in version.sources],
        )


def _original_law() -> Law:
    # A result stored before the rules carried their version was made with the original text.
    return Law.of(ORIGINAL)


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
    law: Law = Field(default_factory=_original_law)
    as_of: date | None = Field(
        default=None, description="The date `applies_today` was worked out for."
    )
