"""Checking a hand-made plan: every broken rule is named, with the candidates concerned; a plan
the planner proposes breaks none (pure, no database)."""

from __future__ import annotations

from hypothesis import given, settings

from koers.sprints.planner import Candidate, Constraints, Infeasible, Problem, plan
from koers.sprints.planner.check import Violation, violations
from koers.sprints.planner.tests.test_planner_properties import problems


def test_it_names_each_rule_the_selection_breaks():
    problem = Problem(
        candidates=(
            Candidate(id=1, value=5, effort_days=3, risk="high", departments=frozenset({7})),
            Candidate(id=2, value=3, effort_days=3, departments=frozenset({7}), depends_on={3}),
            Candidate(id=3, value=1, effort_days=3, data_readiness="ready"),
            Candidate(id=4, value=1, effort_days=1, cross_departmental=True),
        ),
        capacity_days=5,
        constraints=Constraints(
            max_risk="medium",
            min_data_readiness="partial",
            max_per_department=1,
            cross_departmental=True,
            must_include={4},
            must_exclude={1},
        ),
    )
    assert violations(problem, [1, 2, 99]) == [
        Violation("unknown", (99,)),
        Violation("capacity", effort_days=6),
        Violation("must_include", (4,)),
        Violation("must_exclude", (1,)),
        Violation("max_risk", (1,)),
        Violation("data_readiness", (1, 2)),
        Violation("dependency", (2, 3)),
        Violation("department_limit", (1, 2), department=7),
        Violation("cross_departmental"),
    ]


@settings(max_examples=60, deadline=None)
@given(problems())
def test_the_planners_own_plan_breaks_no_rule(problem):
    try:
        result = plan(problem)
    except Infeasible:
        return
    assert violations(problem, result.selected) == []
