"""Market scenarios: cost bases, scenarios, what the backlog is expected to deliver, and who may
read or change them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from koers.core.models import Change
from koers.orgs.models import Department, Role
from koers.strategy.models import DepartmentBaseline, Scenario
from koers.strategy.selectors.scenarios import backlog_value, scenario_outcomes
from koers.strategy.services.scenarios import (
    baselines_set,
    scenario_create,
    scenario_delete,
    scenario_update,
)
from koers.testing.factories import ctx_for, make_member, make_org, make_usecase

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org(departments=("Finance", "HR"))


@pytest.fixture
def lead(org):
    return make_member(org, Role.LEAD)


@pytest.fixture
def finance(org):
    return Department.objects.get(organisation=org, name="Finance")


@pytest.fixture
def hr(org):
    return Department.objects.get(organisation=org, name="HR")


def url(name, org, **kwargs):
    return reverse(f"strategy:{name}", kwargs={"org_slug": org.slug, **kwargs})


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(user)
    return client


def test_the_backlog_value_is_read_as_the_quick_win_score_reads_it(org, finance, hr):
    # 10 hours a month at the default 60 euros an hour, plus 1,200 a year: 8,400 a year.
    make_usecase(
        org,
        hours_saved_per_month=Decimal(10),
        other_value_eur_per_year=Decimal(1200),
        department_ids=(finance.pk, hr.pk),
    )
    make_usecase(org, other_value_eur_per_year=Decimal(500), department_ids=(finance.pk,))
    make_usecase(org, other_value_eur_per_year=Decimal(300), department_ids=())
    make_usecase(org, department_ids=(hr.pk,))  # no estimate
    value = backlog_value(org)
    assert value.by_department == {finance.pk: 4200 + 500, hr.pk: 4200}
    assert value.unattributed_eur == 300
    assert (value.estimated, value.unestimated) == (3, 1)


def test_a_rejected_use_case_is_not_expected_to_deliver(org, finance):
    usecase = make_usecase(org, other_value_eur_per_year=Decimal(500))
    usecase.stage = "rejected"
    usecase.save(update_fields=["stage"])
    assert backlog_value(org).by_department == {}


def test_each_scenario_is_worked_out_per_department(org, lead, finance, hr):
    ctx = ctx_for(lead, org)
    baselines_set(ctx, rows={finance.pk: ("1000000", "40"), hr.pk: ("0", "10")})
    make_usecase(org, other_value_eur_per_year=Decimal(50000), department_ids=(finance.pk,))
    scenario_create(ctx, name="Prijsvechter", gaps={"price_gap_pct": "20"})
    [view], _value = scenario_outcomes(org)
    # HR has no cost base, so it is left out.
    [row] = view.result.departments
    assert row.name == "Finance"
    assert (row.needed_eur, row.expected_eur, row.gap_eur) == pytest.approx((200000, 50000, 150000))
    assert row.coverage == pytest.approx(0.25)
    assert 'role="img"' in view.chart and "<title" in view.chart and "Prijsvechter" in view.chart


def test_scenarios_and_cost_bases_leave_an_audit_trail(org, lead, finance):
    ctx = ctx_for(lead, org)
    baselines_set(ctx, rows={finance.pk: ("500000", "30")})
    baselines_set(ctx, rows={finance.pk: ("600000", "30")})
    scenario = scenario_create(ctx, name="Sneller", gaps={"speed_gap_pct": "30"})
    scenario_update(ctx, scenario=scenario, name="Veel sneller", gaps={"speed_gap_pct": "50"})
    scenario_delete(ctx, scenario=scenario)
    actions = list(Change.objects.order_by("pk").values_list("subject", "action"))
    assert actions == [
        ("strategy.departmentbaseline", "created"),
        ("strategy.departmentbaseline", "changed"),
        ("strategy.scenario", "created"),
        ("strategy.scenario", "changed"),
        ("strategy.scenario", "deleted"),
    ]


@pytest.mark.parametrize(
    "gaps",
    [
        {"price_gap_pct": "-5"},
        {"price_gap_pct": "95"},
        {"speed_gap_pct": "1e3"},
        {"quality_gap_pct": "twintig"},
        {"entrant_share_pct": "12.5"},
        {},
    ],
)
def test_a_bad_percentage_is_refused_and_changes_nothing(org, lead, gaps):
    with pytest.raises(ValidationError):
        scenario_create(ctx_for(lead, org), name="Fout", gaps=gaps)
    assert not Scenario.objects.exists() and not Change.objects.exists()


def test_one_bad_cost_base_changes_none(org, lead, finance, hr):
    ctx = ctx_for(lead, org)
    for rows in (
        {finance.pk: ("100000", "20"), hr.pk: ("-1", "20")},
        {finance.pk: ("100000", "20"), hr.pk: ("100", "101")},
        {finance.pk: ("100000", "20"), hr.pk: ("99999999999999", "5")},
    ):
        with pytest.raises(ValidationError):
            baselines_set(ctx, rows=rows)
    assert not DepartmentBaseline.objects.exists()


def test_a_department_of_another_organisation_is_refused(org, lead):
    other = Department.objects.filter(organisation=make_org()).first()
    with pytest.raises(ValidationError):
        baselines_set(ctx_for(lead, org), rows={other.pk: ("100", "10")})
    assert not DepartmentBaseline.objects.exists()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EVANGELIST, Role.LEGAL])
def test_only_the_leadership_team_changes_scenarios(org, role, finance):
    ctx = ctx_for(make_member(org, role), org)
    with pytest.raises(PermissionDenied):
        scenario_create(ctx, name="X", gaps={"price_gap_pct": "10"})
    with pytest.raises(PermissionDenied):
        baselines_set(ctx, rows={finance.pk: ("1", "1")})


def test_a_lead_builds_a_scenario_through_the_pages(org, lead, finance, hr):
    client = client_for(lead)
    response = client.post(
        url("scenario_departments", org),
        {f"cost_{finance.pk}": "1 000 000", f"share_{finance.pk}": "40", f"cost_{hr.pk}": ""},
    )
    assert response.status_code == 302
    response = client.post(
        url("scenario_new", org),
        {"name": "Concurrent 20% goedkoper", "price_gap_pct": "20", "speed_gap_pct": ""},
    )
    assert response.status_code == 302
    page = client.get(url("scenarios", org)).content.decode()
    assert "Concurrent 20% goedkoper" in page
    assert "f = 1 \u2212 (1 \u2212 p)" in page and "<svg" in page
    assert "€ 200.000" in page  # needed: 20% of 1,000,000
    scenario = Scenario.objects.get()
    edit = client.post(
        url("scenario_edit", org, pk=scenario.pk),
        {"name": "Nieuwe naam", "price_gap_pct": "150"},
    )
    assert edit.status_code == 200 and "90" in edit.content.decode()
    assert Scenario.objects.get().name == "Concurrent 20% goedkoper"
    assert client.post(url("scenario_delete", org, pk=scenario.pk)).status_code == 302
    assert not Scenario.objects.exists()


def test_a_bad_cost_base_on_the_page_shows_an_error_and_saves_nothing(org, lead, finance):
    response = client_for(lead).post(
        url("scenario_departments", org),
        {f"cost_{finance.pk}": "-100", f"share_{finance.pk}": "40"},
        follow=True,
    )
    assert "Finance" in response.content.decode()
    assert list(response.context["messages"])
    assert not DepartmentBaseline.objects.exists()


@pytest.mark.parametrize("role", [Role.LEAD, Role.ADMIN, Role.EVANGELIST])
def test_leaders_and_ai_ambassadors_read_the_scenarios(org, role):
    assert client_for(make_member(org, role)).get(url("scenarios", org)).status_code == 200


@pytest.mark.parametrize("role", [Role.MEMBER, Role.LEGAL])
def test_other_members_do_not_see_cost_bases(org, role):
    assert client_for(make_member(org, role)).get(url("scenarios", org)).status_code == 403


@pytest.mark.parametrize("role", [Role.EVANGELIST, Role.MEMBER])
def test_ai_ambassadors_and_members_cannot_change_scenarios(org, lead, role):
    scenario = scenario_create(ctx_for(lead, org), name="X", gaps={"price_gap_pct": "10"})
    client = client_for(make_member(org, role))
    assert client.get(url("scenario_new", org)).status_code == 403
    assert client.get(url("scenario_departments", org)).status_code == 403
    assert client.post(url("scenario_delete", org, pk=scenario.pk)).status_code == 403
    assert Scenario.objects.exists()


def test_a_member_of_another_organisation_gets_not_found(org, lead):
    scenario = scenario_create(ctx_for(lead, org), name="X", gaps={"price_gap_pct": "10"})
    client = client_for(make_member(make_org(), Role.LEAD))
    assert client.get(url("scenarios", org)).status_code == 404
    assert client.get(url("scenario_edit", org, pk=scenario.pk)).status_code == 404
    # and a scenario of another organisation is not found from one's own
    mine = make_org()
    own_client = client_for(make_member(mine, Role.LEAD))
    assert own_client.get(url("scenario_edit", mine, pk=scenario.pk)).status_code == 404
    assert own_client.post(url("scenario_delete", mine, pk=scenario.pk)).status_code == 404
    assert Scenario.objects.exists()


def test_a_hostile_scenario_name_is_shown_as_text(org, lead, finance):
    ctx = ctx_for(lead, org)
    baselines_set(ctx, rows={finance.pk: ("100000", "50")})
    scenario_create(ctx, name="<script>alert(1)</script>", gaps={"price_gap_pct": "10"})
    page = client_for(lead).get(url("scenarios", org)).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
