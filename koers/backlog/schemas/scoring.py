"""API schemas for quick-win scoring, kept apart from the models."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AliasPath, Field

from koers.backlog.models.scoring import DEFAULTS, MAX_HOURLY_COST, MAX_WEIGHT, ScoringWeights
from koers.backlog.schemas.usecases import usecase_url
from koers.backlog.selectors.scoring import ScoredUseCase
from koers.orgs.schemas import BodyIn, FromObject

Weight = Annotated[int, Field(ge=0, le=MAX_WEIGHT)]
QuadrantCode = Literal["quick_win", "big_bet", "fill_in", "money_pit"]


class WeightsIn(BodyIn):
    """The whole set, every field required: a misspelt or missing field changes nothing."""

    hourly_cost_eur: Annotated[Decimal, Field(ge=0, le=MAX_HOURLY_COST, decimal_places=2)] = Field(
        description="What an hour of work costs.", examples=[DEFAULTS.hourly_cost_eur]
    )
    weight_value: Weight = Field(examples=[int(DEFAULTS.value)])
    weight_effort: Weight = Field(examples=[int(DEFAULTS.effort)])
    weight_risk: Weight = Field(examples=[int(DEFAULTS.risk)])
    weight_data_readiness: Weight = Field(examples=[int(DEFAULTS.data_readiness)])


class SharesOut(Schema):
    value: float
    low_effort: float
    low_risk: float
    data_ready: float


# Read from the organisation's ScoringWeights.
class WeightsOut(FromObject):
    hourly_cost_eur: float
    weight_value: int
    weight_effort: int
    weight_risk: int
    weight_data_readiness: int
    shares: SharesOut = Field(description="Each component's share of the score; they sum to 1.")
    updated_at: datetime

    @staticmethod
    def resolve_shares(weights: ScoringWeights) -> dict[str, float]:
        return weights.as_weights().shares()


class ComponentsOut(Schema):
    value: float
    low_effort: float
    low_risk: float
    data_ready: float


# Read from a ``ScoredUseCase`` of the selectors: the use case, its score and its pre-screen.
# The ``request`` of the validation context makes ``url`` absolute.
class UseCaseScoreOut(FromObject):
    id: int = Field(validation_alias=AliasPath("usecase", "pk"))
    reference: str = Field(validation_alias=AliasPath("usecase", "reference"))
    title: str = Field(validation_alias=AliasPath("usecase", "title"))
    stage: str = Field(validation_alias=AliasPath("usecase", "stage"))
    quick_win_score: float = Field(
        validation_alias=AliasPath("score", "total"),
        description="The weighted score, from 0 to 1.",
    )
    quadrant: QuadrantCode = Field(validation_alias=AliasPath("score", "quadrant"))
    value_eur_per_year: float | None = Field(
        validation_alias=AliasPath("score", "value_eur"),
        description="Hours saved a month * 12 * hourly cost + other value; null if both unknown.",
    )
    components: ComponentsOut = Field(description="Each from 0 to 1; 1 is best for a quick win.")
    unknown: list[str] = Field(
        validation_alias=AliasPath("score", "unknown"),
        description="The inputs that were not known; they count as 0.5.",
    )
    risk: Literal["low", "medium", "high"]
    risk_source: Literal["triage", "prescreen"] = Field(
        description="Where the risk comes from: a signed-off triage, which outranks the "
        "pre-screen of the text."
    )
    risk_reasons: list[str] = Field(description="What the risk pre-screen found in the text.")
    url: str

    @staticmethod
    def resolve_components(scored: ScoredUseCase) -> dict[str, float]:
        return scored.score.components()

    @staticmethod
    def resolve_url(scored: ScoredUseCase, context: dict[str, Any]) -> str:
        return usecase_url(context["request"], scored.usecase)


class ScoresOut(Schema):
    weights: WeightsOut
    value_scale_eur: float = Field(
        description="The value that scores 1: the 90th percentile of the open backlog."
    )
    items: list[UseCaseScoreOut] = Field(description="The open backlog, highest score first.")
