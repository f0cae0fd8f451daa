"""The results of a wave: right figures, and none resting on fewer than k respondents."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koers.cli.bench.diagnostic_scenario import random_answers
from koers.core import anonymity
from koers.diagnostic import services
from koers.diagnostic.instruments import load_default_scan
from koers.diagnostic.instruments.schema import TextQuestion
from koers.diagnostic.models import Response, ScanSettings, Wave
from koers.diagnostic.selectors.result_figures import (
    results_from,
    tallies_from_rows,
    texts_from_rows,
)
from koers.diagnostic.selectors.result_shapes import UNKNOWN, Row, WaveResults
from koers.diagnostic.selectors.results import wave_results
from koers.diagnostic.services.tallies import barrier_score, on_scale, rounded, written
from koers.diagnostic.stats import measures as stats
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member

pytestmark = pytest.mark.django_db

PRIORITIES = "priorities_more_important_now"  # other_priorities, agreeing = stronger barrier
REVERSED = "priorities_leadership_says_ai_matters"  # other_priorities, reverse-coded
TEXT = "open_worries"


def _wave(ctx: Any, name: str, opens_on: dt.date) -> Wave:
    scan = services.instrument_copy_shipped(ctx, kind="scan")
    return services.wave_create(
        ctx, version=scan.versions.get(), name=name, opens_on=opens_on, closes_on=opens_on
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


def _department_wave(ctx: Any, name: str, opens_on: dt.date, *departments: Any) -> Wave:
    scan = ctx.organisation.instruments.get(kind="scan")
    return services.wave_create(
        ctx,
        version=scan.versions.get(),
        name=name,
        opens_on=opens_on,
        closes_on=opens_on,
        departments=departments,
    )


def test_a_department_wave_is_compared_with_that_departments_own_earlier_figures(
    org, ctx, wave, client, lead
):
    """The board saw Finance (n = 6) set against the whole organisation's previous figures."""
    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")
    for _ in range(6):
        _answer(wave, finance, "staff", **{PRIORITIES: 4})
        _answer(wave, hr, "staff", **{PRIORITIES: 1})
    later = _department_wave(ctx, "Finance in autumn", dt.date(2025, 9, 1), finance)
    for _ in range(6):
        _answer(later, finance, "staff", **{PRIORITIES: 4})
    results = wave_results(ctx, later)
    barrier = _barrier(results)
    assert results.compared_on == (str(finance.pk),) and not results.same_audience
    assert barrier.previous.mean.mean == pytest.approx(4.0)  # Finance then, not everyone
    assert barrier.trend.estimate == pytest.approx(0.0)
    assert results.compared_names() == ["Finance"]
    from koers.diagnostic.selectors.report import summary

    assert any("(in Finance)" in sentence for sentence in summary(results))
    client.force_login(lead)
    page = client.get(f"/o/{org.slug}/scans/waves/{later.pk}/results/").content.decode()
    assert "measured only on the departments both rounds asked and published, Finance" in page


def test_without_a_like_group_no_change_is_shown(org, ctx, wave, client, lead):
    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")
    earlier = _department_wave(ctx, "HR in spring", dt.date(2025, 4, 1), hr)
    for _ in range(6):
        _answer(earlier, hr, "staff", **{PRIORITIES: 1})
    later = _department_wave(ctx, "Finance in autumn", dt.date(2025, 9, 1), finance)
    for _ in range(6):
        _answer(later, finance, "staff", **{PRIORITIES: 5})
    results = wave_results(ctx, later)
    assert results.previous_wave == earlier and not results.comparable
    assert all(b.trend is None and b.previous is None for b in results.barriers)
    from koers.diagnostic.selectors.report import summary

    assert any("no change is reported" in sentence for sentence in summary(results))
    client.force_login(lead)
    page = client.get(f"/o/{org.slug}/scans/waves/{later.pk}/results/").content.decode()
    assert "there is no like group to compare" in page


def test_a_department_held_back_in_either_round_is_not_compared(org, ctx, wave):
    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")
    for _ in range(6):
        _answer(wave, finance, "staff", **{PRIORITIES: 4})
    for _ in range(2):  # HR under k in the first round
        _answer(wave, hr, "staff", **{PRIORITIES: 1})
    later = _department_wave(ctx, "Autumn", dt.date(2025, 9, 1), finance, hr)
    for _ in range(6):
        _answer(later, finance, "staff", **{PRIORITIES: 5})
        _answer(later, hr, "staff", **{PRIORITIES: 5})
    results = wave_results(ctx, later)
    # The first wave asked every department (no list); the organisation has only these two, so
    # the audiences are the same and the organisation's figures compare.
    assert results.same_audience and results.comparable


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


# --- the tallies give the figures of the responses themselves -----------------------------------


def _random_wave(wave: Wave, departments: list[Any], rng: random.Random, size: int) -> None:
    scan = load_default_scan()
    for _ in range(size):
        answers = random_answers(scan, rng, lean=rng.uniform(-1, 1))
        _answer(wave, rng.choice(departments), rng.choice(("leadership", "staff")), **answers)


def _expected(rows: list[Row], departments: list[str], k: int) -> dict[str, Any]:
    """Every figure computed straight from the responses, as the results page did before it
    read tallies: (kind, id, cell) -> figure, for the cells where each figure may be shown."""
    scan = load_default_scan()
    structure = {(d, r) for d in departments for r in ("leadership", "staff")}
    structure |= {(row.department, row.role_group) for row in rows}

    def counts(some: list[Row]) -> dict[Any, int]:
        return anonymity.cell_counts(((r.department, r.role_group) for r in some), cells=structure)

    published = anonymity.publishable(counts(rows), k)

    def allowed(some: list[Row]) -> list[Any]:
        found = counts(some)
        return sorted(
            published & anonymity.publishable(found, k, hidden=set(found) - published),
            key=lambda c: (c[0] is not None, c[0] or "", c[1] is not None, c[1] or ""),
        )

    def members(cell: Any, some: list[Row]) -> list[Row]:
        return [
            r for r in some if cell[0] in (None, r.department) and cell[1] in (None, r.role_group)
        ]

    figures: dict[Any, Any] = {"published": published}
    for barrier in scan.barriers:
        items = scan.items_for(barrier.id)
        scores = {id(r): barrier_score(items, r.answers) for r in rows}
        scored = [r for r in rows if scores[id(r)] is not None]
        for cell in allowed(scored):
            values = [scores[id(r)] for r in members(cell, scored)]
            figures["barrier", barrier.id, cell] = (
                stats.mean_of(values),
                stats.likert((rounded(v) for v in values), 5),
            )
    for item in scan.likert_questions():
        answered = [r for r in rows if on_scale(item, r.answers.get(item.id))]
        for cell in allowed(answered):
            answers = [r.answers.get(item.id) for r in members(cell, rows)]
            figures["item", item.id, cell] = stats.likert(
                (a if on_scale(item, a) else None for a in answers), item.points
            )
    for question in scan.questions():
        if not isinstance(question, TextQuestion):
            continue
        texts = [r for r in rows if written(r.answers.get(question.id))]
        for cell in allowed(texts):
            if cell[1] is None:
                figures["text", question.id, cell] = sorted(
                    r.answers[question.id].strip() for r in members(cell, texts)
                )
    return figures


def _shown(results: WaveResults) -> dict[Any, Any]:
    figures: dict[Any, Any] = {"published": set(results.published)}
    for barrier in results.barriers:
        for cell, found in barrier.cells.items():
            figures["barrier", barrier.id, cell] = (found.mean, found.distribution)
    for item in results.items:
        for cell, likert in item.cells.items():
            figures["item", item.id, cell] = likert
    for text in results.texts:
        for cell, answers in text.cells.items():
            figures["text", text.id, cell] = answers
    return figures


def _close(shown: Any, expected: Any) -> bool:
    if isinstance(expected, tuple):
        (mean, distribution), (want, want_distribution) = shown, expected
        return (
            mean.n == want.n
            and mean.mean == pytest.approx(want.mean, rel=1e-12)
            and mean.sd == pytest.approx(want.sd, rel=1e-9, abs=1e-12)
            and distribution == want_distribution
        )
    return bool(shown == expected)


@pytest.mark.parametrize("seed", range(4))
def test_the_figures_from_the_tallies_are_those_of_the_responses(org, ctx, wave, seed):
    ScanSettings.objects.update_or_create(organisation=org, defaults={"min_respondents": 3})
    rng = random.Random(seed)
    departments = [*org.departments.order_by("name"), None]
    earlier = _wave(ctx, "Winter", dt.date(2024, 12, 1))
    _random_wave(earlier, departments, rng, rng.randint(10, 40))
    _random_wave(wave, departments, rng, rng.randint(10, 80))

    results = wave_results(ctx, wave)

    rows = [
        Row(UNKNOWN if d is None else str(d), r, a)
        for d, r, a in wave.responses.values_list("department_id", "role_group", "answers")
    ]
    keys = [str(d.pk) for d in departments if d is not None]
    expected = _expected(rows, keys, k=3)
    shown = _shown(results)
    assert shown.keys() == expected.keys()
    assert all(_close(shown[key], expected[key]) for key in expected)
    assert results.respondents == (len(rows) if (None, None) in results.published else None)
    for p in results.participation:
        if p.answered is not None:
            assert p.answered == sum(r.department == p.department for r in rows)
    before = _expected(
        [
            Row(UNKNOWN if d is None else str(d), r, a)
            for d, r, a in earlier.responses.values_list("department_id", "role_group", "answers")
        ],
        [],
        k=3,
    )
    for barrier in results.barriers:
        leaders = expected.get(("barrier", barrier.id, (None, "leadership")))
        staff = expected.get(("barrier", barrier.id, (None, "staff")))
        if leaders and staff and stats.difference(staff[0], leaders[0]):
            assert barrier.gap.estimate == pytest.approx(
                stats.difference(staff[0], leaders[0]).estimate, rel=1e-9, abs=1e-12
            )
        previous = before.get(("barrier", barrier.id, (None, None)))
        if previous and barrier.previous:
            assert _close((barrier.previous.mean, barrier.previous.distribution), previous)
        assert (barrier.previous is None) == (previous is None)


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
    scan = load_default_scan()
    results = results_from(
        instrument=scan,
        tallies=tallies_from_rows(scan, rows),
        texts=texts_from_rows(rows),
        departments=DEPARTMENTS,
        invited=Counter({d: 10 for d in DEPARTMENTS}),
        k=k,
        previous=(scan, tallies_from_rows(scan, rows), DEPARTMENTS),
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


def test_participation_counts_invitees_and_shared_link_answers_apart(org, ctx, wave):
    """A wave showed "invited 0, answered 6" with a 0% bar, then "25 / 6 / 19 not yet answered"
    although no invitee had answered: the six came through the shared link."""
    from koers.diagnostic.models import Invitation

    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")
    for _ in range(6):
        _answer(wave, finance, "staff", **{PRIORITIES: 3})  # through the shared link
        _answer(wave, hr, "staff", **{PRIORITIES: 3})
    before = wave_results(ctx, wave)
    row = next(p for p in before.participation if p.department == str(finance.pk))
    assert (row.invited, row.answered, row.by_invitation, row.by_link) == (0, 6, 0, 6)
    assert row.rate is None  # no invitations: no response rate

    for n in range(25):
        Invitation.objects.create(
            wave=wave,
            token_hash=f"t{n}",
            department=finance,
            role_group="staff",
            sent_on=wave.opens_on,
        )
    after = wave_results(ctx, wave)
    row = next(p for p in after.participation if p.department == str(finance.pk))
    assert (row.invited, row.by_invitation, row.by_link) == (25, 0, 6)
    assert row.rate == 0.0
    assert after.by_invitation == 0


def test_a_split_of_the_channels_that_shows_a_group_under_k_is_held_back(org, ctx, wave):
    from koers.diagnostic.models import Invitation

    finance = org.departments.get(name="Finance")
    invitations = [
        Invitation.objects.create(
            wave=wave,
            token_hash=f"t{n}",
            department=finance,
            role_group="staff",
            sent_on=wave.opens_on,
        )
        for n in range(10)
    ]
    for invitation in invitations[:2]:  # two invitees answered, four came through the link
        invitation.used = True
        invitation.save()
    hr = org.departments.get(name="HR")
    for _ in range(6):
        _answer(wave, finance, "staff", **{PRIORITIES: 3})
        _answer(wave, hr, "staff", **{PRIORITIES: 3})
    row = next(p for p in wave_results(ctx, wave).participation if p.department == str(finance.pk))
    assert row.answered == 6 and row.by_invitation is None and row.by_link is None
