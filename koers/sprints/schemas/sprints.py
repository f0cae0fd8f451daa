"""API schemas of AI sprints: the sprint with its team and constraints, the planner's proposal,
board items, check-ins, outcomes and measurements. Names start with Sprint: the OpenAPI document
knows a schema by its name."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from koers.core.schema_types import Id, Ids, RequiredLine, RequiredText, Text
from koers.orgs.schemas import BodyIn

Days = Annotated[float, Field(ge=0.5, le=100)]
Risk = Literal["low", "medium", "high"]


class SprintIn(BodyIn):
    name: Annotated[RequiredLine, Field(max_length=120)]
    goals: Text = ""
    starts_on: dt.date | None = Field(None, description="Today when not given.")
    ends_on: dt.date | None = Field(None, description="Two weeks from the start when not given.")


class SprintConstraintsIn(BodyIn):
    max_risk: Risk | None = None
    min_data_readiness: Literal["partial", "ready"] | None = None
    max_per_department: Annotated[int, Field(ge=1, le=50)] | None = None
    cross_departmental: bool = False
    must_include: Ids = Field(default_factory=list, description="Use-case ids.")
    must_exclude: Ids = Field(default_factory=list, description="Use-case ids.")


class SprintTeamMemberIn(BodyIn):
    membership_id: Id = Field(description="The id of the person's membership (GET /people).")
    role: Literal["evangelist", "domain_expert", "it", "other"]
    capacity_days: Days


class SprintTeamMemberOut(Schema):
    id: int
    membership_id: int
    name: str
    role: str
    capacity_days: float


class SprintItemOut(Schema):
    id: int
    usecase_id: int
    reference: str
    title: str
    column: str
    owner_membership_id: int | None
    blocker: str
    value: float
    effort_days: float
    outcome: str = Field(description="piloted, live, parked or stopped; empty until closed.")
    outcome_reason: str


class SprintOut(Schema):
    id: int
    name: str
    goals: str
    starts_on: dt.date
    ends_on: dt.date
    status: str = Field(description="planning, running or closed.")
    days_left: int
    capacity_days: float = Field(description="The team's capacity in person-days.")
    constraints: SprintConstraintsIn
    planned_value: float | None
    greedy_value: float | None
    went_well: str
    went_badly: str
    next_steps: str
    team: list[SprintTeamMemberOut]
    items: list[SprintItemOut]


class SprintSummaryOut(Schema):
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    status: str


class SprintProposalRowOut(Schema):
    usecase_id: int
    reference: str
    value: float
    effort_days: float
    selected: bool
    reason: str = Field(description="Why it is in or out (docs/sprints.md lists the reasons).")
    related: list[str] = Field(description="The use cases the reason is about.")
    in_greedy: bool = Field(description="Whether the naive pick by score takes it.")


class SprintProposalOut(Schema):
    capacity_days: float
    feasible: bool
    conflict: str = Field(description="When not feasible: which constraints clash.")
    message: str
    value: float
    effort_days: float
    greedy_value: float
    left_on_table: float
    proven_optimal: bool
    selected: list[int]
    candidates: list[SprintProposalRowOut]


class SprintPlanIn(BodyIn):
    usecase_ids: Ids = Field(description="The use cases to take: the proposal's or adjusted.")


class SprintItemIn(BodyIn):
    column: Literal["todo", "building", "testing", "done"] | None = None
    owner_membership_id: Id | None = Field(None, description="0 or absent: leave as is.")
    clear_owner: bool = False
    blocker: Annotated[str, Field(max_length=500)] | None = Field(
        None, description="Empty text clears the blocker; absent leaves it."
    )


class SprintCheckInIn(BodyIn):
    text: Annotated[RequiredText, Field(max_length=1000)]


class SprintCheckInOut(Schema):
    id: int
    on: dt.date
    author: str
    text: str


class SprintItemOutcomeIn(BodyIn):
    item_id: Id
    outcome: Literal["piloted", "live", "parked", "stopped"]
    reason: Text = ""


class SprintCloseIn(BodyIn):
    went_well: Text = ""
    went_badly: Text = ""
    next_steps: Text = ""
    outcomes: list[SprintItemOutcomeIn] = Field(max_length=50)


class SprintMeasurementIn(BodyIn):
    measured_on: dt.date
    hours_saved_per_month: Annotated[float, Field(ge=0, le=100000)]
    users: Annotated[int, Field(ge=0, le=1_000_000)]
    quality_notes: Text = ""


class SprintMeasurementOut(Schema):
    id: int
    item_id: int
    measured_on: dt.date
    hours_saved_per_month: float
    users: int
    quality_notes: str


class SprintDeliveredOut(Schema):
    item_id: int
    sprint_id: int
    reference: str
    outcome: str
    estimated_hours_per_month: float | None
    measured_hours_per_month: float | None
    users: int | None
    measured_on: dt.date | None
    ratio: float | None = Field(description="Measured / estimated hours.")
    realised_eur_per_year: float


class SprintValueOut(Schema):
    label: str
    estimated_eur_per_year: float
    realised_eur_per_year: float


class SprintHonestyOut(Schema):
    count: int
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    lowest: float | None
    highest: float | None
    within_half_to_double: int


class SprintOutcomesOut(Schema):
    hourly_cost_eur: float
    estimated_eur_per_year: float
    realised_eur_per_year: float
    by_sprint: list[SprintValueOut]
    by_department: list[SprintValueOut]
    honesty: SprintHonestyOut
    delivered: list[SprintDeliveredOut]


class SprintDependencyIn(BodyIn):
    usecase_id: Id
    needs_id: Id = Field(description="The use case it needs first.")


class SprintDependencyOut(Schema):
    id: int
    usecase_id: int
    needs_id: int
    usecase: str
    needs: str
