"""A sprint from plan to measurement, through the services: who may do what, the checks on an
adjusted plan, the use cases' stages following the sprint, and the history it leaves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.backlog.models.usecases import UseCase
from koers.core import clock
from koers.core.models import Change
from koers.orgs.models import Membership, Role
from koers.sprints.models.sprint import CheckIn, Measurement, SprintItem, Status
from koers.sprints.selectors.sprints import (
    days_left,
    delivered_list,
    outcomes,
    sprint_capacity,
    sprint_proposal,
)
from koers.sprints.services.sprints import (
    ItemOutcome,
    checkin_create,
    dependency_add,
    item_update,
    measurement_record,
    sprint_accept_plan,
    sprint_close,
    sprint_create,
    sprint_set_constraints,
    team_member_add,
)
from koers.testing.factories import ctx_for, make_member, make_usecase

pytestmark = pytest.mark.django_db


def _usecase(org, **fields):
    return make_usecase(
        org,
        problem="Writing minutes takes hours.",
        solution="A model drafts the minutes.",
        **{"effort": "days", "data_readiness": "ready", **fields},
    )


@pytest.fixture
def planned(org, lead):
    """A sprint in planning with a team of 8 person-days and three use cases to choose from."""
    ctx = ctx_for(lead, org)
    sprint = sprint_create(ctx, name="Sprint 1", goals="Minutes")
    expert = make_member(org, Role.MEMBER)
    team_member_add(
        ctx,
        sprint=sprint,
        membership=Membership.objects.get(user=expert, organisation=org),
        role="domain_expert",
        capacity_days="8",
    )
    big = _usecase(org, hours_saved_per_month=Decimal("80"))
    small = _usecase(org, hours_saved_per_month=Decimal("20"))
    tiny = _usecase(org, hours_saved_per_month=Decimal("4"))
    return ctx, sprint, expert, (big, small, tiny)


def test_a_new_sprint_is_a_two_week_time_box_in_planning(org, lead):
    sprint = sprint_create(ctx_for(lead, org), name="Sprint", starts_on=dt.date(2026, 3, 2))
    assert (sprint.status, sprint.ends_on) == (Status.PLANNING, dt.date(2026, 3, 15))
    assert days_left(sprint, today=dt.date(2026, 3, 15)) == 1
    assert days_left(sprint, today=dt.date(2026, 3, 16)) == 0


def test_only_leads_plan_sprints(org):
    member = make_member(org, Role.MEMBER)
    with pytest.raises(PermissionDenied):
        sprint_create(ctx_for(member, org), name="Sprint")


def test_the_proposal_fits_the_team_capacity_and_says_what_the_naive_pick_leaves(planned):
    _ctx, sprint, _expert, (big, small, _tiny) = planned
    assert sprint_capacity(sprint=sprint) == 8
    proposal = sprint_proposal(sprint=sprint)
    assert proposal.plan is not None and proposal.plan.proven_optimal
    assert sum(r.candidate.effort_days for r in proposal.selected) <= 8
    assert {r.candidate.id for r in proposal.selected} == {big.pk, small.pk}
    assert {r.reason for r in proposal.rows if not r.selected} == {"lower_value_per_day"}


def test_accepting_the_plan_puts_the_use_cases_in_the_sprint_with_their_history(planned):
    ctx, sprint, _expert, (big, small, _tiny) = planned
    sprint_accept_plan(ctx, sprint=sprint, usecase_ids=[big.pk, small.pk])
    sprint.refresh_from_db()
    assert sprint.status == Status.RUNNING and sprint.planned_value > 0
    assert set(
        UseCase.objects.filter(pk__in=[big.pk, small.pk]).values_list("stage", flat=True)
    ) == {"in_sprint"}
    steps = Change.objects.filter(
        subject="backlog.usecase", subject_id=big.pk, action="stage_changed"
    )
    assert [c.fields["stage"][1] for c in steps.order_by("pk")] == [
        "assessed",
        "selected",
        "in_sprint",
    ]


def test_an_adjusted_plan_that_breaks_a_constraint_is_refused_and_nothing_is_stored(planned):
    ctx, sprint, _expert, (big, small, tiny) = planned
    with pytest.raises(ValidationError) as refused:
        sprint_accept_plan(ctx, sprint=sprint, usecase_ids=[big.pk, small.pk, tiny.pk])
    assert "Capacity: the plan needs 9 person-days; the team has 8." in refused.value.messages
    sprint_set_constraints(ctx, sprint=sprint, must_include=[tiny.pk])
    dependency_add(ctx, usecase=small, needs=big)
    with pytest.raises(ValidationError) as refused:
        sprint_accept_plan(ctx, sprint=sprint, usecase_ids=[small.pk])
    assert refused.value.messages == [
        f"Must include: {tiny.reference} is missing from the plan.",
        f"Dependencies: {small.reference} needs {big.reference} first, which is not in the plan.",
    ]
    assert not SprintItem.objects.exists()
    sprint.refresh_from_db()
    assert sprint.status == Status.PLANNING
    assert UseCase.objects.get(pk=small.pk).stage == "idea"


def test_a_dependency_cannot_go_round_in_a_circle(planned):
    ctx, _sprint, _expert, (big, small, _tiny) = planned
    dependency_add(ctx, usecase=small, needs=big)
    with pytest.raises(ValidationError):
        dependency_add(ctx, usecase=big, needs=small)


def test_the_team_moves_cards_and_writes_check_ins_others_only_read(org, planned):
    ctx, sprint, expert, (big, small, _tiny) = planned
    sprint_accept_plan(ctx, sprint=sprint, usecase_ids=[big.pk, small.pk])
    item = sprint.items.get(usecase=big)
    team = ctx_for(expert, org)
    item_update(team, item=item, column="done", blocker="  ")
    checkin_create(team, sprint=sprint, text="Minutes bot works on test data.")
    outsider = ctx_for(make_member(org, Role.MEMBER), org)
    with pytest.raises(PermissionDenied):
        item_update(outsider, item=item, column="todo")
    with pytest.raises(PermissionDenied):
        checkin_create(outsider, sprint=sprint, text="Hi")
    item.refresh_from_db()
    assert item.column == "done" and CheckIn.objects.filter(sprint=sprint).count() == 1
    with pytest.raises(ValidationError):
        item_update(team, item=item, column="nowhere")


def test_closing_gives_each_use_case_its_outcome_and_stage_and_then_it_is_measured(org, planned):
    ctx, sprint, _expert, (big, small, _tiny) = planned
    sprint_accept_plan(ctx, sprint=sprint, usecase_ids=[big.pk, small.pk])
    items = {i.usecase_id: i for i in sprint.items.all()}
    with pytest.raises(ValidationError) as refused:
        sprint_close(
            ctx,
            sprint=sprint,
            went_well="Fast",
            went_badly="",
            next_steps="",
            outcomes={
                items[big.pk].pk: ItemOutcome("live"),
                items[small.pk].pk: ItemOutcome("stopped"),
            },
        )
    assert f"Give the reason {small.reference} was stopped." in refused.value.messages
    assert UseCase.objects.get(pk=big.pk).stage == "in_sprint"
    sprint_close(
        ctx,
        sprint=sprint,
        went_well="Fast",
        went_badly="Data access",
        next_steps="Roll out",
        outcomes={
            items[big.pk].pk: ItemOutcome("live"),
            items[small.pk].pk: ItemOutcome("stopped", "No data"),
        },
    )
    assert UseCase.objects.get(pk=big.pk).stage == "live"
    assert UseCase.objects.get(pk=small.pk).stage == "retired"
    assert sprint.status == Status.CLOSED
    for item in items.values():
        item.refresh_from_db()
    with pytest.raises(ValidationError):
        measurement_record(
            ctx, item=items[small.pk], measured_on=clock.today(), hours_saved_per_month=1, users=1
        )
    for hours in ("30", "40"):
        measurement_record(
            ctx,
            item=items[big.pk],
            measured_on=clock.today(),
            hours_saved_per_month=hours,
            users=12,
        )
    assert Measurement.objects.count() == 2
    [delivered] = delivered_list(organisation=org)
    assert (delivered.estimated_hours, delivered.measured_hours) == (80.0, 40.0)
    assert delivered.ratio == 0.5
    result = outcomes(organisation=org)
    assert result.realised_eur == pytest.approx(40 * 12 * result.hourly_cost_eur)
    assert result.honesty.count == 1 and result.honesty.median == 0.5


def test_parked_goes_back_to_selected(planned):
    ctx, sprint, _expert, (big, _small, _tiny) = planned
    sprint_accept_plan(ctx, sprint=sprint, usecase_ids=[big.pk])
    item = sprint.items.get()
    sprint_close(
        ctx,
        sprint=sprint,
        went_well="",
        went_badly="",
        next_steps="",
        outcomes={item.pk: ItemOutcome("parked")},
    )
    assert UseCase.objects.get(pk=big.pk).stage == "selected"


def test_a_measurement_out_of_bounds_changes_nothing(planned):
    ctx, sprint, _expert, (big, _small, _tiny) = planned
    sprint_accept_plan(ctx, sprint=sprint, usecase_ids=[big.pk])
    item = sprint.items.get()
    sprint_close(
        ctx,
        sprint=sprint,
        went_well="",
        went_badly="",
        next_steps="",
        outcomes={item.pk: ItemOutcome("piloted")},
    )
    item.refresh_from_db()
    for hours, users in (("-1", 1), ("nan", 1), ("1e9", 1), ("5", "many")):
        with pytest.raises(ValidationError):
            measurement_record(
                ctx, item=item, measured_on=clock.today(), hours_saved_per_month=hours, users=users
            )
    assert not Measurement.objects.exists()
