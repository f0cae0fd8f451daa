"""The results of a wave: right figures, and none resting on fewer than k respondents."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koers.diagnostic import services
from koers.diagnostic.models import Response, ScanSettings, Wave
from koers.diagnostic.results import UNKNOWN, Row, WaveResults, results_from, wave_results
from koers.diagnostic_data import load_default_scan
from koers.orgs.models import Role
from koers.survey import anonymity
from koers.testing.factories import ctx_for, make_member

pytestmark = pytest.mark.django_db

PRIORITIES = "priorities_more_important_now"  # other_priorities, agreeing = stronger barrier
REVERSED = "priorities_leadership_says_ai_matters"  # other_priorities, reverse-coded
TEXT = "open_worries"


def _wave(ctx: Any, name: str, opens_on: dt.date) -> Wave:
    scan = services.instrument_copy_shipped(ctx, "scan")
    return services.wave_create(
        ctx, version=scan.versions.get(), name=name, opens_on=opens_on, closes_on=opens_on
    )


def _answer(wave: Wave, department: Any, role_group: str, **answers: Any) -> None:
    Response.objects.create(
        wave=wave,
        department=department,
        role_group=role_group,
        submitted_on=wave.opens_on,
        answers=answers,
    )


@pytest.fixture
def ctx(org, lead):
    return ctx_for(lead, org)


@pytest.fixture
def wave(ctx):
    return _wave(ctx, "Spring", dt.date(2025, 3, 1))


def _barrier(results: WaveResults, barrier: str = "other_priorities") -> Any:
    return next(b for b in results.barriers if b.id == barrier)


def test_it_scores_a_barrier_in_the_direction_of_strength(org, ctx, wave):
    finance = org.departments.get(name="Finance")
    for _ in range(3):
        _answer(wave, finance, "staff", **{PRIORITIES: 4, REVERSED: 1})  # strengths 4 and 5
    for _ in range(3):
        _answer(wave, finance, "staff", **{PRIORITIES: 2})  # strength 2, reversed not answered
    results = wave_results(ctx, wave)
    figures = _barrier(results).organisation
    assert figures.n == 6
    assert figures.mean.mean == pytest.approx((4.5 * 3 + 2 * 3) / 6)
    assert figures.distribution.counts == (0, 3, 0, 0, 3)  # 4.5 rounds to 5
    assert figures.agree.hits == 3
    assert figures.interval.low < figures.mean.mean < figures.interval.high
    assert results.respondents == 6


def test_no_figure_of_a_cell_under_k_appears_on_the_page_or_in_the_export(
    client, org, lead, ctx, wave
):
    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")
    for _ in range(6):
        _answer(wave, finance, "staff", **{PRIORITIES: 5, TEXT: "Finance worry"})
    for _ in range(2):
        _answer(wave, hr, "staff", **{PRIORITIES: 1, TEXT: "HR secret"})
    results = wave_results(ctx, wave)
    # HR (2 people) is suppressed, and so is Finance: else HR = organisation - Finance.
    assert (str(hr.pk), None) not in results.published
    assert (str(finance.pk), None) not in results.published
    assert all(p.answered is None for p in results.participation)
    for barrier in results.barriers:
        assert set(barrier.cells) <= results.published
        assert all(f.n >= results.k for f in barrier.cells.values())
    assert all(set(t.cells) <= {(None, None)} for t in results.texts)

    client.force_login(lead)
    base = f"/o/{org.slug}/scans/waves/{wave.pk}/"
    page = client.get(base + "results/")
    assert page.status_code == 200
    assert "fewer than 5" in page.content.decode()
    exported = client.get(base + "results.csv").content.decode("utf-8-sig")
    assert "fewer than 5" in exported
    assert client.get(base + "results.xlsx").status_code == 200
    heat = dict(results.heat_map())
    assert heat["HR"] == [None] * len(results.barriers)


def test_free_text_is_shown_for_the_organisation_and_never_per_role_group(org, ctx, wave):
    finance = org.departments.get(name="Finance")
    for i in range(5):
        _answer(wave, finance, "staff", **{TEXT: f"worry {i}"})
    for _ in range(5):
        _answer(wave, finance, "leadership")
    worries = next(t for t in wave_results(ctx, wave).texts if t.id == TEXT)
    assert worries.cells[(None, None)] == [f"worry {i}" for i in range(5)]
    assert all(role_group is None for _, role_group in worries.cells)


def test_the_gap_needs_both_role_groups_published(org, ctx, wave):
    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")
    for department in (finance, hr):
        for answer in (4, 5, 4, 5, 5):
            _answer(wave, department, "staff", **{PRIORITIES: answer})
    for answer in (1, 2, 1):
        _answer(wave, finance, "leadership", **{PRIORITIES: answer})
    assert _barrier(wave_results(ctx, wave)).gap is None  # three leaders: too few

    for answer in (2, 1, 2):
        _answer(wave, hr, "leadership", **{PRIORITIES: answer})
    gap = _barrier(wave_results(ctx, wave)).gap
    assert gap is not None
    assert gap.estimate == pytest.approx(1.5 - 4.6)
    assert gap.interval.low < gap.estimate < gap.interval.high


def test_the_trend_compares_with_the_previous_wave_with_a_welch_interval(org, ctx, wave):
    finance = org.departments.get(name="Finance")
    for answer in (2, 2, 3, 2, 1):
        _answer(wave, finance, "staff", **{PRIORITIES: answer})
    later = _wave(ctx, "Autumn", dt.date(2025, 9, 1))
    for answer in (4, 4, 5, 3, 4):
        _answer(later, finance, "staff", **{PRIORITIES: answer})
    results = wave_results(ctx, later)
    assert results.previous_wave == wave
    trend = _barrier(results).trend
    assert trend.estimate == pytest.approx(4.0 - 2.0)
    assert trend.interval.low < 2.0 < trend.interval.high
    assert math.isfinite(trend.df)
    assert _barrier(wave_results(ctx, wave)).trend is None  # the first wave has nothing before


def test_the_top_barriers_come_with_the_instruments_actions(org, ctx, wave):
    finance = org.departments.get(name="Finance")
    for _ in range(5):
        _answer(wave, finance, "staff", **{PRIORITIES: 5, "jobs_afraid_work_disappears": 4})
    top = wave_results(ctx, wave).top
    assert [b.id for b in top] == ["other_priorities", "job_displacement"]
    assert top[1].actions and all(module for _, module in top[1].actions)


def test_the_k_of_the_organisation_applies(org, ctx, wave):
    ScanSettings.objects.update_or_create(organisation=org, defaults={"min_respondents": 7})
    finance = org.departments.get(name="Finance")
    for _ in range(6):
        _answer(wave, finance, "staff", **{PRIORITIES: 3})
    results = wave_results(ctx, wave)
    assert results.k == 7 and results.respondents is None
    assert all(not b.cells for b in results.barriers)


def test_respondents_without_a_department_count_in_an_unknown_group(org, ctx, wave):
    for _ in range(5):
        _answer(wave, None, "staff", **{PRIORITIES: 3})
    results = wave_results(ctx, wave)
    assert UNKNOWN in results.departments
    assert results.respondents == 5


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EVANGELIST, Role.LEGAL])
def test_only_leads_and_admins_see_results(client, org, wave, role):
    client.force_login(make_member(org, role))
    base = f"/o/{org.slug}/scans/waves/{wave.pk}/"
    for suffix in ("results/", "results.csv", "results.xlsx"):
        assert client.get(base + suffix).status_code == 403


def test_another_organisations_wave_is_not_found(client, org, other_org, wave):
    client.force_login(make_member(other_org, Role.ADMIN))
    assert client.get(f"/o/{other_org.slug}/scans/waves/{wave.pk}/results/").status_code == 404


def test_the_page_is_in_dutch_with_the_instruments_dutch_names(client, org, lead, wave):
    client.force_login(lead)
    page = client.get(f"/o/{org.slug}/scans/waves/{wave.pk}/results/", HTTP_ACCEPT_LANGUAGE="nl")
    assert "Andere prioriteiten" in page.content.decode()


# --- property: every number rests on a published cell ----------------------------------------

DEPARTMENTS = ("a", "b", "c")
ANSWER = st.one_of(st.none(), st.integers(1, 5))
ROWS = st.lists(
    st.builds(
        lambda d, r, a, b, t: Row(d, r, {PRIORITIES: a, REVERSED: b, TEXT: t}),
        st.sampled_from((*DEPARTMENTS, UNKNOWN)),
        st.sampled_from(("leadership", "staff")),
        ANSWER,
        ANSWER,
        st.sampled_from(("", "text")),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(rows=ROWS, k=st.integers(3, 6))
def test_every_number_comes_from_a_published_cell(rows, k):
    results = results_from(
        instrument=load_default_scan(),
        rows=rows,
        departments=DEPARTMENTS,
        invited=Counter({d: 10 for d in DEPARTMENTS}),
        k=k,
        previous=(load_default_scan(), rows),
    )
    structure = {(d, r) for d in DEPARTMENTS for r in ("leadership", "staff")}
    structure |= {(row.department, row.role_group) for row in rows}
    counts = anonymity.cell_counts(((r.department, r.role_group) for r in rows), cells=structure)
    assert results.published == anonymity.publishable(counts, k)

    def members(cell):
        return [
            r for r in rows if cell[0] in (None, r.department) and cell[1] in (None, r.role_group)
        ]

    for p in results.participation:
        if p.answered is not None:
            assert (p.department, None) in results.published and p.answered >= k
    for barrier in results.barriers:
        for cell, figures in barrier.cells.items():
            assert cell in results.published
            assert k <= figures.n <= len(members(cell))
        if barrier.gap is not None:
            assert {(None, "leadership"), (None, "staff")} <= set(barrier.cells)
        if barrier.trend is not None:
            assert (None, None) in barrier.cells
    for item in results.items:
        for cell, likert in item.cells.items():
            assert cell in results.published and likert.n >= k
    for text in results.texts:
        for cell, answers in text.cells.items():
            assert cell in results.published and cell[1] is None and len(answers) >= k
