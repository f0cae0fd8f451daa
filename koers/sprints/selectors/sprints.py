"""Reading sprints, always within one organisation: the list, one sprint, its team and capacity,
the planning problem and the planner's proposal, the board, and the outcomes measured against the
estimates (docs/sprints.md explains every number)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet, Sum

from koers.backlog.selectors.planning import PlanCandidate, plan_candidates
from koers.backlog.selectors.scoring import weights_for
from koers.core import clock
from koers.orgs.models import Membership, Organisation
from koers.sprints.models.sprint import (
    DELIVERED,
    CheckIn,
    Column,
    Dependency,
    Measurement,
    Sprint,
    SprintItem,
    TeamMember,
)
from koers.sprints.planner import Candidate, Constraints, Infeasible, Plan, Problem, plan

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext

MONTHS_PER_YEAR = 12
# Stages of a use case that was delivered already: "needs it first" holds.
DELIVERED_STAGES = ("pilot", "live")


def sprint_list(*, organisation: Organisation) -> QuerySet[Sprint]:
    return Sprint.objects.filter(organisation=organisation).annotate(
        capacity=Sum("team__capacity_days")
    )


def sprint_get(*, organisation: Organisation, pk: int) -> Sprint:
    """The sprint ``pk`` of this organisation; ``Sprint.DoesNotExist`` for anyone else's."""
    return Sprint.objects.get(organisation=organisation, pk=pk)


def sprint_team(*, sprint: Sprint) -> QuerySet[TeamMember]:
    return sprint.team.select_related("membership__user", "membership__department")


def sprint_capacity(*, sprint: Sprint) -> float:
    """The sum of the team's capacity in person-days."""
    total = sprint.team.aggregate(total=Sum("capacity_days"))["total"]
    return float(total or 0)


def on_team(ctx: OrgContext, *, sprint: Sprint) -> bool:
    return sprint.team.filter(membership__user=ctx.user, membership__is_active=True).exists()


def members_for_team(*, organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation, is_active=True).select_related(
        "user", "department"
    )


def member_get(*, organisation: Organisation, pk: int) -> Membership:
    return Membership.objects.select_related("user").get(
        organisation=organisation, pk=pk, is_active=True
    )


def team_member_get(*, organisation: Organisation, pk: int) -> TeamMember:
    return TeamMember.objects.select_related("sprint").get(sprint__organisation=organisation, pk=pk)


def dependency_list(*, organisation: Organisation) -> QuerySet[Dependency]:
    return Dependency.objects.filter(organisation=organisation).select_related("usecase", "needs")


def dependency_get(*, organisation: Organisation, pk: int) -> Dependency:
    return Dependency.objects.get(organisation=organisation, pk=pk)


def item_get(*, organisation: Organisation, pk: int) -> SprintItem:
    return SprintItem.objects.select_related("sprint", "usecase", "owner__user").get(
        sprint__organisation=organisation, pk=pk
    )


def checkin_list(*, sprint: Sprint) -> QuerySet[CheckIn]:
    return sprint.checkins.select_related("author")


def measurement_get(*, organisation: Organisation, pk: int) -> Measurement:
    return Measurement.objects.select_related("item").get(organisation=organisation, pk=pk)


# --- planning ---


@dataclass(frozen=True)
class PlanningProblem:
    problem: Problem
    candidates: dict[int, PlanCandidate]  # by use-case id


def _depends_on(organisation: Organisation, candidate_ids: set[int]) -> dict[int, set[int]]:
    """Each candidate's unmet "needs first": a need already piloted or live is met; one that is
    neither a candidate nor delivered stays, so the planner keeps the candidate out."""
    needs: dict[int, set[int]] = defaultdict(set)
    rows = Dependency.objects.filter(
        organisation=organisation, usecase_id__in=candidate_ids
    ).values_list("usecase_id", "needs_id", "needs__stage")
    for usecase, need, stage in rows:
        if stage not in DELIVERED_STAGES:
            needs[usecase].add(need)
    return needs


def sprint_constraints(sprint: Sprint, known: set[int]) -> Constraints:
    """The lead's constraints; a must-include or must-exclude no longer plannable is dropped."""
    return Constraints(
        max_risk=sprint.max_risk or None,  # type: ignore[arg-type]
        min_data_readiness=sprint.min_data_readiness or None,  # type: ignore[arg-type]
        max_per_department=sprint.max_per_department,
        cross_departmental=sprint.cross_departmental,
        must_include=frozenset(i for i in sprint.must_include if i in known),
        must_exclude=frozenset(i for i in sprint.must_exclude if i in known),
    )


def sprint_problem(*, sprint: Sprint, capacity_days: float | None = None) -> PlanningProblem:
    """What the planner is asked for ``sprint``: the organisation's plannable use cases with their
    dependencies, the team's capacity (or ``capacity_days``) and the lead's constraints."""
    return organisation_problem(
        organisation=sprint.organisation,
        capacity_days=sprint_capacity(sprint=sprint) if capacity_days is None else capacity_days,
        constraints=lambda known: sprint_constraints(sprint, known),
    )


def organisation_problem(
    *,
    organisation: Organisation,
    capacity_days: float,
    constraints: Callable[[set[int]], Constraints] = lambda known: Constraints(),
) -> PlanningProblem:
    """The organisation's plannable use cases with their recorded dependencies, for a capacity;
    ``constraints`` makes the lead's constraints from the ids of the plannable use cases."""
    rows = plan_candidates(organisation=organisation)
    by_id = {row.id: row for row in rows}
    needs = _depends_on(organisation, set(by_id))
    problem = Problem(
        candidates=tuple(
            Candidate(
                id=row.id,
                value=row.value,
                effort_days=row.effort_days,
                risk=row.risk,  # type: ignore[arg-type]
                data_readiness=row.data_readiness,  # type: ignore[arg-type]
                departments=row.departments,
                theme=row.theme,
                cross_departmental=row.cross_departmental,
                depends_on=frozenset(needs.get(row.id, ())),
                score=row.score,
            )
            for row in rows
        ),
        capacity_days=capacity_days,
        constraints=constraints(set(by_id)),
    )
    return PlanningProblem(problem, by_id)


@dataclass(frozen=True)
class ProposalRow:
    candidate: PlanCandidate
    selected: bool
    reason: str
    related: tuple[str, ...]  # references of the use cases the reason is about
    department: int | None
    in_greedy: bool


@dataclass(frozen=True)
class Proposal:
    capacity_days: float
    plan: Plan | None
    infeasible: Infeasible | None
    rows: list[ProposalRow]

    @property
    def selected(self) -> list[ProposalRow]:
        return [row for row in self.rows if row.selected]


def sprint_proposal(*, sprint: Sprint) -> Proposal:
    """The planner's proposal for ``sprint``, with per use case why it is in or out and whether
    the naive pick by score takes it; ``infeasible`` when the lead's constraints clash."""
    planning = sprint_problem(sprint=sprint)
    problem = planning.problem
    try:
        result = plan(problem)
    except Infeasible as clash:
        return Proposal(problem.capacity_days, None, clash, [])
    refs = {i: c.reference for i, c in planning.candidates.items()}
    greedy = set(result.greedy)
    rows = [
        ProposalRow(
            candidate=planning.candidates[verdict.id],
            selected=verdict.selected,
            reason=str(verdict.reason),
            related=tuple(refs.get(i, f"#{i}") for i in verdict.related),
            department=verdict.department,
            in_greedy=verdict.id in greedy,
        )
        for verdict in result.verdicts
    ]
    rows.sort(key=lambda row: (not row.selected, -row.candidate.score, row.candidate.number))
    return Proposal(problem.capacity_days, result, None, rows)


# --- the board ---


@dataclass
class Board:
    sprint: Sprint
    columns: list[tuple[str, str, list[SprintItem]]]  # value, label, items
    days_left: int
    blocked: int


def sprint_items(*, sprint: Sprint) -> QuerySet[SprintItem]:
    return sprint.items.select_related("usecase", "owner__user").prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.order_by("-measured_on", "-pk"))
    )


def days_left(sprint: Sprint, *, today: dt.date | None = None) -> int:
    """Calendar days until the end of the time box, the last day included; 0 once it is over."""
    today = today or clock.today()
    return max(0, (sprint.ends_on - today).days + 1)


def sprint_board(*, sprint: Sprint) -> Board:
    items = list(sprint_items(sprint=sprint))
    columns = [
        (str(value), str(label), [i for i in items if i.column == value])
        for value, label in Column.choices
    ]
    return Board(sprint, columns, days_left(sprint), sum(1 for i in items if i.blocker))


# --- outcomes ---


@dataclass(frozen=True)
class Delivered:
    """A delivered use case of a sprint: its estimate and its latest measurement."""

    item: SprintItem
    estimated_hours: float | None  # the backlog's estimate of hours saved per month
    measured_hours: float | None  # the latest measurement
    users: int | None
    measured_on: dt.date | None
    hourly_cost_eur: float

    @property
    def realised_eur(self) -> float:
        """Value per year as measured: hours saved per month * 12 * the hourly cost."""
        return (self.measured_hours or 0.0) * MONTHS_PER_YEAR * self.hourly_cost_eur

    @property
    def estimated_eur(self) -> float:
        return (self.estimated_hours or 0.0) * MONTHS_PER_YEAR * self.hourly_cost_eur

    @property
    def ratio(self) -> float | None:
        """Measured over estimated hours; None without a measurement or an estimate above 0."""
        if self.measured_hours is None or not self.estimated_hours:
            return None
        return self.measured_hours / self.estimated_hours


@dataclass(frozen=True)
class Honesty:
    """How the measured hours compare with the estimates, over the use cases that have both."""

    count: int
    median: float | None
    low: float | None  # the lower quartile of measured ÷ estimated
    high: float | None  # the upper quartile
    lowest: float | None
    highest: float | None
    within_half: int  # how many measured between half and double the estimate


@dataclass
class Outcomes:
    delivered: list[Delivered]
    by_sprint: list[tuple[Sprint, float, float]]  # sprint, estimated €/yr, realised €/yr
    by_department: list[tuple[str, float, float]]
    estimated_eur: float
    realised_eur: float
    honesty: Honesty
    hourly_cost_eur: float
    unmeasured: int = 0


def _quartiles(numbers: list[float]) -> tuple[float, float]:
    if len(numbers) < 2:
        return numbers[0], numbers[0]
    low, _mid, high = statistics.quantiles(numbers, n=4, method="inclusive")
    return low, high


def honesty_of(delivered: list[Delivered]) -> Honesty:
    ratios = sorted(d.ratio for d in delivered if d.ratio is not None)
    if not ratios:
        return Honesty(0, None, None, None, None, None, 0)
    low, high = _quartiles(ratios)
    return Honesty(
        count=len(ratios),
        median=statistics.median(ratios),
        low=low,
        high=high,
        lowest=ratios[0],
        highest=ratios[-1],
        within_half=sum(1 for r in ratios if 0.5 <= r <= 2.0),
    )


def _hours(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def delivered_list(*, organisation: Organisation, sprint: Sprint | None = None) -> list[Delivered]:
    """The use cases delivered (piloted or live) in the organisation's closed sprints, or in
    ``sprint``, each with the backlog's estimate and its latest measurement."""
    hourly = float(weights_for(organisation=organisation).hourly_cost_eur)
    items = SprintItem.objects.filter(
        sprint__organisation=organisation, outcome__in=DELIVERED
    ).select_related("sprint", "usecase", "owner__user")
    if sprint is not None:
        items = items.filter(sprint=sprint)
    items = items.prefetch_related(
        "usecase__departments",
        Prefetch("measurements", queryset=Measurement.objects.order_by("-measured_on", "-pk")),
    ).order_by("-sprint__starts_on", "pk")
    found = []
    for item in items:
        latest = next(iter(item.measurements.all()), None)
        found.append(
            Delivered(
                item=item,
                estimated_hours=_hours(item.usecase.hours_saved_per_month),
                measured_hours=_hours(latest.hours_saved_per_month) if latest else None,
                users=latest.users if latest else None,
                measured_on=latest.measured_on if latest else None,
                hourly_cost_eur=hourly,
            )
        )
    return found


def outcomes(*, organisation: Organisation) -> Outcomes:
    """Realised value per sprint, per department and for the programme, and the estimates'
    honesty. A use case of several departments counts for each of them equally."""
    delivered = delivered_list(organisation=organisation)
    per_sprint: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    sprints: dict[int, Sprint] = {}
    per_department: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for entry in delivered:
        sprint = entry.item.sprint
        sprints[sprint.pk] = sprint
        per_sprint[sprint.pk][0] += entry.estimated_eur
        per_sprint[sprint.pk][1] += entry.realised_eur
        departments = [d.name for d in entry.item.usecase.departments.all()] or ["—"]
        for name in departments:
            per_department[name][0] += entry.estimated_eur / len(departments)
            per_department[name][1] += entry.realised_eur / len(departments)
    hourly = float(weights_for(organisation=organisation).hourly_cost_eur)
    return Outcomes(
        delivered=delivered,
        by_sprint=[(sprints[pk], est, real) for pk, (est, real) in per_sprint.items()],
        by_department=sorted((name, e, r) for name, (e, r) in per_department.items()),
        estimated_eur=sum(d.estimated_eur for d in delivered),
        realised_eur=sum(d.realised_eur for d in delivered),
        honesty=honesty_of(delivered),
        hourly_cost_eur=hourly,
        unmeasured=sum(1 for d in delivered if d.measured_hours is None),
    )
