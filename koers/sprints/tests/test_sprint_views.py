"""The AI sprint pages: each renders for whom it is meant and refuses the rest; a plan adjusted
beyond a constraint is shown again with the constraint named, and nothing is stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from koers.core import clock
from koers.orgs.models import Membership, Role
from koers.sprints.models.sprint import CheckIn, SprintItem, Status
from koers.sprints.services.sprints import (
    ItemOutcome,
    sprint_accept_plan,
    sprint_close,
    sprint_create,
    team_member_add,
)
from koers.testing.factories import ctx_for, make_member, make_usecase

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(org, name, **kwargs) -> str:
    return reverse(f"sprints:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def setup(org, lead):
    ctx = ctx_for(lead, org)
    sprint = sprint_create(ctx, name="Sprint 1")
    team_member_add(
        ctx,
        sprint=sprint,
        membership=Membership.objects.get(user=lead, organisation=org),
        role="evangelist",
        capacity_days="6",
    )
    usecases = [
        make_usecase(org, effort="days", data_readiness="ready", hours_saved_per_month=Decimal(h))
        for h in ("40", "20", "10")
    ]
    return ctx, sprint, usecases


def test_the_plan_page_shows_the_proposal_beside_the_naive_pick(org, lead, setup):
    _ctx, sprint, usecases = setup
    page = _client(lead).get(_url(org, "sprint", pk=sprint.pk))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Naive pick (sort by score)" in text and usecases[0].reference in text
    assert "It would fit only instead of work that is worth more" in text


def test_an_adjusted_plan_over_capacity_is_refused_with_the_constraint_named(org, lead, setup):
    _ctx, sprint, usecases = setup
    page = _client(lead).post(
        _url(org, "sprint", pk=sprint.pk), {"usecases": [u.pk for u in usecases]}
    )
    assert page.status_code == 422
    assert "Capacity: the plan needs 9 person-days; the team has 6." in page.content.decode()
    assert not SprintItem.objects.exists()
    page = _client(lead).post(
        _url(org, "sprint", pk=sprint.pk), {"usecases": [usecases[0].pk, usecases[1].pk]}
    )
    assert page.status_code == 302
    sprint.refresh_from_db()
    assert sprint.status == Status.RUNNING


def test_members_read_the_board_only_the_team_and_leads_change_it(org, lead, setup):
    ctx, sprint, usecases = setup
    sprint_accept_plan(ctx, sprint=sprint, usecase_ids=[usecases[0].pk])
    member = make_member(org, Role.MEMBER)
    client = _client(member)
    page = client.get(_url(org, "sprint", pk=sprint.pk))
    assert page.status_code == 200 and "Move or update" not in page.content.decode()
    item = sprint.items.get()
    assert client.post(_url(org, "item_update", pk=item.pk), {"column": "done"}).status_code == 403
    assert client.post(_url(org, "checkin_add", pk=sprint.pk), {"text": "Hi"}).status_code == 403
    assert client.get(_url(org, "new")).status_code == 403
    assert client.get(_url(org, "close", pk=sprint.pk)).status_code == 403
    lead_client = _client(lead)
    lead_client.post(_url(org, "item_update", pk=item.pk), {"column": "done", "blocker": ""})
    lead_client.post(_url(org, "checkin_add", pk=sprint.pk), {"text": "Demo on Friday."})
    item.refresh_from_db()
    assert item.column == "done" and CheckIn.objects.filter(sprint=sprint).exists()
    assert "Demo on Friday." in lead_client.get(_url(org, "sprint", pk=sprint.pk)).content.decode()


def test_close_measure_and_outcomes_pages(org, lead, setup):
    ctx, sprint, usecases = setup
    sprint_accept_plan(ctx, sprint=sprint, usecase_ids=[usecases[0].pk])
    item = sprint.items.get()
    client = _client(lead)
    assert client.get(_url(org, "close", pk=sprint.pk)).status_code == 200
    refused = client.post(_url(org, "close", pk=sprint.pk), {"went_well": "Fast"})
    assert refused.status_code == 422
    closed = client.post(
        _url(org, "close", pk=sprint.pk),
        {"went_well": "Fast", f"outcome_{item.pk}": "live"},
    )
    assert closed.status_code == 302
    assert client.get(_url(org, "measure", pk=item.pk)).status_code == 200
    saved = client.post(
        _url(org, "measure", pk=item.pk),
        {"measured_on": clock.today().isoformat(), "hours_saved_per_month": "30", "users": "9"},
    )
    assert saved.status_code == 302
    page = _client(make_member(org, Role.MEMBER)).get(_url(org, "outcomes"))
    assert page.status_code == 200
    assert "Are our estimates honest?" in page.content.decode()
    assert 'id="chart-estimate-honesty"' in page.content.decode()
    assert _client(make_member(org, Role.MEMBER)).get(_url(org, "list")).status_code == 200


def test_closing_needs_a_running_sprint(org, lead, setup):
    ctx, sprint, usecases = setup
    sprint_accept_plan(ctx, sprint=sprint, usecase_ids=[usecases[0].pk])
    item = sprint.items.get()
    sprint_close(
        ctx,
        sprint=sprint,
        went_well="",
        went_badly="",
        next_steps="",
        outcomes={item.pk: ItemOutcome("parked")},
    )
    response = _client(lead).post(_url(org, "close", pk=sprint.pk), {})
    assert response.status_code == 302


def test_hostile_numbers_in_the_plan_forms_change_nothing(org, lead, setup):
    _ctx, sprint, _usecases = setup
    client = _client(lead)
    huge = "9" * 5000
    assert client.post(_url(org, "sprint", pk=sprint.pk), {"usecases": [huge]}).status_code == 422
    client.post(_url(org, "team_add", pk=sprint.pk), {"membership": huge, "role": "it"})
    client.post(_url(org, "constraints", pk=sprint.pk), {"max_per_department": huge})
    sprint.refresh_from_db()
    assert sprint.team.count() == 1 and sprint.max_per_department is None
    assert not SprintItem.objects.exists()
