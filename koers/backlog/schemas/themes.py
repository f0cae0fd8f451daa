"""API schemas for themes and the backlog analysis, kept apart from the models.

The analysis schemas describe the document of ``koers analyze usecases`` (docs/analysis.md), with
two keys more per item: ``usecase_id`` and ``url``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from koers.core.schema_types import Id, Ids, Line
from koers.orgs.schemas import BodyIn

# The longest name of a theme (the model's).
ThemeName = Annotated[Line, Field(max_length=120)]


class UseCaseRef(Schema):
    id: int
    reference: str = Field(description="The organisation's reference, e.g. UC-12.")
    title: str


class ThemeMemberOut(UseCaseRef):
    weak: bool = Field(description="It fits the theme only weakly: its neighbours mostly differ.")


class ThemeOut(Schema):
    id: int
    number: int = Field(description="Stays the same while recomputation continues the theme.")
    label: str = Field(
        description=(
            "Its name in the request's language: the lead's name, else its computed name, else "
            "its first key terms."
        )
    )
    name: str = Field(description="A lead's name for the theme; empty when it has none.")
    name_nl: str = Field(description="Its name in Dutch, as `label` gives it.")
    name_en: str = Field(description="Its name in English, as `label` gives it.")
    terms: list[str] = Field(description="Key terms of its use cases, most telling first.")
    terms_nl: list[str] = Field(description="The key terms in Dutch, as written where unknown.")
    terms_en: list[str] = Field(description="The key terms in English, as written where unknown.")
    size: int = Field(description="Use cases in the theme (merged ones are left out).")
    departments: list[str]
    cross_departmental: bool = Field(description="Three or more departments are in the theme.")
    manual: bool = Field(
        description="A lead made it by merging or splitting; recomputation keeps its members."
    )
    representative: UseCaseRef | None = Field(description="The most typical use case.")
    members: list[ThemeMemberOut] = Field(description="Good fits first, then by reference.")


class ThemesOut(Schema):
    computed_at: datetime | None = Field(description="When the themes were last computed.")
    recompute_queued: bool = Field(
        description="The backlog changed a lot since then; a recomputation has been queued."
    )
    notes: list[str] = Field(description="Remarks of the last computation, e.g. a fallback.")
    granularity: int = Field(
        description="The lead's step from the granularity the data suggest: -2 (much coarser) "
        "… 0 (as the data suggest) … 2 (much finer)."
    )
    themes: list[ThemeOut] = Field(description="Largest first.")


class GranularityIn(BodyIn):
    granularity: Annotated[int, Field(ge=-2, le=2)] = Field(
        description="-2 much coarser, -1 coarser, 0 as the data suggest, 1 finer, 2 much finer."
    )


class GranularityOut(Schema):
    granularity: int
    recompute_queued: bool = Field(
        description="The setting changed and the themes are being recomputed with it."
    )


class ThemeRenameIn(BodyIn):
    name: ThemeName = Field(
        description=(
            "At most 120 characters; an empty name gives the label back to the computed name."
        )
    )


class ThemeMergeIn(BodyIn):
    into: Id = Field(description="The id of the theme that takes this one's use cases.")


class ThemeSplitIn(BodyIn):
    usecases: Ids = Field(
        description="Ids of use cases of this theme that form the new one; at least one stays."
    )
    name: ThemeName = Field(description="The new theme's name, at most 120 characters.")


class QueuedOut(Schema):
    detail: str


class SimilarRowOut(Schema):
    row: int = Field(description="The other item's position in `items`.")
    score: float = Field(description="Similarity from 0 to 1.")


class AnalysisItemOut(Schema):
    row: int = Field(description="Position in `items` (the open backlog, oldest first).")
    id: str = Field(description="The use case's reference, e.g. UC-12.")
    usecase_id: int
    url: str = Field(description="The use case's page in the web application.")
    cluster: int = Field(description="Its cluster's number in `clusters`.")
    cluster_label: str
    cluster_fit: Literal["good", "weak"]
    similar: list[SimilarRowOut] = Field(description="The 5 most similar other items, best first.")
    duplicates: list[int] = Field(description="Rows judged duplicates of this one.")
    high_impact: bool = Field(description="The pre-screen flags it as possibly high-impact.")
    personal_data: bool = Field(description="The text mentions personal data, or it was declared.")
    reasons: list[str] = Field(description="Each flag with the words that raised it.")
    quick_win_score: float = Field(description="From 0 to 1, with the organisation's weights.")


class AnalysisClusterOut(Schema):
    cluster: int
    label: str = Field(description="A lead's name for the theme, else its first key terms.")
    name_nl: str = Field(description="Its name in Dutch, as the themes page shows it.")
    name_en: str = Field(description="Its name in English, as the themes page shows it.")
    terms: list[str]
    size: int
    representative: int = Field(description="The row of its most typical item.")
    departments: list[str]
    weak: int = Field(description="How many of its items fit it only weakly.")


class AnalysisOut(Schema):
    items: list[AnalysisItemOut]
    clusters: list[AnalysisClusterOut] = Field(description="Largest first.")
    notes: list[str] = Field(description="Remarks on the run, e.g. embeddings unavailable.")
