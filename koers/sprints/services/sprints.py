"""Writing sprints: create and plan one (team, constraints, dependencies), accept a plan, run the
board and the check-in log, close it with a retrospective and outcomes, and record measurements.

Each write checks the permission, runs in one transaction and records a ``Change``. The lead
(``Perm.PLAN_SPRINTS``) plans, accepts, closes and measures; the sprint's team moves its cards
and writes check-ins. A use case's stage moves only through the backlog's own service, one
lifecycle step at a time, each step in its history:

- accepting a plan: to *in sprint* (through assessed and selected where it was not yet);
- outcome piloted: *pilot*; live: *pilot*, then *live*; parked: back to *selected*;
  stopped: *retired* (the idea was taken up and tried; *rejected* is for ideas never taken up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.backlog.selectors.usecases import usecase_get
from koers.backlog.services.usecases import LIFECYCLE, usecase_change_stage
from koers.core import clock
from koers.core.services import change_by, diff_fields
from koers.orgs.permissions import Perm
from koers.sprints.models.sprint import (
    DEFAULT_LENGTH,
    DELIVERED,
    CheckIn,
    Column,
    Dependency,
    Measurement,
    Outcome,
    Sprint,
    SprintItem,
    Status,
    TeamMember,
    TeamRole,
)
from koers.sprints.planner import plan
from koers.sprints.planner.check import Violation, violations
from koers.sprints.planner.problem import RISKS
from koers.sprints.selectors.sprints import on_team, sprint_problem

if TYPE_CHECKING:
    from koers.backlog.models.usecases import UseCase
    from koers.orgs.models import Membership
    from koers.orgs.tenancy import OrgContext

MAX_NAME = 120
MAX_TEXT = 4000
MAX_CHECKIN = 1000
MAX_BLOCKER = 500
MAX_LENGTH_DAYS = 92  # a time box of at most about three months
MAX_CAPACITY_DAYS = Decimal("100")  # per member per sprint
MAX_TEAM = 50
MAX_ITEMS = 50
MAX_HOURS = Decimal("100000")
MAX_USERS = 1_000_000
MAX_DEPENDENCIES = 1000
READINESS_LEVELS = ("partial", "ready")

UNSET: Any = object()

# Where each outcome takes the use case (see the module's docstring).
OUTCOME_STAGE = {
    Outcome.PILOTED: "pilot",
    Outcome.LIVE: "live",
    Outcome.PARKED: "selected",
    Outcome.STOPPED: "retired",
}


def _too_long(most: int) -> str:
    return _("Keep it under %(most)s characters, please.") % {"most": most}


def _require_open(sprint: Sprint) -> None:
    if sprint.status == Status.CLOSED:
        raise ValidationError(_("This AI sprint is closed; it can no longer change."))


def _require_planning(sprint: Sprint) -> None:
    if sprint.status != Status.PLANNING:
        raise ValidationError(_("The plan of this AI sprint is accepted; it can no longer change."))


def _require_team_or_lead(ctx: OrgContext, sprint: Sprint) -> None:
    if not (ctx.can(Perm.PLAN_SPRINTS) or on_team(ctx, sprint=sprint)):
        raise PermissionDenied


def _dates(starts_on: dt.date | None, ends_on: dt.date | None) -> tuple[dt.date, dt.date]:
    start = starts_on or clock.today()
    end = ends_on or start + DEFAULT_LENGTH - dt.timedelta(days=1)
    if end < start:
        raise ValidationError({"ends_on": [_("The end date comes before the start date.")]})
    if (end - start).days + 1 > MAX_LENGTH_DAYS:
        raise ValidationError(
            {
                "ends_on": [
                    _("An AI sprint lasts at most %(days)s days.") % {"days": MAX_LENGTH_DAYS}
                ]
            }
        )
    return start, end


def _name_and_goals(name: str, goals: str) -> tuple[str, str]:
    name, goals = str(name or "").strip(), str(goals or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the AI sprint a name.")]
    elif len(name) > MAX_NAME:
        errors["name"] = [_too_long(MAX_NAME)]
    if len(goals) > MAX_TEXT:
        errors["goals"] = [_too_long(MAX_TEXT)]
    if errors:
        raise ValidationError(errors)
    return name, goals


def _snapshot(sprint: Sprint) -> dict[str, object]:
    return {
        name: getattr(sprint, name)
        for name in (
            "name",
            "goals",
            "starts_on",
            "ends_on",
            "status",
            "max_risk",
            "min_data_readiness",
            "max_per_department",
            "cross_departmental",
            "must_include",
            "must_exclude",
            "went_well",
            "went_badly",
            "next_steps",
        )
    }


@transaction.atomic
def sprint_create(
    ctx: OrgContext,
    *,
    name: str,
    goals: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Sprint:
    """A new sprint in planning; its time box is two weeks from the start when no end is given."""
    ctx.require(Perm.PLAN_SPRINTS)
    name, goals = _name_and_goals(name, goals)
    start, end = _dates(starts_on, ends_on)
    sprint = Sprint.objects.create(
        organisation=ctx.organisation,
        name=name,
        goals=goals,
        starts_on=start,
        ends_on=end,
        created_by=ctx.user,
    )
    change_by(ctx, sprint, action="created", fields=diff_fields({}, _snapshot(sprint)))
    return sprint


@transaction.atomic
def sprint_update(
    ctx: OrgContext,
    *,
    sprint: Sprint,
    name: str,
    goals: str,
    starts_on: dt.date,
    ends_on: dt.date,
) -> Sprint:
    ctx.require(Perm.PLAN_SPRINTS)
    _require_open(sprint)
    before = _snapshot(sprint)
    sprint.name, sprint.goals = _name_and_goals(name, goals)
    sprint.starts_on, sprint.ends_on = _dates(starts_on, ends_on)
    sprint.save(update_fields=["name", "goals", "starts_on", "ends_on", "updated_at"])
    change_by(ctx, sprint, action="updated", fields=diff_fields(before, _snapshot(sprint)))
    return sprint


def _ids(values: Iterable[object], field: str) -> list[int]:
    try:
        ids = sorted({int(str(v)) for v in values})
    except ValueError:
        raise ValidationError({field: [_("Choose AI applications from the list.")]}) from None
    if len(ids) > MAX_ITEMS:
        raise ValidationError({field: [_("Choose at most %(most)s.") % {"most": MAX_ITEMS}]})
    return ids


@transaction.atomic
def sprint_set_constraints(
    ctx: OrgContext,
    *,
    sprint: Sprint,
    max_risk: str = "",
    min_data_readiness: str = "",
    max_per_department: int | None = None,
    cross_departmental: bool = False,
    must_include: Iterable[object] = (),
    must_exclude: Iterable[object] = (),
) -> Sprint:
    """The lead's planning constraints; must-include and must-exclude name use cases that can
    go into a sprint now (open, estimated, not yet in a sprint)."""
    ctx.require(Perm.PLAN_SPRINTS)
    _require_planning(sprint)
    errors: dict[str, list[str]] = {}
    if max_risk and max_risk not in RISKS:
        errors["max_risk"] = [_("Choose low, medium or high.")]
    if min_data_readiness and min_data_readiness not in READINESS_LEVELS:
        errors["min_data_readiness"] = [_("Choose partly ready or ready.")]
    if max_per_department is not None and not 1 <= max_per_department <= MAX_ITEMS:
        errors["max_per_department"] = [
            _("Enter a whole number from 1 to %(most)s.") % {"most": MAX_ITEMS}
        ]
    include = _ids(must_include, "must_include")
    exclude = _ids(must_exclude, "must_exclude")
    known = set(sprint_problem(sprint=sprint).candidates)
    for field, ids in (("must_include", include), ("must_exclude", exclude)):
        if set(ids) - known:
            errors[field] = [_("Choose AI applications that can go into an AI sprint now.")]
    if set(include) & set(exclude):
        errors["must_exclude"] = [_("An AI application cannot be both included and left out.")]
    if errors:
        raise ValidationError(errors)
    before = _snapshot(sprint)
    sprint.max_risk = max_risk
    sprint.min_data_readiness = min_data_readiness
    sprint.max_per_department = max_per_department
    sprint.cross_departmental = bool(cross_departmental)
    sprint.must_include = include
    sprint.must_exclude = exclude
    fields = [
        "max_risk",
        "min_data_readiness",
        "max_per_department",
        "cross_departmental",
        "must_include",
        "must_exclude",
        "updated_at",
    ]
    sprint.save(update_fields=fields)
    change_by(ctx, sprint, action="constraints_set", fields=diff_fields(before, _snapshot(sprint)))
    return sprint


def _capacity(value: object) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        number = Decimal(-1)
    if not number.is_finite() or not Decimal("0.5") <= number <= MAX_CAPACITY_DAYS:
        raise ValidationError(
            {
                "capacity_days": [
                    _("Enter a number of person-days from 0.5 to %(most)s.")
                    % {"most": MAX_CAPACITY_DAYS}
                ]
            }
        )
    return number.quantize(Decimal("0.1"))


@transaction.atomic
def team_member_add(
    ctx: OrgContext, *, sprint: Sprint, membership: Membership, role: str, capacity_days: object
) -> TeamMember:
    """Put a member on the team (or change their role and capacity when they are on it)."""
    ctx.require(Perm.PLAN_SPRINTS)
    _require_open(sprint)
    if membership.organisation_id != ctx.organisation.pk or not membership.is_active:
        raise ValidationError({"membership": [_("Choose a member of this organisation.")]})
    if role not in TeamRole.values:
        raise ValidationError({"role": [_("Choose a role in the AI sprint.")]})
    capacity = _capacity(capacity_days)
    member = TeamMember.objects.filter(sprint=sprint, membership=membership).first()
    if member is None:
        if sprint.team.count() >= MAX_TEAM:
            raise ValidationError(_("A team has at most %(most)s members.") % {"most": MAX_TEAM})
        member = TeamMember.objects.create(
            sprint=sprint, membership=membership, role=role, capacity_days=capacity
        )
        before: dict[str, object] = {}
    else:
        before = {"role": member.role, "capacity_days": member.capacity_days}
        member.role, member.capacity_days = role, capacity
        member.save(update_fields=["role", "capacity_days"])
    change_by(
        ctx,
        sprint,
        action="team_member_set",
        fields=diff_fields(before, {"role": role, "capacity_days": capacity}),
        note=membership.user.name or membership.user.email,
    )
    return member


@transaction.atomic
def team_member_remove(ctx: OrgContext, *, member: TeamMember) -> None:
    ctx.require(Perm.PLAN_SPRINTS)
    _require_open(member.sprint)
    note = member.membership.user.name or member.membership.user.email
    member.delete()
    change_by(ctx, member.sprint, action="team_member_removed", note=note)


def _needs_reach(organisation_id: int, start: int) -> set[int]:
    """Every use case ``start`` needs first, directly or not."""
    edges: dict[int, list[int]] = {}
    for usecase, needs in Dependency.objects.filter(organisation_id=organisation_id).values_list(
        "usecase_id", "needs_id"
    ):
        edges.setdefault(usecase, []).append(needs)
    seen: set[int] = set()
    stack = [start]
    while stack:
        current = stack.pop()
        for nxt in edges.get(current, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


@transaction.atomic
def dependency_add(ctx: OrgContext, *, usecase: UseCase, needs: UseCase) -> Dependency:
    """Record that ``usecase`` needs ``needs`` first; refused when it would go round in a circle."""
    ctx.require(Perm.PLAN_SPRINTS)
    organisation = ctx.organisation.pk
    if usecase.organisation_id != organisation or needs.organisation_id != organisation:
        raise ValidationError({"needs": [_("Choose AI applications of this organisation.")]})
    if usecase.pk == needs.pk:
        raise ValidationError({"needs": [_("An AI application cannot need itself first.")]})
    if usecase.pk in _needs_reach(organisation, needs.pk):
        raise ValidationError(
            {
                "needs": [
                    _("%(needs)s already needs %(usecase)s first: that would go round in a circle.")
                    % {"needs": needs.reference, "usecase": usecase.reference}
                ]
            }
        )
    if Dependency.objects.filter(organisation_id=organisation).count() >= MAX_DEPENDENCIES:
        raise ValidationError(_("There are too many dependencies already."))
    dependency, created = Dependency.objects.get_or_create(
        organisation=ctx.organisation,
        usecase=usecase,
        needs=needs,
        defaults={"created_by": ctx.user},
    )
    if created:
        change_by(ctx, usecase, action="dependency_added", note=needs.reference)
    return dependency


@transaction.atomic
def dependency_remove(ctx: OrgContext, *, dependency: Dependency) -> None:
    ctx.require(Perm.PLAN_SPRINTS)
    usecase, needs = dependency.usecase, dependency.needs
    dependency.delete()
    change_by(ctx, usecase, action="dependency_removed", note=needs.reference)


def violation_message(
    violation: Violation, references: Mapping[int, str], *, capacity_days: float
) -> str:
    """The broken rule in words, naming the use cases concerned."""
    names = ", ".join(references.get(i, f"#{i}") for i in violation.candidates)
    messages = {
        "unknown": _(
            "%(names)s cannot go into an AI sprint now (not open, not estimated or "
            "already in a sprint)."
        ),
        "capacity": _(
            "Capacity: the plan needs %(effort)s person-days; the team has %(capacity)s."
        ),
        "must_include": _("Must include: %(names)s is missing from the plan."),
        "must_exclude": _("Must leave out: %(names)s is in the plan."),
        "max_risk": _("Maximum risk: %(names)s has a higher risk."),
        "data_readiness": _("Data readiness: the data of %(names)s is not ready enough."),
        "dependency": _("Dependencies: %(first)s needs %(rest)s first, which is not in the plan."),
        "department_limit": _(
            "At most per department: too many of %(names)s come from one department."
        ),
        "cross_departmental": _(
            "Cross-departmental: the plan has no AI application of a theme "
            "that spans several departments."
        ),
    }
    refs = [references.get(i, f"#{i}") for i in violation.candidates]
    return messages[violation.rule] % {
        "names": names,
        "effort": f"{violation.effort_days:g}",
        "capacity": f"{capacity_days:g}",
        "first": refs[0] if refs else "",
        "rest": ", ".join(refs[1:]),
    }


def plan_check(*, sprint: Sprint, usecase_ids: Iterable[int]) -> list[str]:
    """Every constraint the selection breaks, in words; empty when it keeps them all."""
    planning = sprint_problem(sprint=sprint)
    references = {i: c.reference for i, c in planning.candidates.items()}
    return [
        violation_message(v, references, capacity_days=planning.problem.capacity_days)
        for v in violations(planning.problem, usecase_ids)
    ]


def _walk_stage(ctx: OrgContext, usecase: UseCase, target: str, *, reason: str = "") -> None:
    """Move ``usecase`` to ``target`` through the backlog's service, one lifecycle step at a
    time (retiring is one step from any stage that allows it)."""
    if usecase.stage == target:
        return
    if target == "retired" or usecase.stage not in LIFECYCLE or target not in LIFECYCLE:
        usecase_change_stage(ctx, usecase=usecase, stage=target, reason=reason)
        return
    here, there = LIFECYCLE.index(usecase.stage), LIFECYCLE.index(target)  # type: ignore[arg-type]
    step = 1 if there > here else -1
    for index in range(here + step, there + step, step):
        usecase_change_stage(ctx, usecase=usecase, stage=LIFECYCLE[index], reason=reason)


@transaction.atomic
def sprint_accept_plan(ctx: OrgContext, *, sprint: Sprint, usecase_ids: Iterable[object]) -> Sprint:
    """Accept a plan (the proposal, or the lead's adjustment of it): checked against the team's
    capacity and every constraint first; a broken one is a ``ValidationError`` naming it and
    nothing is stored. The use cases go on the board and to *in sprint*; the sprint runs."""
    ctx.require(Perm.PLAN_SPRINTS)
    Sprint.objects.select_for_update().filter(pk=sprint.pk).exists()
    sprint.refresh_from_db()
    _require_planning(sprint)
    ids = _ids(usecase_ids, "usecases")
    if not ids:
        raise ValidationError({"usecases": [_("Choose at least one AI application.")]})
    planning = sprint_problem(sprint=sprint)
    broken = plan_check(sprint=sprint, usecase_ids=ids)
    if broken:
        raise ValidationError({"usecases": broken})
    proposal = plan(planning.problem)
    for pk in ids:
        candidate = planning.candidates[pk]
        usecase = usecase_get(organisation=ctx.organisation, pk=pk)
        SprintItem.objects.create(
            sprint=sprint,
            usecase=usecase,
            value=candidate.value,
            effort_days=candidate.effort_days,
        )
        _walk_stage(ctx, usecase, "in_sprint", reason=sprint.name)
    before = _snapshot(sprint)
    sprint.status = Status.RUNNING
    sprint.started_at = clock.now()
    sprint.capacity_days = planning.problem.capacity_days
    sprint.planned_value = sum(planning.candidates[pk].value for pk in ids)
    sprint.greedy_value = proposal.greedy_value
    sprint.save(
        update_fields=[
            "status",
            "started_at",
            "capacity_days",
            "planned_value",
            "greedy_value",
            "updated_at",
        ]
    )
    change_by(
        ctx,
        sprint,
        action="plan_accepted",
        fields=diff_fields(before, _snapshot(sprint)),
        note=", ".join(planning.candidates[pk].reference for pk in ids),
    )
    return sprint


@transaction.atomic
def item_update(
    ctx: OrgContext,
    *,
    item: SprintItem,
    column: str = UNSET,
    owner: Membership | None = UNSET,
    blocker: str = UNSET,
) -> SprintItem:
    """Move a card, give it an owner or note (or clear) its blocker; the team or the lead."""
    sprint = item.sprint
    _require_team_or_lead(ctx, sprint)
    if sprint.status != Status.RUNNING:
        raise ValidationError(_("Only the board of a running AI sprint can change."))
    before = {"column": item.column, "owner": item.owner_id, "blocker": item.blocker}
    if column is not UNSET:
        if column not in Column.values:
            raise ValidationError({"column": [_("Choose a column of the board.")]})
        item.column = column
    if owner is not UNSET:
        if owner is not None and (
            owner.organisation_id != ctx.organisation.pk or not owner.is_active
        ):
            raise ValidationError({"owner": [_("Choose a member of this organisation.")]})
        item.owner = owner
    if blocker is not UNSET:
        blocker = str(blocker or "").strip()
        if len(blocker) > MAX_BLOCKER:
            raise ValidationError({"blocker": [_too_long(MAX_BLOCKER)]})
        item.blocker = blocker
    after = {"column": item.column, "owner": item.owner_id, "blocker": item.blocker}
    fields = diff_fields(before, after)
    if fields:
        item.save(update_fields=["column", "owner", "blocker"])
        change_by(ctx, item, action="item_updated", fields=fields, note=item.usecase.reference)
    return item


@transaction.atomic
def checkin_create(
    ctx: OrgContext, *, sprint: Sprint, text: str, on: dt.date | None = None
) -> CheckIn:
    """A short entry in the sprint's log, by the team or the lead, dated today by default."""
    _require_team_or_lead(ctx, sprint)
    _require_open(sprint)
    text = str(text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write what happened.")]})
    if len(text) > MAX_CHECKIN:
        raise ValidationError({"text": [_too_long(MAX_CHECKIN)]})
    day = on or clock.today()
    if day > clock.today():
        raise ValidationError({"on": [_("A check-in cannot be dated in the future.")]})
    checkin = CheckIn.objects.create(sprint=sprint, author=ctx.user, on=day, text=text)
    change_by(ctx, checkin, action="created", fields={"text": [None, text]})
    return checkin


@dataclass(frozen=True)
class ItemOutcome:
    outcome: str
    reason: str = ""


@transaction.atomic
def sprint_close(
    ctx: OrgContext,
    *,
    sprint: Sprint,
    went_well: str,
    went_badly: str,
    next_steps: str,
    outcomes: Mapping[int, ItemOutcome],
) -> Sprint:
    """Close a running sprint with its retrospective and an outcome for every item (by item id);
    each use case's stage follows its outcome (see the module's docstring)."""
    ctx.require(Perm.PLAN_SPRINTS)
    Sprint.objects.select_for_update().filter(pk=sprint.pk).exists()
    sprint.refresh_from_db()
    if sprint.status != Status.RUNNING:
        raise ValidationError(_("Only a running AI sprint can be closed."))
    texts = {"went_well": went_well, "went_badly": went_badly, "next_steps": next_steps}
    errors: dict[str, list[str]] = {}
    for name, text in texts.items():
        texts[name] = str(text or "").strip()
        if len(texts[name]) > MAX_TEXT:
            errors[name] = [_too_long(MAX_TEXT)]
    items = list(sprint.items.select_related("usecase"))
    for item in items:
        given = outcomes.get(item.pk)
        key = f"outcome_{item.pk}"
        if given is None or given.outcome not in Outcome.values:
            errors[key] = [_("Choose an outcome for %(ref)s.") % {"ref": item.usecase.reference}]
        elif given.outcome == Outcome.STOPPED and not given.reason.strip():
            errors[key] = [
                _("Give the reason %(ref)s was stopped.") % {"ref": item.usecase.reference}
            ]
        elif len(given.reason) > MAX_TEXT:
            errors[key] = [_too_long(MAX_TEXT)]
    if set(outcomes) - {item.pk for item in items}:
        errors["outcomes"] = [_("Give outcomes only for this AI sprint's AI applications.")]
    if errors:
        raise ValidationError(errors)
    for item in items:
        given = outcomes[item.pk]
        item.outcome, item.outcome_reason = given.outcome, given.reason.strip()
        item.save(update_fields=["outcome", "outcome_reason"])
        change_by(
            ctx,
            item,
            action="outcome_set",
            fields={"outcome": [None, item.outcome]},
            note=item.outcome_reason,
        )
        _walk_stage(
            ctx,
            item.usecase,
            OUTCOME_STAGE[Outcome(item.outcome)],
            reason=item.outcome_reason or sprint.name,
        )
    before = _snapshot(sprint)
    sprint.went_well = texts["went_well"]
    sprint.went_badly = texts["went_badly"]
    sprint.next_steps = texts["next_steps"]
    sprint.status = Status.CLOSED
    sprint.closed_at = clock.now()
    sprint.save(
        update_fields=[
            "went_well",
            "went_badly",
            "next_steps",
            "status",
            "closed_at",
            "updated_at",
        ]
    )
    change_by(ctx, sprint, action="closed", fields=diff_fields(before, _snapshot(sprint)))
    return sprint


@transaction.atomic
def measurement_record(
    ctx: OrgContext,
    *,
    item: SprintItem,
    measured_on: dt.date,
    hours_saved_per_month: object,
    users: object,
    quality_notes: str = "",
) -> Measurement:
    """A measurement of a delivered (piloted or live) use case; several over time are kept."""
    ctx.require(Perm.PLAN_SPRINTS)
    if item.outcome not in DELIVERED:
        raise ValidationError(
            _("Only an AI application that was piloted or went live can be measured.")
        )
    errors: dict[str, list[str]] = {}
    try:
        hours = Decimal(str(hours_saved_per_month).strip().replace(",", "."))
    except InvalidOperation:
        hours = Decimal(-1)
    if not hours.is_finite() or not Decimal(0) <= hours <= MAX_HOURS:
        errors["hours_saved_per_month"] = [
            _("Enter a number of hours from 0 to %(most)s.") % {"most": MAX_HOURS}
        ]
    try:
        count = int(str(users).strip())
    except ValueError:
        count = -1
    if not 0 <= count <= MAX_USERS:
        errors["users"] = [_("Enter a whole number from 0 to %(most)s.") % {"most": MAX_USERS}]
    notes = str(quality_notes or "").strip()
    if len(notes) > MAX_TEXT:
        errors["quality_notes"] = [_too_long(MAX_TEXT)]
    if measured_on > clock.today():
        errors["measured_on"] = [_("A measurement cannot be dated in the future.")]
    elif measured_on < item.sprint.starts_on:
        errors["measured_on"] = [_("A measurement cannot be dated before the AI sprint.")]
    if errors:
        raise ValidationError(errors)
    measurement = Measurement.objects.create(
        organisation=ctx.organisation,
        item=item,
        measured_on=measured_on,
        hours_saved_per_month=hours.quantize(Decimal("0.1")),
        users=count,
        quality_notes=notes,
        recorded_by=ctx.user,
    )
    change_by(
        ctx,
        measurement,
        action="created",
        fields=diff_fields(
            {},
            {
                "hours_saved_per_month": measurement.hours_saved_per_month,
                "users": count,
                "measured_on": measured_on,
            },
        ),
        note=item.usecase.reference,
    )
    return measurement
