"""Completing a module by its assessment (the kinds are alternatives) and reaching a level only
with every module of it."""

from __future__ import annotations

from datetime import date

from koers.academy.progress import completions, level_reached

D1, D2, D3 = date(2026, 3, 1), date(2026, 3, 8), date(2026, 3, 15)
KINDS = {"talk": "attendance", "essay": "assignment", "quiz": "quiz"}


def test_each_kind_of_module_is_completed_by_its_own_assessment_alone():
    done = completions(
        assessment=KINDS,
        attended=[("ann", "talk", D2), ("ann", "essay", D1), ("bob", "quiz", D1)],
        passed=[("ann", "quiz", D3), ("bob", "essay", D2)],
    )
    # Ann's quiz counts without a session; her session of the essay module is not an essay.
    assert done == {("ann", "talk"): D2, ("ann", "quiz"): D3, ("bob", "essay"): D2}


def test_a_module_counts_from_the_first_day_it_was_completed():
    done = completions(
        assessment=KINDS, attended=[("ann", "talk", D3), ("ann", "talk", D1)], passed=[]
    )
    assert done == {("ann", "talk"): D1}


def test_a_level_needs_every_module_of_it_and_every_lower_level():
    by_level = {"foundation": ["f1", "f2"], "practitioner": ["p"], "trainer": ["t"]}
    assert level_reached(by_level, ["f1"]) is None
    assert level_reached(by_level, ["f1", "f2"]) == "foundation"
    assert level_reached(by_level, ["f1", "f2", "t"]) == "foundation"  # practitioner is missing
    assert level_reached(by_level, ["f1", "f2", "p", "t"]) == "trainer"


def test_a_level_without_modules_neither_counts_nor_stands_in_the_way():
    assert level_reached({"foundation": ["f"], "trainer": ["t"]}, ["f", "t"]) == "trainer"
    assert level_reached({}, ["f"]) is None
