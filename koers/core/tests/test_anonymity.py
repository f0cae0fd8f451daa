"""Which result cells may be shown: k respondents or more, nothing recoverable by differencing."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koers.core.anonymity import (
    ORGANISATION,
    Cell,
    cell_counts,
    determined,
    publishable,
    relations,
)


def table(rows: dict[str, dict[str, int]]) -> dict[Cell, int]:
    """Counts per department x role group, with every margin added."""
    return cell_counts(
        [(d, r) for d, row in rows.items() for r, n in row.items() for _ in range(n)],
        cells=[(d, r) for d, row in rows.items() for r in row],
    )


# --- The checkers: what an attacker holding every published figure can work out. ---------------


def derivable_one_step_at_a_time(counts: dict[Cell, int], published: set[Cell]) -> set[Cell]:
    """Cells learnt by repeatedly solving any relation in which one member is still unknown."""
    known = set(published)
    learnt: set[Cell] = set()
    progress = True
    while progress:
        progress = False
        for relation in relations(counts):
            unknown = {relation.total, *relation.parts} - known
            if len(unknown) == 1:
                known |= unknown
                learnt |= unknown
                progress = True
    return learnt


def derivable_by_linear_algebra(counts: dict[Cell, int], published: set[Cell]) -> set[Cell]:
    """Unknown cells fixed by the whole linear system of relations (any combination of them).

    A cell is fixed when no solution of the system can move it: dropping its column from the
    system restricted to the unknowns lowers the rank. The check looks only at which cells are
    published, so it holds for the counts and for every other additive statistic alike.
    """
    unknown = sorted(set(counts) - published, key=repr)
    if not unknown:
        return set()
    matrix = np.zeros((len(relations(counts)), len(unknown)))
    index = {cell: i for i, cell in enumerate(unknown)}
    for row, relation in enumerate(relations(counts)):
        if relation.total in index:
            matrix[row, index[relation.total]] += 1
        for part in relation.parts:
            if part in index:
                matrix[row, index[part]] -= 1
    rank = np.linalg.matrix_rank(matrix)
    return {
        cell
        for cell, i in index.items()
        if np.linalg.matrix_rank(np.delete(matrix, i, axis=1)) < rank
    }


def small_remainders(counts: dict[Cell, int], published: set[Cell], k: int) -> list[Cell]:
    """Totals from which subtracting the published parts leaves fewer than k respondents."""
    found = []
    for relation in relations(counts):
        hidden = [part for part in relation.parts if part not in published]
        if relation.total in published and hidden and sum(counts[p] for p in hidden) < k:
            found.append(relation.total)
    return found


# --- Examples -----------------------------------------------------------------------------------


def test_it_publishes_everything_when_every_cell_is_big_enough():
    counts = table({"finance": {"leadership": 5, "staff": 20}, "hr": {"leadership": 6, "staff": 9}})
    assert publishable(counts, k=5) == set(counts)


def test_it_hides_a_small_department_and_the_one_that_would_give_it_away():
    counts = table({"finance": {"staff": 30}, "hr": {"staff": 12}, "legal": {"staff": 2}})
    shown = publishable(counts, k=5)
    assert ("legal", None) not in shown
    # Organisation minus finance minus HR would be legal: HR (the smaller) is hidden too.
    assert ("hr", None) not in shown
    assert {ORGANISATION, ("finance", None), (None, "staff")} <= shown


def test_it_hides_two_small_departments_that_together_are_still_fewer_than_k():
    counts = table(
        {"finance": {"staff": 30}, "hr": {"staff": 12}, "a": {"staff": 1}, "b": {"staff": 1}}
    )
    shown = publishable(counts, k=5)
    # The organisation minus finance and HR would be the two respondents of a and b together.
    assert ("hr", None) not in shown
    assert small_remainders(counts, shown, 5) == []


def test_it_hides_the_staff_of_a_department_whose_leadership_is_hidden():
    counts = table(
        {"finance": {"leadership": 2, "staff": 30}, "hr": {"leadership": 6, "staff": 12}}
    )
    shown = publishable(counts, k=5)
    assert ("finance", "leadership") not in shown
    assert ("finance", "staff") not in shown
    assert ("finance", None) in shown
    assert derivable_by_linear_algebra(counts, shown) == set()


def test_it_hides_a_total_that_equals_its_only_hidden_part():
    counts = table({"finance": {"leadership": 3, "staff": 1}, "hr": {"leadership": 6, "staff": 12}})
    shown = publishable(counts, k=3)
    assert derivable_by_linear_algebra(counts, shown) == set()
    assert small_remainders(counts, shown, 3) == []


def test_a_missing_cell_is_a_known_zero_and_a_zero_count_is_protected():
    structural = table({"finance": {"staff": 30}, "hr": {"leadership": 6, "staff": 12}})
    assert ("finance", "leadership") not in structural
    assert publishable(structural, k=5) == set(structural)
    nobody_answered = table(
        {"finance": {"leadership": 0, "staff": 30}, "hr": {"leadership": 6, "staff": 12}}
    )
    shown = publishable(nobody_answered, k=5)
    assert ("finance", "leadership") not in shown
    assert derivable_by_linear_algebra(nobody_answered, shown) == set()


def test_it_hides_everything_when_the_organisation_is_smaller_than_k():
    assert publishable(table({"finance": {"staff": 4}}), k=5) == set()


def test_it_is_deterministic():
    counts = table({d: {"leadership": 3, "staff": 7} for d in "abcdef"})
    shuffled = dict(reversed(counts.items()))
    assert publishable(counts, k=5) == publishable(shuffled, k=5)


@pytest.mark.parametrize("k", [2, 0, -1, 2.5, True])
def test_k_below_three_is_refused(k):
    with pytest.raises(ValueError, match="at least 3"):
        publishable(table({"finance": {"staff": 30}}), k=k)


def test_counts_whose_totals_do_not_add_up_are_refused():
    counts = table({"finance": {"staff": 30}, "hr": {"staff": 12}})
    counts[ORGANISATION] += 1  # e.g. a respondent without a department counted only in the total
    with pytest.raises(ValueError, match="add up"):
        publishable(counts, k=5)


def test_the_differencing_check_sees_a_bridge_between_two_hidden_blocks():
    # Every row and column with a hidden cell has two of them, yet a - b is fixed by the others:
    # (a's row + b's row) - (x's column + y's column) leaves exactly the cell (b, z).
    hidden = {
        ("a", "x"),
        ("a", "y"),
        ("b", "x"),
        ("b", "y"),
        ("b", "z"),
        ("c", "z"),
        ("c", "w"),
        ("d", "z"),
        ("d", "w"),
    }
    counts = table({d: dict.fromkeys("xyzw", 10) for d in "abcd"})
    shown = set(counts) - hidden
    assert derivable_one_step_at_a_time(counts, shown) == set()
    assert derivable_by_linear_algebra(counts, shown) == {("b", "z")}
    assert determined(counts, hidden) == {("b", "z")}


# --- Properties ---------------------------------------------------------------------------------

role_groups = st.lists(
    st.sampled_from(["leadership", "staff", "managers", "interns"]),
    min_size=1,
    max_size=3,
    unique=True,
)


@st.composite
def organisations(draw: st.DrawFn) -> dict[Cell, int]:
    """A random organisation: departments, role groups, some combinations that cannot exist."""
    groups = draw(role_groups)
    departments = draw(st.integers(min_value=1, max_value=7))
    size = st.one_of(st.integers(0, 4), st.integers(0, 40), st.none())  # None: no such people
    rows = {}
    for d in range(departments):
        row = {r: draw(size) for r in groups}
        # A department has people in at least one role group, or it would not be in the chart.
        rows[f"department-{d}"] = {r: n for r, n in row.items() if n is not None} or {groups[0]: 0}
    return table(rows)


def assert_safe(counts: dict[Cell, int], shown: set[Cell], k: int) -> None:
    assert shown <= set(counts)
    assert all(counts[cell] >= k for cell in shown)
    assert derivable_one_step_at_a_time(counts, shown) == set()
    assert derivable_by_linear_algebra(counts, shown) == set()
    assert small_remainders(counts, shown, k) == []


@settings(max_examples=300, deadline=None)
@given(organisations(), st.integers(min_value=3, max_value=10))
def test_no_published_cell_rests_on_fewer_than_k_and_none_hidden_can_be_recovered(counts, k):
    assert_safe(counts, publishable(counts, k), k)


@settings(max_examples=100, deadline=None)
@given(organisations(), st.integers(min_value=3, max_value=10), st.randoms(use_true_random=False))
def test_a_statistic_with_fewer_answers_than_respondents_is_safe_on_both_sets(counts, k, random):
    # An item's mean rests on the answers without "don't know": its own counts are at most the
    # respondent counts. Showing it only where both sets agree keeps it safe for both.
    answers = table(
        {
            d: {
                r: random.randint(0, counts[(d, r)])
                for (dd, r) in counts
                if dd == d and r is not None
            }
            for d in {d for d, _ in counts if d is not None}
        }
    )
    shown = publishable(counts, k) & publishable(answers, k)
    assert_safe(counts, shown, k)
    assert_safe(answers, shown, k)


@settings(max_examples=200, deadline=None)
@given(organisations(), st.randoms(use_true_random=False))
def test_the_cycle_rule_finds_exactly_the_cells_linear_algebra_can_recover(counts, random):
    # publishable() relies on graph theory (a hidden cell is recoverable iff it lies on no cycle of
    # hidden cells); the rank test is the independent definition. They agree on any hidden set.
    hidden = {cell for cell in counts if random.random() < 0.5}
    assert determined(counts, hidden) == derivable_by_linear_algebra(counts, set(counts) - hidden)


@settings(max_examples=100, deadline=None)
@given(organisations(), st.integers(min_value=3, max_value=10))
def test_primary_suppression_hides_exactly_the_cells_below_k(counts, k):
    shown = publishable(counts, k)
    assert {cell for cell in counts if counts[cell] < k}.isdisjoint(shown)
    assert publishable(counts, k) == shown


@settings(max_examples=300, deadline=None)
@given(organisations(), st.integers(min_value=3, max_value=10), st.randoms(use_true_random=False))
def test_suppression_can_go_on_from_the_cells_another_figure_hides(counts, k, random):
    # The Django layer shows an item where the respondent counts and the item's own counts both
    # allow it; continuing the item's suppression from what the respondents hide keeps the
    # combination safe by construction, not only by the intersection.
    answers = table(
        {
            d: {
                r: random.randint(0, counts[(d, r)])
                for (dd, r) in counts
                if dd == d and r is not None
            }
            for d in {d for d, _ in counts if d is not None}
        }
    )
    first = publishable(counts, k)
    second = publishable(answers, k, hidden=set(counts) - first)
    assert second <= first
    assert_safe(counts, second, k)
    assert_safe(answers, second, k)
