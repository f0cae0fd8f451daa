"""AI sprints over the API, with the same permissions as the pages: everyone reads sprints,
proposals, the board, check-ins and outcomes; the lead (``Perm.PLAN_SPRINTS``) creates and plans
sprints, accepts a plan, closes and measures; the team moves its cards and writes check-ins."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import P, PathEx, Router

from koers.backlog.selectors.usecases import usecase_get
from koers.core.http import get_or_404
from koers.orgs.api import (
    BODY_ERRORS,
    ERRORS,
    OrgSlug,
    OrgSlugWith,
    api_org_context,
    of_organisation,
)
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.sprints.models.sprint import Dependency, Measurement, Sprint, SprintItem, TeamMember
from koers.sprints.schemas.sprints import (
    SprintCheckInIn,
    SprintCheckInOut,
    SprintCloseIn,
    SprintConstraintsIn,
    SprintDeliveredOut,
    SprintDependencyIn,
    SprintDependencyOut,
    SprintHonestyOut,
    SprintIn,
    SprintItemIn,
    SprintItemOut,
    SprintMeasurementIn,
    SprintMeasurementOut,
    SprintOut,
    SprintOutcomesOut,
    SprintPlanIn,
    SprintProposalOut,
    SprintProposalRowOut,
    SprintSummaryOut,
    SprintTeamMemberIn,
    SprintTeamMemberOut,
    SprintValueOut,
)
from koers.sprints.selectors import sprints as selectors
from koers.sprints.services import sprints as services

router = Router(tags=["sprints"])

SprintId = PathEx[Annotated[int, of_organisation(Sprint)], P(description="The sprint's id.")]
ItemId = PathEx[
    Annotated[int, of_organisation(SprintItem, organisation="sprint__organisation")],
    P(description="The board item's id."),
]
DependencyId = PathEx[
    Annotated[int, of_organisation(Dependency)], P(description="The dependency's id.")
]
Planner = OrgSlugWith[str, Perm.PLAN_SPRINTS]


def _sprint(ctx: OrgContext, pk: int) -> Sprint:
    return get_or_404(selectors.sprint_get, organisation=ctx.organisation, pk=pk)


def _item(ctx: OrgContext, pk: int) -> SprintItem:
    return get_or_404(selectors.item_get, organisation=ctx.organisation, pk=pk)


def _item_out(item: SprintItem) -> SprintItemOut:
    return SprintItemOut(
        id=item.pk,
        usecase_id=item.usecase_id,
        reference=item.usecase.reference,
        title=item.usecase.title,
        column=item.column,
        owner_membership_id=item.owner_id,
        blocker=item.blocker,
        value=item.value,
        effort_days=item.effort_days,
        outcome=item.outcome,
        outcome_reason=item.outcome_reason,
    )


def _member_out(member: TeamMember) -> SprintTeamMemberOut:
    user = member.membership.user
    return SprintTeamMemberOut(
        id=member.pk,
        membership_id=member.membership_id,
        name=user.name or user.email,
        role=member.role,
        capacity_days=float(member.capacity_days),
    )


def _sprint_out(sprint: Sprint) -> SprintOut:
    return SprintOut(
        id=sprint.pk,
        name=sprint.name,
        goals=sprint.goals,
        starts_on=sprint.starts_on,
        ends_on=sprint.ends_on,
        status=sprint.status,
        days_left=selectors.days_left(sprint),
        capacity_days=selectors.sprint_capacity(sprint=sprint),
        constraints=SprintConstraintsIn(
            max_risk=sprint.max_risk or None,  # type: ignore[arg-type]
            min_data_readiness=sprint.min_data_readiness or None,  # type: ignore[arg-type]
            max_per_department=sprint.max_per_department,
            cross_departmental=sprint.cross_departmental,
            must_include=list(sprint.must_include),
            must_exclude=list(sprint.must_exclude),
        ),
        planned_value=sprint.planned_value,
        greedy_value=sprint.greedy_value,
        went_well=sprint.went_well,
        went_badly=sprint.went_badly,
        next_steps=sprint.next_steps,
        team=[_member_out(m) for m in selectors.sprint_team(sprint=sprint)],
        items=[_item_out(i) for i in selectors.sprint_items(sprint=sprint)],
    )


@router.get(
    "/orgs/{org}/sprints",
    response={200: list[SprintSummaryOut], **ERRORS},
    summary="The organisation's AI sprints, the latest first",
    operation_id="sprints_list",
)
def sprint_list(request: HttpRequest, org: OrgSlug) -> list[Sprint]:
    ctx = api_org_context(request, org)
    return list(selectors.sprint_list(organisation=ctx.organisation))


@router.post(
    "/orgs/{org}/sprints",
    response={201: SprintOut, **BODY_ERRORS},
    summary="Create an AI sprint (in planning; a two-week time box by default)",
    operation_id="sprint_create",
)
def sprint_create(request: HttpRequest, org: Planner, payload: SprintIn) -> tuple[int, SprintOut]:
    ctx = api_org_context(request, org)
    sprint = services.sprint_create(
        ctx,
        name=payload.name,
        goals=payload.goals,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return 201, _sprint_out(sprint)


@router.get(
    "/orgs/{org}/sprints/{id}",
    response={200: SprintOut, **ERRORS},
    summary="One AI sprint: its team, constraints, board and retrospective",
    operation_id="sprint_get",
)
def sprint_get(request: HttpRequest, org: OrgSlug, id: SprintId) -> SprintOut:
    ctx = api_org_context(request, org)
    return _sprint_out(_sprint(ctx, id))


@router.put(
    "/orgs/{org}/sprints/{id}/constraints",
    response={200: SprintOut, **BODY_ERRORS},
    summary="Set the planning constraints (while the sprint is in planning)",
    operation_id="sprint_constraints_set",
)
def constraints_set(
    request: HttpRequest, org: Planner, id: SprintId, payload: SprintConstraintsIn
) -> SprintOut:
    ctx = api_org_context(request, org)
    sprint = services.sprint_set_constraints(
        ctx,
        sprint=_sprint(ctx, id),
        max_risk=payload.max_risk or "",
        min_data_readiness=payload.min_data_readiness or "",
        max_per_department=payload.max_per_department,
        cross_departmental=payload.cross_departmental,
        must_include=payload.must_include,
        must_exclude=payload.must_exclude,
    )
    return _sprint_out(sprint)


@router.put(
    "/orgs/{org}/sprints/{id}/team",
    response={200: SprintOut, **BODY_ERRORS},
    summary="Put a member on the team, or change their role and capacity",
    operation_id="sprint_team_set",
)
def team_set(
    request: HttpRequest, org: Planner, id: SprintId, payload: SprintTeamMemberIn
) -> SprintOut:
    ctx = api_org_context(request, org)
    sprint = _sprint(ctx, id)
    membership = get_or_404(
        selectors.member_get, organisation=ctx.organisation, pk=payload.membership_id
    )
    services.team_member_add(
        ctx,
        sprint=sprint,
        membership=membership,
        role=payload.role,
        capacity_days=payload.capacity_days,
    )
    return _sprint_out(sprint)


@router.get(
    "/orgs/{org}/sprints/{id}/proposal",
    response={200: SprintProposalOut, **ERRORS},
    summary="The planner's proposal for the sprint, beside the naive pick by score",
    description="The most valuable plan within the team's capacity and the lead's "
    "constraints, proven optimal; per use case why it is in or out (docs/sprints.md).",
    operation_id="sprint_proposal",
)
def proposal(request: HttpRequest, org: OrgSlug, id: SprintId) -> SprintProposalOut:
    ctx = api_org_context(request, org)
    found = selectors.sprint_proposal(sprint=_sprint(ctx, id))
    result = found.plan
    return SprintProposalOut(
        capacity_days=found.capacity_days,
        feasible=result is not None,
        conflict=found.infeasible.conflict if found.infeasible else "",
        message=str(found.infeasible) if found.infeasible else "",
        value=result.value if result else 0.0,
        effort_days=result.effort_days if result else 0.0,
        greedy_value=result.greedy_value if result else 0.0,
        left_on_table=result.left_on_table if result else 0.0,
        proven_optimal=result.proven_optimal if result else False,
        selected=list(result.selected) if result else [],
        candidates=[
            SprintProposalRowOut(
                usecase_id=row.candidate.id,
                reference=row.candidate.reference,
                value=row.candidate.value,
                effort_days=row.candidate.effort_days,
                selected=row.selected,
                reason=row.reason,
                related=list(row.related),
                in_greedy=row.in_greedy,
            )
            for row in found.rows
        ],
    )


@router.post(
    "/orgs/{org}/sprints/{id}/plan",
    response={200: SprintOut, **BODY_ERRORS},
    summary="Accept a plan: the proposal or an adjustment of it; the sprint starts",
    description="The plan is checked against the capacity and every constraint first; a broken "
    "one answers 422 naming it, and nothing is stored.",
    operation_id="sprint_plan_accept",
)
def plan_accept(
    request: HttpRequest, org: Planner, id: SprintId, payload: SprintPlanIn
) -> SprintOut:
    ctx = api_org_context(request, org)
    sprint = services.sprint_accept_plan(
        ctx, sprint=_sprint(ctx, id), usecase_ids=payload.usecase_ids
    )
    return _sprint_out(sprint)


@router.patch(
    "/orgs/{org}/sprint-items/{id}",
    response={200: SprintItemOut, **BODY_ERRORS},
    summary="Move a board item, give it an owner, note or clear its blocker",
    description="The sprint's team or the lead, while the sprint runs.",
    operation_id="sprint_item_update",
)
def item_update(
    request: HttpRequest, org: OrgSlug, id: ItemId, payload: SprintItemIn
) -> SprintItemOut:
    ctx = api_org_context(request, org)
    item = _item(ctx, id)
    changes: dict[str, object] = {}
    if payload.column is not None:
        changes["column"] = payload.column
    if payload.blocker is not None:
        changes["blocker"] = payload.blocker
    if payload.clear_owner:
        changes["owner"] = None
    elif payload.owner_membership_id:
        changes["owner"] = get_or_404(
            selectors.member_get, organisation=ctx.organisation, pk=payload.owner_membership_id
        )
    return _item_out(services.item_update(ctx, item=item, **changes))  # type: ignore[arg-type]


@router.get(
    "/orgs/{org}/sprints/{id}/checkins",
    response={200: list[SprintCheckInOut], **ERRORS},
    summary="The sprint's check-in log, the latest first",
    operation_id="sprint_checkins",
)
def checkin_list(request: HttpRequest, org: OrgSlug, id: SprintId) -> list[SprintCheckInOut]:
    ctx = api_org_context(request, org)
    return [
        SprintCheckInOut(
            id=c.pk,
            on=c.on,
            author=(c.author.name or c.author.email) if c.author else "",
            text=c.text,
        )
        for c in selectors.checkin_list(sprint=_sprint(ctx, id))
    ]


@router.post(
    "/orgs/{org}/sprints/{id}/checkins",
    response={201: SprintCheckInOut, **BODY_ERRORS},
    summary="Write a check-in (the sprint's team or the lead)",
    operation_id="sprint_checkin_create",
)
def checkin_create(
    request: HttpRequest, org: OrgSlug, id: SprintId, payload: SprintCheckInIn
) -> tuple[int, SprintCheckInOut]:
    ctx = api_org_context(request, org)
    checkin = services.checkin_create(ctx, sprint=_sprint(ctx, id), text=payload.text)
    author = ctx.user.name or ctx.user.email
    return 201, SprintCheckInOut(id=checkin.pk, on=checkin.on, author=author, text=checkin.text)


@router.post(
    "/orgs/{org}/sprints/{id}/close",
    response={200: SprintOut, **BODY_ERRORS},
    summary="Close a running sprint with its retrospective and an outcome per item",
    description="Each use case's stage follows its outcome: piloted to pilot, live to live, "
    "parked back to selected, stopped (with a reason) to retired.",
    operation_id="sprint_close",
)
def sprint_close(
    request: HttpRequest, org: Planner, id: SprintId, payload: SprintCloseIn
) -> SprintOut:
    ctx = api_org_context(request, org)
    sprint = services.sprint_close(
        ctx,
        sprint=_sprint(ctx, id),
        went_well=payload.went_well,
        went_badly=payload.went_badly,
        next_steps=payload.next_steps,
        outcomes={o.item_id: services.ItemOutcome(o.outcome, o.reason) for o in payload.outcomes},
    )
    return _sprint_out(sprint)


def _measurement_out(m: Measurement) -> SprintMeasurementOut:
    return SprintMeasurementOut(
        id=m.pk,
        item_id=m.item_id,
        measured_on=m.measured_on,
        hours_saved_per_month=float(m.hours_saved_per_month),
        users=m.users,
        quality_notes=m.quality_notes,
    )


@router.get(
    "/orgs/{org}/sprint-items/{id}/measurements",
    response={200: list[SprintMeasurementOut], **ERRORS},
    summary="The measurements of a delivered use case, the latest first",
    operation_id="sprint_measurements",
)
def measurement_list(request: HttpRequest, org: OrgSlug, id: ItemId) -> list[SprintMeasurementOut]:
    ctx = api_org_context(request, org)
    item = _item(ctx, id)
    return [_measurement_out(m) for m in item.measurements.order_by("-measured_on", "-pk")]


@router.post(
    "/orgs/{org}/sprint-items/{id}/measurements",
    response={201: SprintMeasurementOut, **BODY_ERRORS},
    summary="Record a measurement of a piloted or live use case",
    operation_id="sprint_measurement_create",
)
def measurement_create(
    request: HttpRequest, org: Planner, id: ItemId, payload: SprintMeasurementIn
) -> tuple[int, SprintMeasurementOut]:
    ctx = api_org_context(request, org)
    measurement = services.measurement_record(
        ctx,
        item=_item(ctx, id),
        measured_on=payload.measured_on,
        hours_saved_per_month=payload.hours_saved_per_month,
        users=payload.users,
        quality_notes=payload.quality_notes,
    )
    return 201, _measurement_out(measurement)


@router.get(
    "/orgs/{org}/sprint-outcomes",
    response={200: SprintOutcomesOut, **ERRORS},
    summary="Realised value per sprint, department and programme, and the estimates' honesty",
    description="Realised: the latest measured hours saved per month x 12 x the hourly cost; "
    "estimated: the backlog's estimate the same way (docs/sprints.md).",
    operation_id="sprint_outcomes",
)
def outcomes(request: HttpRequest, org: OrgSlug) -> SprintOutcomesOut:
    ctx = api_org_context(request, org)
    result = selectors.outcomes(organisation=ctx.organisation)
    h = result.honesty
    return SprintOutcomesOut(
        hourly_cost_eur=result.hourly_cost_eur,
        estimated_eur_per_year=result.estimated_eur,
        realised_eur_per_year=result.realised_eur,
        by_sprint=[
            SprintValueOut(label=s.name, estimated_eur_per_year=e, realised_eur_per_year=r)
            for s, e, r in result.by_sprint
        ],
        by_department=[
            SprintValueOut(label=n, estimated_eur_per_year=e, realised_eur_per_year=r)
            for n, e, r in result.by_department
        ],
        honesty=SprintHonestyOut(
            count=h.count,
            median=h.median,
            lower_quartile=h.low,
            upper_quartile=h.high,
            lowest=h.lowest,
            highest=h.highest,
            within_half_to_double=h.within_half,
        ),
        delivered=[
            SprintDeliveredOut(
                item_id=d.item.pk,
                sprint_id=d.item.sprint_id,
                reference=d.item.usecase.reference,
                outcome=d.item.outcome,
                estimated_hours_per_month=d.estimated_hours,
                measured_hours_per_month=d.measured_hours,
                users=d.users,
                measured_on=d.measured_on,
                ratio=d.ratio,
                realised_eur_per_year=d.realised_eur,
            )
            for d in result.delivered
        ],
    )


def _dependency_out(d: Dependency) -> SprintDependencyOut:
    return SprintDependencyOut(
        id=d.pk,
        usecase_id=d.usecase_id,
        needs_id=d.needs_id,
        usecase=d.usecase.reference,
        needs=d.needs.reference,
    )


@router.get(
    "/orgs/{org}/dependencies",
    response={200: list[SprintDependencyOut], **ERRORS},
    summary="The recorded 'needs first' between use cases, which the planner respects",
    operation_id="sprint_dependencies",
)
def dependency_list(request: HttpRequest, org: OrgSlug) -> list[SprintDependencyOut]:
    ctx = api_org_context(request, org)
    return [_dependency_out(d) for d in selectors.dependency_list(organisation=ctx.organisation)]


@router.post(
    "/orgs/{org}/dependencies",
    response={201: SprintDependencyOut, **BODY_ERRORS},
    summary="Record that a use case needs another one first",
    operation_id="sprint_dependency_create",
)
def dependency_create(
    request: HttpRequest, org: Planner, payload: SprintDependencyIn
) -> tuple[int, SprintDependencyOut]:
    ctx = api_org_context(request, org)
    usecase = get_or_404(usecase_get, organisation=ctx.organisation, pk=payload.usecase_id)
    needs = get_or_404(usecase_get, organisation=ctx.organisation, pk=payload.needs_id)
    return 201, _dependency_out(services.dependency_add(ctx, usecase=usecase, needs=needs))


@router.delete(
    "/orgs/{org}/dependencies/{id}",
    response={204: None, **ERRORS},
    summary="Remove a dependency",
    operation_id="sprint_dependency_delete",
)
def dependency_delete(request: HttpRequest, org: Planner, id: DependencyId) -> tuple[int, None]:
    ctx = api_org_context(request, org)
    dependency = get_or_404(selectors.dependency_get, organisation=ctx.organisation, pk=id)
    services.dependency_remove(ctx, dependency=dependency)
    return 204, None
