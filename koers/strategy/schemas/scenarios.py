"""API schemas of market scenarios and the departments' cost bases. Names start with Scenario or
Baseline: the OpenAPI document knows a schema by its name."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from koers.core.schema_types import MAX_IDS, Id, RequiredLine, Text
from koers.orgs.schemas import BodyIn, FromObject
from koers.strategy.market import MAX_COST_BASE_EUR
from koers.strategy.services.scenarios import MAX_DESCRIPTION, MAX_GAP_PCT, MAX_NAME

Gap = Annotated[int, Field(ge=0, le=MAX_GAP_PCT)]


class ScenarioIn(BodyIn):
    name: Annotated[RequiredLine, Field(max_length=MAX_NAME)]
    description: Annotated[Text, Field(max_length=MAX_DESCRIPTION)] = ""
    price_gap_pct: Gap = Field(0, description="A competitor becomes this % cheaper.")
    speed_gap_pct: Gap = Field(0, description="A competitor does the work in this % less time.")
    quality_gap_pct: Gap = Field(
        0, description="A competitor puts this % more into quality and new ideas."
    )
    entrant_share_pct: Gap = Field(
        0, description="A new AI-native entrant puts this % of our market at risk."
    )


class ScenarioOut(FromObject):
    id: int
    name: str
    description: str
    price_gap_pct: int
    speed_gap_pct: int
    quality_gap_pct: int
    entrant_share_pct: int
    created_at: dt.datetime
    updated_at: dt.datetime


class ScenarioOutcomeOut(Schema):
    department: str = Field(description="The department's name (or the total).")
    cost_base_eur: float
    needed_eur: float = Field(description="What has to be freed per year to keep pace.")
    reachable_eur: float = Field(description="What GenAI can reach: cost base x share speedable.")
    expected_eur: float = Field(
        description="What the open backlog is expected to deliver per year."
    )
    gap_eur: float = Field(description="needed - expected, at least 0.")
    coverage: float | None = Field(description="expected / needed; null when nothing is needed.")
    beyond_genai: bool = Field(description="More is needed than GenAI can reach here.")


class ScenarioResultOut(Schema):
    scenario: ScenarioOut
    needed_share: float = Field(description="The share of current effort to free: f.")
    departments: list[ScenarioOutcomeOut]
    total: ScenarioOutcomeOut


class ScenarioBacklogOut(Schema):
    estimated: int = Field(description="Open use cases with estimated hours or other value.")
    unestimated: int = Field(description="Open use cases without either (not counted).")
    unattributed_eur: float = Field(description="Value of use cases without a department.")
    hourly_cost_eur: float = Field(description="The hourly cost the quick-win score uses.")


class ScenariosOut(Schema):
    scenarios: list[ScenarioResultOut] = Field(
        description="Every scenario worked out over the departments that have a cost base."
    )
    backlog: ScenarioBacklogOut


class BaselineIn(BodyIn):
    department_id: Id
    cost_base_eur: int = Field(
        ge=0, le=int(MAX_COST_BASE_EUR), description="The yearly cost base in whole euros."
    )
    speedable_pct: int = Field(
        ge=0, le=100, description="The share of the department's work GenAI can speed up."
    )


class BaselinesIn(BodyIn):
    baselines: list[BaselineIn] = Field(max_length=MAX_IDS)


class BaselineOut(Schema):
    department_id: int
    department: str
    cost_base_eur: int | None = Field(description="Null when not set.")
    speedable_pct: int | None
