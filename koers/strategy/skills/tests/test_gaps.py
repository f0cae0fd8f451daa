"""Self-assessed levels per cell: never a cell under k, never one that subtraction reveals."""

from __future__ import annotations

import itertools

import pytest

from koers.core.anonymity import ORGANISATION, determined, relations
from koers.strategy.skills.gaps import Answer, Level, cell_levels, current_level, gap

STRUCTURE = {(d, r) for d in ("fin", "hr") for r in ("leadership", "staff")}


def _answers(department: str, role_group: str, levels: list[int], skill: str = "lit"):
    return [Answer(department, role_group, skill, level) for level in levels]


def test_it_shows_a_department_once_k_people_answered():
    answers = _answers("fin", "staff", [1, 2, 3, 2, 2]) + _answers("hr", "staff", [4] * 5)
    shown = cell_levels(answers, skills=["lit"], structure={("fin", "staff"), ("hr", "staff")}, k=5)
    assert shown["lit"][("fin", None)] == Level(5, 2.0, 2.0)
    assert shown["lit"][ORGANISATION] == Level(10, 3.0, 3.5)


def test_it_never_shows_a_cell_under_k():
    answers = _answers("fin", "staff", [1, 2, 3, 4]) + _answers("hr", "staff", [2] * 9)
    shown = cell_levels(answers, skills=["lit"], structure=STRUCTURE, k=5)["lit"]
    assert all(level.n >= 5 for level in shown.values())
    assert ("fin", None) not in shown and ("fin", "staff") not in shown


def test_one_lead_cannot_be_found_by_subtracting_the_staff_from_the_department():
    # Finance: five staff and one lead. Showing both Finance and its staff would give the lead's
    # level away as 6 x mean(Finance) - 5 x mean(staff).
    answers = (
        _answers("fin", "staff", [1, 1, 1, 1, 1])
        + _answers("fin", "leadership", [4])
        + _answers("hr", "staff", [2] * 6)
        + _answers("hr", "leadership", [3] * 5)
    )
    shown = cell_levels(answers, skills=["lit"], structure=STRUCTURE, k=5)["lit"]
    assert ("fin", "leadership") not in shown
    assert not (("fin", None) in shown and ("fin", "staff") in shown)
    assert not ((None, "leadership") in shown and ("hr", "leadership") in shown)
    cells = {c for d, r in STRUCTURE for c in ((d, r), (d, None), (None, r))} | {ORGANISATION}
    assert not determined(cells, cells - set(shown))


@pytest.mark.parametrize("seed", range(40))
def test_no_combination_of_shown_sums_gives_away_a_hidden_cell(seed):
    """Every pair of a total and all-but-one of its parts shown would give the last part away;
    an exhaustive check over random tables shows that pair never appears."""
    sizes = [(seed * 7 + i * 3) % 9 for i in range(4)]
    answers = list(
        itertools.chain.from_iterable(
            _answers(d, r, [i % 5 for i in range(n)])
            for (d, r), n in zip(sorted(STRUCTURE), sizes, strict=True)
        )
    )
    shown = cell_levels(answers, skills=["lit"], structure=STRUCTURE, k=3)["lit"]
    all_cells = {c for d, r in STRUCTURE for c in ((d, r), (d, None), (None, r))} | {ORGANISATION}
    assert all(level.n >= 3 for level in shown.values())
    for relation in relations(all_cells):
        hidden = [part for part in relation.parts if part not in shown]
        if relation.total in shown and hidden:
            # What the hidden parts hold together follows by subtraction: never one cell alone,
            # never fewer than k people.
            together = sum(_people(answers, part) for part in hidden)
            assert (len(hidden) > 1 and together >= 3) or together == 0
    assert not determined(all_cells, all_cells - set(shown))


def _people(answers, cell):
    department, role_group = cell
    return sum(
        1
        for a in answers
        if department in (None, a.department) and role_group in (None, a.role_group)
    )


def test_each_skill_is_suppressed_on_its_own_answers():
    answers = _answers("fin", "staff", [2] * 5) + _answers("fin", "staff", [1] * 2, skill="data")
    shown = cell_levels(answers, skills=["lit", "data"], structure={("fin", "staff")}, k=5)
    assert ("fin", None) in shown["lit"]
    assert shown["data"] == {}


def test_the_current_level_is_the_self_assessment_then_the_ambassadors_judgement():
    shown = {("fin", None): Level(6, 2.5, 2.0)}
    assert current_level(shown, {"fin": 1}, ("fin", None)) == (2.5, "self")
    assert current_level({}, {"fin": 1}, ("fin", None)) == (1.0, "ambassador")
    assert current_level({}, {"fin": 1}, ("fin", "staff")) == (None, "")
    assert current_level({}, {}, ("hr", None)) == (None, "")


def test_the_gap_is_needed_minus_current():
    assert gap(3, 1.5) == 1.5
    assert gap(1, 2.0) == -1.0
    assert gap(2, None) is None


def test_it_refuses_a_k_under_three():
    with pytest.raises(ValueError, match="at least 3"):
        cell_levels([], skills=["lit"], structure=STRUCTURE, k=2)
