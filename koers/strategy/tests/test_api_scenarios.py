"""Market scenarios over the API: the same figures as the scenarios page, the same permissions,
and a bad number changes nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from koers.core.models import Change
from koers.orgs.models import Department, Role
from koers.strategy.models import DepartmentBaseline, Scenario
from koers.testing.api import api_client
from koers.testing.factories import make_member, make_org, make_usecase

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org()


@pytest.fixture
def finance(org):
    return Department.objects.get(organisation=org, name="Finance")


@pytest.fixture
def hr(org):
    return Department.objects.get(organisation=org, name="HR")


@pytest.fixture
def lead(org):
    return api_client(make_member(org, Role.LEAD))


def base(org) -> str:
    return f"/api/v1/orgs/{org.slug}/strategy"


def send(client: Client, method: str, url: str, body: Any = None):
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def state(org) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    scenarios = list(Scenario.objects.filter(organisation=org).order_by("pk").values())
    baselines = list(DepartmentBaseline.objects.filter(organisation=org).order_by("pk").values())
    history = Change.objects.filter(
        subject__in=("strategy.scenario", "strategy.departmentbaseline")
    )
    return scenarios, baselines, history.count()


def test_a_lead_sets_cost_bases_and_scenarios_and_reads_what_the_page_shows(org, lead, finance, hr):
    rows = {
        "baselines": [
            {"department_id": finance.pk, "cost_base_eur": 1_000_000, "speedable_pct": 40}
        ]
    }
    baselines = send(lead, "PUT", f"{base(org)}/baselines", rows)
    assert baselines.status_code == 200
    assert baselines.json() == [
        {
            "department_id": finance.pk,
            "department": "Finance",
            "cost_base_eur": 1_000_000,
            "speedable_pct": 40,
        },
        {"department_id": hr.pk, "department": "HR", "cost_base_eur": None, "speedable_pct": None},
    ]
    make_usecase(org, other_value_eur_per_year=Decimal(50000), department_ids=(finance.pk,))
    created = send(
        lead, "POST", f"{base(org)}/scenarios", {"name": "Prijsvechter", "price_gap_pct": 20}
    )
    assert created.status_code == 201
    scenario = created.json()
    assert (scenario["name"], scenario["price_gap_pct"], scenario["speed_gap_pct"]) == (
        "Prijsvechter",
        20,
        0,
    )

    outcomes = lead.get(f"{base(org)}/scenarios").json()
    [result] = outcomes["scenarios"]
    assert result["scenario"]["id"] == scenario["id"]
    assert result["needed_share"] == pytest.approx(0.2)
    [row] = result["departments"]  # HR has no cost base
    assert row["department"] == "Finance"
    assert (row["needed_eur"], row["expected_eur"], row["gap_eur"]) == pytest.approx(
        (200000, 50000, 150000)
    )
    assert row["coverage"] == pytest.approx(0.25) and row["beyond_genai"] is False
    assert outcomes["backlog"]["estimated"] == 1

    page = Client(HTTP_ACCEPT_LANGUAGE="nl")
    page.force_login(make_member(org, Role.LEAD))
    shown = page.get(f"/o/{org.slug}/strategy/scenarios/").content.decode()
    assert "€ 200.000" in shown and "Prijsvechter" in shown  # the same figure on the page

    changed = send(
        lead,
        "PUT",
        f"{base(org)}/scenarios/{scenario['id']}",
        {"name": "Snelle concurrent", "speed_gap_pct": 30},
    ).json()
    assert (changed["name"], changed["price_gap_pct"], changed["speed_gap_pct"]) == (
        "Snelle concurrent",
        0,
        30,
    )
    assert send(lead, "DELETE", f"{base(org)}/scenarios/{scenario['id']}").status_code == 204
    assert not Scenario.objects.exists()


@pytest.mark.parametrize("role", [Role.EVANGELIST, Role.MEMBER, Role.LEGAL])
def test_others_may_not_change_scenarios(org, lead, finance, role):
    scenario = send(
        lead, "POST", f"{base(org)}/scenarios", {"name": "Toetreder", "entrant_share_pct": 10}
    ).json()
    before = state(org)
    client = api_client(make_member(org, role))
    body = {"name": "Van mij", "price_gap_pct": 5}
    assert send(client, "POST", f"{base(org)}/scenarios", body).status_code == 403
    assert send(client, "PUT", f"{base(org)}/scenarios/{scenario['id']}", body).status_code == 403
    assert send(client, "DELETE", f"{base(org)}/scenarios/{scenario['id']}").status_code == 403
    rows = {"baselines": [{"department_id": finance.pk, "cost_base_eur": 1, "speedable_pct": 1}]}
    assert send(client, "PUT", f"{base(org)}/baselines", rows).status_code == 403
    assert state(org) == before


@pytest.mark.parametrize(
    ("role", "status"), [(Role.EVANGELIST, 200), (Role.MEMBER, 403), (Role.LEGAL, 403)]
)
def test_cost_bases_are_read_by_leaders_and_ai_ambassadors_only(org, role, status):
    client = api_client(make_member(org, role))
    assert client.get(f"{base(org)}/scenarios").status_code == status
    assert client.get(f"{base(org)}/baselines").status_code == status


def test_bad_input_is_refused_and_changes_nothing(org, lead, finance):
    scenario = send(
        lead, "POST", f"{base(org)}/scenarios", {"name": "Prijsvechter", "price_gap_pct": 20}
    ).json()
    send(
        lead,
        "PUT",
        f"{base(org)}/baselines",
        {"baselines": [{"department_id": finance.pk, "cost_base_eur": 100, "speedable_pct": 10}]},
    )
    other = make_org()
    elsewhere = send(
        api_client(make_member(other, Role.LEAD)),
        "POST",
        f"{base(other)}/scenarios",
        {"name": "B", "price_gap_pct": 5},
    ).json()
    before = state(org)
    theirs = Department.objects.filter(organisation=other).first()
    bad = [
        ("POST", "scenarios", {"name": "Alles nul"}),
        ("POST", "scenarios", {"name": "Te veel", "price_gap_pct": 91}),
        ("POST", "scenarios", {"name": "", "price_gap_pct": 10}),
        ("POST", "scenarios", {"name": "x" * 121, "price_gap_pct": 10}),
        ("POST", "scenarios", {"name": "Lang", "description": "x" * 2001, "price_gap_pct": 10}),
        ("PUT", f"scenarios/{scenario['id']}", {"name": "Nieuw", "speed_gap_pct": -1}),
        (
            "PUT",
            "baselines",
            {
                "baselines": [
                    {"department_id": finance.pk, "cost_base_eur": 200, "speedable_pct": 20},
                    {"department_id": theirs.pk, "cost_base_eur": 1, "speedable_pct": 1},
                ]
            },
        ),
        (
            "PUT",
            "baselines",
            {
                "baselines": [
                    {"department_id": finance.pk, "cost_base_eur": 10**11, "speedable_pct": 1}
                ]
            },
        ),
        (
            "PUT",
            "baselines",
            {
                "baselines": [
                    {"department_id": finance.pk, "cost_base_eur": 1, "speedable_pct": 101}
                ]
            },
        ),
    ]
    for method, path, body in bad:
        response = send(lead, method, f"{base(org)}/{path}", body)
        assert response.status_code == 422, (path, body, response.status_code)
        assert response.json()["errors"]
    assert send(lead, "DELETE", f"{base(org)}/scenarios/999999999").status_code == 404
    assert send(lead, "DELETE", f"{base(org)}/scenarios/{elsewhere['id']}").status_code == 404
    assert state(org) == before
