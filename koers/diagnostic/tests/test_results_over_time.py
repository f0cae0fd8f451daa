"""Anonymity over time: someone who reads every published state of a wave's results, and knows
who answered when, still cannot work out one person's answers.

The attacker here is as strong as we can make them: they see the figures after every single
answer, know which people are behind each published figure, and combine all figures of all
states by linear algebra (each figure is a sum over its people, so a person's answer is exposed
exactly when their unit vector lies in the span of the published figures' member sets).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from koers.diagnostic import services
from koers.diagnostic.instruments import load_default_scan
from koers.diagnostic.models import Response, ScanSettings, Wave
from koers.diagnostic.selectors.result_figures import results_from, tallies_from_rows
from koers.diagnostic.selectors.result_shapes import UNKNOWN, Row, WaveResults
from koers.diagnostic.selectors.results import wave_results
from koers.diagnostic.services.tallies import RESPONDENTS, Tallies, entries, released
from koers.testing.factories import ctx_for

PRIORITIES = "priorities_more_important_now"
REVERSED = "priorities_leadership_says_ai_matters"
DEPARTMENTS = ("a", "b", "c")
ROLES = ("leadership", "staff")
SCAN = load_default_scan()

Key = str
BaseCell = tuple[str, str]


def _figures(results: WaveResults) -> list[tuple[Key, tuple[str | None, str | None]]]:
    """Every (key, cell) whose figure a state publishes: barrier scores and item answers."""
    shown = [(f"barrier:{b.id}", cell) for b in results.barriers for cell in b.cells]
    shown += [(f"item:{i.id}", cell) for i in results.items for cell in i.cells]
    return shown


def _keys(row: Row) -> set[Key]:
    return {e.key for e in entries(SCAN, row.answers)}


def _publish(rows: Sequence[Row], tallies: Tallies, live: Tallies, k: int) -> WaveResults:
    return results_from(
        instrument=SCAN,
        tallies=tallies,
        texts=lambda questions, departments: [],
        departments=DEPARTMENTS,
        invited=Counter(),
        k=k,
        answered=live.counts(RESPONDENTS),
    )


def _states(rows: Sequence[Row], k: int, *, in_steps: bool) -> list[list[tuple[Key, set[int]]]]:
    """What the attacker sees after each answer: per published figure, its key and the people
    behind it. ``in_steps``: published as Koers does with live results (``released``); else
    every answer straight away, as before."""
    behind: dict[tuple[Key, BaseCell], set[int]] = {}
    before = Tallies()
    states = []
    for t in range(1, len(rows) + 1):
        live = tallies_from_rows(SCAN, rows[:t])
        now = released(live, before, k) if in_steps else live
        for key, cells in now.by_key.items():
            for cell in cells:
                people = {
                    i
                    for i, row in enumerate(rows[:t])
                    if (row.department, row.role_group) == cell and key in _keys(row)
                }
                if now.counts(key).get(cell, 0) != before.counts(key).get(cell, 0):
                    behind[(key, cell)] = people
                # The people behind the published sums are those the model says they are.
                assert now.counts(key)[cell] == len(behind.get((key, cell), set()))
        before = now
        results = _publish(rows[:t], now, live, k)
        states.append(
            [
                (
                    key,
                    set().union(
                        *(
                            members
                            for (k2, (d, r)), members in behind.items()
                            if k2 == key and cell[0] in (None, d) and cell[1] in (None, r)
                        )
                    ),
                )
                for key, cell in _figures(results)
            ]
        )
    return states


def _exposed(states: list[list[tuple[Key, set[int]]]], people: int) -> set[tuple[int, Key]]:
    """(person, key) pairs whose answer follows from all published figures together."""
    found = set()
    for key in {key for state in states for key, _members in state}:
        rows = [
            [1.0 if p in members else 0.0 for p in range(people)]
            for state in states
            for k2, members in state
            if k2 == key and members
        ]
        if not rows:
            continue
        matrix = np.array(rows)
        rank = np.linalg.matrix_rank(matrix)
        for person in sorted(set().union(*(m for s in states for k2, m in s if k2 == key))):
            unit = np.zeros(people)
            unit[person] = 1.0
            if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
                found.add((person, key))
    return found


ANSWER = st.one_of(st.none(), st.integers(1, 5))
ROWS = st.lists(
    st.builds(
        lambda d, r, a, b: Row(d, r, {PRIORITIES: a, REVERSED: b}),
        st.sampled_from((*DEPARTMENTS, UNKNOWN)),
        st.sampled_from(ROLES),
        ANSWER,
        ANSWER,
    ),
    min_size=1,
    max_size=16,
)


@settings(max_examples=30, deadline=None)
@given(rows=ROWS, k=st.integers(3, 5))
def test_no_sequence_of_live_results_exposes_one_persons_answer(rows, k):
    assert _exposed(_states(rows, k, in_steps=True), len(rows)) == set()


@settings(max_examples=40, deadline=None)
@given(rows=ROWS, k=st.integers(3, 5))
def test_live_figures_move_only_in_steps_of_at_least_k_people_per_base_cell(rows, k):
    before = Tallies()
    for t in range(1, len(rows) + 1):
        now = released(tallies_from_rows(SCAN, rows[:t]), before, k)
        for key in now.by_key.keys() | before.by_key.keys():
            old, new = before.counts(key), now.counts(key)
            for cell in old.keys() | new.keys():
                assert abs(new.get(cell, 0) - old.get(cell, 0)) in (0, *range(k, t + 1))
        before = now


def test_the_attacker_is_real_figures_published_at_every_answer_expose_the_last_one():
    """Before the fix: six staff of one department, k = 5; the figures after the fifth and the
    sixth answer differ by exactly the sixth person's answers."""
    rows = [Row("a", "staff", {PRIORITIES: 2 + i % 3, REVERSED: 4}) for i in range(6)]
    exposed = _exposed(_states(rows, 5, in_steps=False), len(rows))
    assert {(5, f"item:{PRIORITIES}"), (5, f"item:{REVERSED}")} <= exposed
    assert _exposed(_states(rows, 5, in_steps=True), len(rows)) == set()


# --- the database: after the wave, or live in steps ------------------------------------------


def _answer(wave: Wave, department, role_group: str, strength: int) -> None:
    response = Response.objects.create(
        wave=wave,
        department=department,
        role_group=role_group,
        submitted_on=wave.opens_on,
        answers={PRIORITIES: strength, REVERSED: 6 - strength, "open_worries": "Mijn baan"},
    )
    services.tallies_add(response)


@pytest.fixture
def wave(org, lead, clock):
    ctx = ctx_for(lead, org)
    ScanSettings.objects.update_or_create(organisation=org, defaults={"min_respondents": 3})
    scan = services.instrument_copy_shipped(ctx, kind="scan")
    made = services.wave_create(
        ctx,
        version=scan.versions.get(),
        name="Voorjaar",
        opens_on=clock.today(),
        closes_on=clock.today(),
    )
    return services.wave_open(ctx, wave=made)


def _mean(results: WaveResults) -> float | None:
    barrier = next(b for b in results.barriers if b.id == "other_priorities")
    figures = barrier.organisation
    return None if figures is None else figures.mean.mean


@pytest.mark.django_db
def test_an_open_wave_shows_who_answered_and_no_figure_until_it_closes(org, lead, wave):
    ctx = ctx_for(lead, org)
    finance = org.departments.get(name="Finance")
    for strength in (1, 2, 3, 4):
        _answer(wave, finance, "staff", strength)
    open_ = wave_results(ctx, wave)
    assert open_.withheld and open_.respondents == 4
    assert _mean(open_) is None and open_.texts == []
    closed = wave_results(ctx, services.wave_close(ctx, wave=wave))
    assert not closed.withheld and _mean(closed) is not None
    assert any(t.cells for t in closed.texts)


@pytest.mark.django_db
def test_a_wave_whose_final_figures_were_shown_is_not_opened_again(org, lead, wave):
    ctx = ctx_for(lead, org)
    finance = org.departments.get(name="Finance")
    for strength in (1, 2, 3):
        _answer(wave, finance, "staff", strength)
    closed = services.wave_close(ctx, wave=wave)
    wave_results(ctx, closed)
    with pytest.raises(ValidationError, match="Start a new wave"):
        services.wave_open(ctx, wave=closed)
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.CLOSED


@pytest.mark.django_db
def test_a_wave_closed_but_not_yet_read_may_be_opened_again(org, lead, wave):
    ctx = ctx_for(lead, org)
    _answer(wave, org.departments.get(name="Finance"), "staff", 2)
    closed = services.wave_close(ctx, wave=wave)
    wave_results(ctx, closed, figures=False)  # the wave's own page: who answered, no figures
    assert services.wave_open(ctx, wave=closed).status == Wave.Status.OPEN


@pytest.mark.django_db
def test_live_results_move_in_steps_and_one_more_answer_changes_nothing(org, lead, wave):
    ctx = ctx_for(lead, org)
    finance = org.departments.get(name="Finance")
    wave = services.wave_live_results_start(ctx, wave=wave)
    for strength in (1, 2, 3):
        _answer(wave, finance, "staff", strength)
    first = wave_results(ctx, wave)
    assert first.live and first.in_figures == 3 and _mean(first) is not None
    _answer(wave, finance, "staff", 5)  # the attack: read, one answer, read again
    second = wave_results(ctx, wave)
    assert _mean(second) == _mean(first) and second.in_figures == 3
    assert second.respondents == 4 and second.held_back == 1
    assert second.texts == []  # written answers only after the wave
    for strength in (4, 5):
        _answer(wave, finance, "staff", strength)
    third = wave_results(ctx, wave)
    assert third.in_figures == 6 and third.held_back == 0 and _mean(third) != _mean(first)


@pytest.mark.django_db
def test_live_results_cannot_be_switched_on_twice_and_are_in_the_audit_history(org, lead, wave):
    from koers.core.models import Change

    ctx = ctx_for(lead, org)
    services.wave_live_results_start(ctx, wave=wave)
    with pytest.raises(ValidationError):
        services.wave_live_results_start(ctx, wave=wave)
    assert Change.objects.filter(action="live results on").count() == 1


@pytest.mark.django_db
def test_the_results_page_says_why_there_are_no_figures_and_offers_live_results(
    client, org, lead, wave
):
    for strength in (1, 2, 3):
        _answer(wave, org.departments.get(name="Finance"), "staff", strength)
    client.force_login(lead)
    url = f"/o/{org.slug}/scans/waves/{wave.pk}/results/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'id="withheld"' in page and 'id="heatmap"' not in page
    client.post(f"/o/{org.slug}/scans/waves/{wave.pk}/live-results/")
    page = client.get(url).content.decode()
    assert 'id="withheld"' not in page and 'id="heatmap"' in page
    assert Wave.objects.get(pk=wave.pk).live_results


@pytest.mark.django_db
def test_the_board_report_of_an_open_wave_says_its_figures_follow_at_the_close(
    client, org, lead, wave
):
    for strength in (1, 2, 3, 4):
        _answer(wave, org.departments.get(name="Finance"), "staff", strength)
    client.force_login(lead)
    page = client.get(f"/o/{org.slug}/scans/waves/{wave.pk}/report/").content.decode()
    assert "its figures follow when it closes" in page


@pytest.mark.django_db
def test_the_stored_release_is_what_the_rule_gives_when_some_cells_move_and_others_wait(
    org, lead, wave
):
    from koers.diagnostic.services import release

    ctx = ctx_for(lead, org)
    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")
    wave = services.wave_live_results_start(ctx, wave=wave)
    for strength in (1, 2, 3):
        _answer(wave, finance, "staff", strength)
    wave_results(ctx, wave)
    first = release.released_tallies(wave)
    for strength in (2, 3, 4):
        _answer(wave, hr, "staff", strength)
    _answer(wave, finance, "staff", 5)
    expected = released(release.live_tallies(wave), first, 3)
    wave_results(ctx, wave)
    assert release.released_tallies(wave).by_key == expected.by_key
    assert release.released_tallies(wave).counts(RESPONDENTS) == {
        (str(finance.pk), "staff"): 3,
        (str(hr.pk), "staff"): 3,
    }


@pytest.mark.django_db
def test_reading_live_results_that_moved_nothing_writes_nothing(org, lead, wave):
    """On SQLite a write holds back every answer coming in: a reading that publishes nothing new
    must not take the wave's lock or touch the published figures."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ctx = ctx_for(lead, org)
    finance = org.departments.get(name="Finance")
    wave = services.wave_live_results_start(ctx, wave=wave)
    for strength in (1, 2, 3):
        _answer(wave, finance, "staff", strength)
    wave_results(ctx, wave)  # publishes the first three
    _answer(wave, finance, "staff", 4)  # one more: not enough to move
    with CaptureQueriesContext(connection) as queries:
        again = wave_results(ctx, wave)
    assert again.in_figures == 3 and again.held_back == 1
    written = [
        q["sql"]
        for q in queries.captured_queries
        # a transaction of its own (a savepoint inside the test's) is where SQLite takes the lock
        if q["sql"]
        .lstrip()
        .upper()
        .startswith(("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "BEGIN"))
        or "FOR UPDATE" in q["sql"].upper()
    ]
    assert written == []
