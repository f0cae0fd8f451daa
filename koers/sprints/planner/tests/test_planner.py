"""The planner on hand-made backlogs: what it chooses, why, and how it refuses a plan that
cannot be made."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from pydantic import ValidationError

from koers.sprints.planner import Candidate, Constraints, Infeasible, Problem, Reason, plan


def backlog(*rows: tuple[int, float, float], **extra: object) -> tuple[Candidate, ...]:
    return tuple(Candidate(id=i, value=v, effort_days=e, **extra) for i, v, e in rows)  # type: ignore[arg-type]


def test_it_beats_sorting_by_score_when_two_small_ones_are_worth_more_than_one_big() -> None:
    candidates = backlog((1, 6, 6), (2, 4, 3), (3, 4, 3))
    result = plan(Problem(candidates=candidates, capacity_days=6))
    assert result.selected == (2, 3)
    assert result.value == 8 and result.effort_days == 6
    assert result.proven_optimal
    assert result.greedy == (1,) and result.greedy_value == 6
    assert result.left_on_table == 2 and result.greedy_gap == pytest.approx(0.25)
    verdicts = {v.id: v.reason for v in result.verdicts}
    assert verdicts == {
        1: Reason.LOWER_VALUE_PER_DAY,
        2: Reason.CHOSEN,
        3: Reason.CHOSEN,
    }


def test_it_says_which_constraint_keeps_each_one_out() -> None:
    ready = {"data_readiness": "ready"}
    candidates = (
        Candidate(id=1, value=9, effort_days=1, risk="high", **ready),
        Candidate(id=2, value=9, effort_days=1, data_readiness="missing"),
        Candidate(id=3, value=9, effort_days=1, **ready),
        Candidate(id=4, value=9, effort_days=1, depends_on=frozenset({3}), **ready),
        Candidate(id=5, value=9, effort_days=50, **ready),
        Candidate(id=6, value=5, effort_days=1, departments=frozenset({7}), **ready),
        Candidate(id=7, value=4, effort_days=1, departments=frozenset({7}), **ready),
        Candidate(id=8, value=1, effort_days=2, **ready),
    )
    rules = Constraints(
        max_risk="medium",
        min_data_readiness="partial",
        max_per_department=1,
        must_exclude=frozenset({3}),
    )
    result = plan(Problem(candidates=candidates, capacity_days=3, constraints=rules))
    assert result.selected == (6, 8)
    verdicts = {v.id: v for v in result.verdicts}
    assert verdicts[1].reason is Reason.RISK_ABOVE_MAX
    assert verdicts[2].reason is Reason.DATA_NOT_READY
    assert verdicts[3].reason is Reason.MUST_EXCLUDE
    assert (verdicts[4].reason, verdicts[4].related) == (Reason.DEPENDENCY_EXCLUDED, (3,))
    assert verdicts[5].reason is Reason.OVER_CAPACITY
    assert (verdicts[7].reason, verdicts[7].department) == (Reason.DEPARTMENT_LIMIT, 7)


def test_a_dependency_comes_into_the_plan_with_the_one_that_needs_it() -> None:
    candidates = (
        Candidate(id=1, value=0, effort_days=2),
        Candidate(id=2, value=10, effort_days=2, depends_on=frozenset({1})),
    )
    result = plan(Problem(candidates=candidates, capacity_days=4))
    assert result.selected == (1, 2)
    first = result.verdicts[0]
    assert (first.reason, first.related) == (Reason.REQUIRED_BY, (2,))


def test_a_must_include_is_taken_even_when_it_is_worth_less() -> None:
    candidates = backlog((1, 9, 3), (2, 1, 3))
    rules = Constraints(must_include=frozenset({2}))
    result = plan(Problem(candidates=candidates, capacity_days=3, constraints=rules))
    assert result.selected == (2,)
    assert result.verdicts[1].reason is Reason.MUST_INCLUDE
    assert result.greedy == (2,)


def test_the_plan_has_a_cross_departmental_one_when_asked() -> None:
    candidates = (
        Candidate(id=1, value=9, effort_days=3),
        Candidate(id=2, value=1, effort_days=3, cross_departmental=True, theme=4),
    )
    rules = Constraints(cross_departmental=True)
    result = plan(Problem(candidates=candidates, capacity_days=3, constraints=rules))
    assert result.selected == (2,)


def test_an_empty_backlog_gives_an_empty_plan_proven_optimal() -> None:
    result = plan(Problem(candidates=(), capacity_days=10))
    assert (result.selected, result.value, result.proven_optimal) == ((), 0, True)
    assert result.greedy_gap == 0


@pytest.mark.parametrize(
    ("candidates", "rules", "capacity", "conflict", "words"),
    [
        (
            backlog((1, 1, 1)),
            Constraints(must_include=frozenset({1}), must_exclude=frozenset({1})),
            5,
            "include_and_exclude",
            "Use case 1 is both must-include and must-exclude.",
        ),
        (
            backlog((1, 1, 4), (2, 1, 4)),
            Constraints(must_include=frozenset({1, 2})),
            5,
            "must_include_over_capacity",
            "need 8 person-days; the capacity is 5",
        ),
        (
            backlog((1, 1, 9)),
            Constraints(must_include=frozenset({1})),
            5,
            "must_include_excluded",
            "Must-include use case 1 needs 9 person-days, more than the capacity (5).",
        ),
        (
            (
                Candidate(id=1, value=1, effort_days=1),
                Candidate(id=2, value=1, effort_days=1, depends_on=frozenset({3})),
                Candidate(id=3, value=1, effort_days=1, depends_on=frozenset({1})),
            ),
            Constraints(must_include=frozenset({2}), must_exclude=frozenset({1})),
            5,
            "must_include_excluded",
            "Must-include use case 2 depends on 1, which is must-exclude.",
        ),
        (
            backlog((1, 1, 1), risk="high"),
            Constraints(must_include=frozenset({1}), max_risk="low"),
            5,
            "must_include_excluded",
            "has risk high, above the maximum (low)",
        ),
        (
            backlog((1, 1, 1), (2, 1, 1), departments=frozenset({8})),
            Constraints(must_include=frozenset({1, 2}), max_per_department=1),
            5,
            "must_include_department_limit",
            "take 2 from department 8; at most 1 are allowed",
        ),
        (
            backlog((1, 1, 1)),
            Constraints(cross_departmental=True),
            5,
            "no_cross_departmental",
            "No use case of a cross-departmental theme can be in the plan",
        ),
        (
            (
                Candidate(id=1, value=1, effort_days=4),
                Candidate(id=2, value=1, effort_days=4, cross_departmental=True),
            ),
            Constraints(cross_departmental=True, must_include=frozenset({1})),
            5,
            "no_cross_departmental",
            "fits in the capacity and the department limit beside the must-include",
        ),
    ],
)
def test_a_plan_that_cannot_be_made_is_refused_naming_the_conflict(
    candidates: tuple[Candidate, ...],
    rules: Constraints,
    capacity: float,
    conflict: str,
    words: str,
) -> None:
    with pytest.raises(Infeasible, match=re.escape(words)) as refused:
        plan(Problem(candidates=candidates, capacity_days=capacity, constraints=rules))
    assert refused.value.conflict == conflict


@pytest.mark.parametrize(
    "bad",
    [
        {"candidates": backlog((1, 1, 1), (1, 2, 2)), "capacity_days": 5},
        {"candidates": backlog((1, 1, 1)), "capacity_days": -1},
        {"candidates": backlog((1, 1, 1)), "capacity_days": float("inf")},
        {
            "candidates": backlog((1, 1, 1)),
            "capacity_days": 5,
            "constraints": Constraints(must_include=frozenset({9})),
        },
    ],
)
def test_a_malformed_problem_is_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Problem(**bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [
        {"value": -1, "effort_days": 1},
        {"value": float("nan"), "effort_days": 1},
        {"value": 1, "effort_days": 0},
        {"value": 1, "effort_days": 1, "risk": "extreme"},
        {"value": 1, "effort_days": 1, "depends_on": frozenset({1})},
        {"value": 1, "effort_days": 1, "depends_on": frozenset(range(5000))},
    ],
)
def test_a_malformed_candidate_is_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Candidate(id=1, **bad)  # type: ignore[arg-type]


def test_it_prints_nothing_so_a_commands_json_output_stays_clean() -> None:
    # HiGHS prints a banner on standard output when the first solver of a process is made.
    code = (
        "from koers.sprints.planner import Candidate, Problem, plan; "
        "plan(Problem(candidates=(Candidate(id=1, value=1, effort_days=1),), capacity_days=1)); "
        "plan(Problem(candidates=(Candidate(id=1, value=1, effort_days=1),), capacity_days=1)); "
        "print('plan')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "plan\n"
