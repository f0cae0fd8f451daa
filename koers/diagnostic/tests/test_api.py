"""The scan over the API: the same figures and the same anonymity as the results page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from koers.diagnostic import services
from koers.diagnostic.models import Response, Wave
from koers.diagnostic.selectors.results import wave_results
from koers.orgs.models import Role
from koers.testing.api import api_client
from koers.testing.factories import ctx_for, make_member

pytestmark = pytest.mark.django_db

PRIORITIES = "priorities_more_important_now"
TEXT = "open_worries"


@pytest.fixture
def ctx(org, lead):
    return ctx_for(lead, org)


@pytest.fixture
def wave(ctx) -> Wave:
    scan = services.instrument_copy_shipped(ctx, kind="scan")
    day = dt.date(2025, 3, 1)
    return services.wave_create(
        ctx, version=scan.versions.get(), name="Spring", opens_on=day, closes_on=day
    )


def _answer(wave: Wave, department: Any, role_group: str, **answers: Any) -> None:
    response = Response.objects.create(
        wave=wave,
        department=department,
        role_group=role_group,
        submitted_on=wave.opens_on,
        answers=answers,
    )
    services.tallies_add(response)


def _results(user, org, wave) -> dict[str, Any]:
    response = api_client(user).get(f"/api/v1/orgs/{org.slug}/scans/waves/{wave.pk}/results")
    assert response.status_code == 200, response.content
    return response.json()


def test_results_list_only_the_cells_the_page_publishes(org, ctx, lead, wave):
    finance, hr = org.departments.get(name="Finance"), org.departments.exclude(name="Finance")[0]
    for _ in range(6):
        _answer(wave, finance, "staff", **{PRIORITIES: 4, TEXT: "Mijn baan"})
    for _ in range(2):
        _answer(wave, hr, "staff", **{PRIORITIES: 2, TEXT: "Te weinig tijd"})
    body = _results(lead, org, wave)
    page = wave_results(ctx, wave)
    barrier = next(b for b in body["barriers"] if b["id"] == "other_priorities")
    shown = {(c["department"], c["role_group"]) for c in barrier["cells"]}
    expected = next(b for b in page.barriers if b.id == "other_priorities").cells
    assert shown == set(expected)
    # HR has 2 respondents: neither HR nor anything that gives HR away (Finance = all - HR).
    assert (str(hr.pk), None) not in shown
    assert body["respondents"] == page.respondents
    hr_share = next(p for p in body["participation"] if p["department"] == str(hr.pk))
    assert hr_share["answered"] is None
    # Free text: in the organisation's list, never under a department that could give HR away.
    worries = next(t for t in body["texts"] if t["id"] == TEXT)
    by_cell = {c["department"]: c["answers"] for c in worries["cells"]}
    assert sorted(set(by_cell[None])) == ["Mijn baan", "Te weinig tijd"]
    assert set(by_cell) == {None}


def test_the_figures_match_the_page(org, ctx, lead, wave):
    finance = org.departments.get(name="Finance")
    for score in (1, 2, 3, 4, 5, 5):
        _answer(wave, finance, "staff", **{PRIORITIES: score})
    body = _results(lead, org, wave)
    page = next(b for b in wave_results(ctx, wave).barriers if b.id == "other_priorities")
    organisation = next(
        c
        for b in body["barriers"]
        if b["id"] == "other_priorities"
        for c in b["cells"]
        if c["department"] is None and c["role_group"] is None
    )
    assert organisation["n"] == 6
    assert organisation["mean"] == pytest.approx(page.organisation.mean.mean)
    assert organisation["distribution"] == list(page.organisation.distribution.counts)


def test_below_k_nothing_is_published(org, lead, wave):
    _answer(wave, org.departments.get(name="Finance"), "staff", **{PRIORITIES: 5, TEXT: "Ik"})
    body = _results(lead, org, wave)
    assert body["respondents"] is None
    assert all(b["cells"] == [] for b in body["barriers"])
    assert all(t["cells"] == [] for t in body["texts"])
    assert all(i["cells"] == [] for i in body["items"])


def test_staff_may_not_read_results_or_waves(org, member, wave):
    client = api_client(member)
    assert client.get(f"/api/v1/orgs/{org.slug}/scans/waves/{wave.pk}/results").status_code == 403
    assert client.get(f"/api/v1/orgs/{org.slug}/scans/waves").status_code == 403


def test_a_lead_lists_instruments_and_creates_a_wave(org, lead, ctx):
    scan = services.instrument_copy_shipped(ctx, kind="scan")
    client = api_client(lead)
    listed = client.get(f"/api/v1/orgs/{org.slug}/scans/instruments").json()
    assert [i["id"] for i in listed] == [scan.pk]
    finance = org.departments.get(name="Finance")
    created = client.post(
        f"/api/v1/orgs/{org.slug}/scans/waves",
        {
            "version_id": listed[0]["version_id"],
            "name": "Autumn pulse",
            "opens_on": "2025-10-01",
            "closes_on": "2025-10-14",
            "departments": [finance.pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "draft"
    assert created.json()["departments"] == [finance.pk]
    assert client.get(f"/api/v1/orgs/{org.slug}/scans/instruments/{scan.pk}").json()["frozen"]


def test_a_wave_that_closes_before_it_opens_is_refused_and_nothing_saved(org, lead, ctx):
    scan = services.instrument_copy_shipped(ctx, kind="scan")
    response = api_client(lead).post(
        f"/api/v1/orgs/{org.slug}/scans/waves",
        {
            "version_id": scan.versions.get().pk,
            "name": "Backwards",
            "opens_on": "2025-10-14",
            "closes_on": "2025-10-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "closes_on" in response.json()["errors"]
    assert not Wave.objects.filter(organisation=org).exists()


def test_another_organisations_version_or_department_is_not_usable(org, lead, other_org):
    stranger = make_member(other_org, Role.LEAD)
    theirs = services.instrument_copy_shipped(ctx_for(stranger, other_org), kind="scan")
    client = api_client(lead)
    body = {"name": "x", "opens_on": "2025-10-01", "closes_on": "2025-10-02"}
    response = client.post(
        f"/api/v1/orgs/{org.slug}/scans/waves",
        {**body, "version_id": theirs.versions.get().pk},
        content_type="application/json",
    )
    assert response.status_code == 404
    mine = services.instrument_copy_shipped(ctx_for(lead, org), kind="scan")
    response = client.post(
        f"/api/v1/orgs/{org.slug}/scans/waves",
        {
            **body,
            "version_id": mine.versions.get().pk,
            "departments": [other_org.departments.get().pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Wave.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"version_id": 2**63}, "version_id"),
        ({"departments": [2**63]}, "departments.0"),
        ({"name": "Spring\x00"}, "name"),
        ({"name": "   "}, "name"),
    ],
)
def test_a_wave_with_an_impossible_id_or_name_is_refused_and_nothing_saved(
    org, lead, ctx, change, field
):
    # An id beyond 2^63 was a 500, and so was a NUL byte on PostgreSQL.
    scan = services.instrument_copy_shipped(ctx, kind="scan")
    body = {
        "version_id": scan.versions.get().pk,
        "name": "Spring",
        "opens_on": "2025-10-01",
        "closes_on": "2025-10-14",
        **change,
    }
    response = api_client(lead).post(
        f"/api/v1/orgs/{org.slug}/scans/waves", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Wave.objects.exists()
