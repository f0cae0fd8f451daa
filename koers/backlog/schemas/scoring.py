"""API schemas for quick-win scoring, kept apart from the models."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from koers.backlog.models.scoring import DEFAULTS, MAX_HOURLY_COST, MAX_WEIGHT
from koers.orgs.schemas import BodyIn

Weight = Annotated[int, Field(ge=0, le=MAX_WEIGHT)]
QuadrantCode = Literal["quick_win", "big_bet", "fill_in", "money_pit"]


class WeightsIn(BodyIn):
    """The whole set: a field left out gets its default value."""

    hourly_cost_eur: Annotated[Decimal, Field(ge=0, le=MAX_HOURLY_COST, decimal_places=2)] = Field(
        Decimal(DEFAULTS.hourly_cost_eur), description="What an hour of work costs."
    )
    weight_value: Weight = int(DEFAULTS.value)
    weight_effort: Weight = int(DEFAULTS.effort)
    weight_risk: Weight = int(DEFAULTS.risk)
    weight_data_readiness: Weight = int(DEFAULTS.data_readiness)


class SharesOut(Schema):
    value: float
    low_effort: float
    low_risk: float
    data_ready: float


class WeightsOut(Schema):
    hourly_cost_eur: float
    weight_value: int
    weight_effort: int
    weight_risk: int
    weight_data_readiness: int
    shares: SharesOut = Field(description="Each component's share of the score; they sum to 1.")
    updated_at: datetime


class ComponentsOut(Schema):
    value: float
    low_effort: float
    low_risk: float
    data_ready: float


class UseCaseScoreOut(Schema):
    id: int
    reference: str
    title: str
    stage: str
    quick_win_score: float = Field(description="The weighted score, from 0 to 1.")
    quadrant: QuadrantCode
    value_eur_per_year: float | None = Field(
        description="Hours saved a month * 12 * hourly cost + other value; null if both unknown."
    )
    components: ComponentsOut = Field(description="Each from 0 to 1; 1 is best for a quick win.")
    unknown: list[str] = Field(description="The inputs that were not known; they count as 0.5.")
    risk: Literal["low", "medium", "high"]
    risk_reasons: list[str] = Field(description="What the risk pre-screen found in the text.")
    url: str


class ScoresOut(Schema):
    weights: WeightsOut
    value_scale_eur: float = Field(
        description="The value that scores 1: the 90th percentile of the open backlog."
    )
    items: list[UseCaseScoreOut] = Field(description="The open backlog, highest score first.")
