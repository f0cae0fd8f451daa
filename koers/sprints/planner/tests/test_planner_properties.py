"""The planner's promises, checked on random backlogs: every plan keeps every rule, on small
backlogs it is as good as trying every subset, the solver proves it, and the naive pick never
does better."""

from __future__ import annotations

import math
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from koers.sprints.planner import (
    DATA_READINESS,
    RISKS,
    Candidate,
    Constraints,
    Infeasible,
    Plan,
    Problem,
    Reason,
    plan,
)
from koers.sprints.planner.solve import closure

# Few examples each, so that the five properties take a few seconds together.
EXAMPLES = settings(max_examples=30, deadline=None)


@st.composite
def problems(draw: st.DrawFn, max_candidates: int = 12) -> Problem:
    n = draw(st.integers(0, max_candidates))
    ids = list(range(1, n + 1))
    candidates = [
        Candidate(
            id=i,
            # Whole and half numbers, so that sums compare exactly with the brute force's.
            value=draw(st.integers(0, 40)) / 2,
            effort_days=draw(st.integers(1, 20)) / 2,
            risk=draw(st.sampled_from(RISKS)),
            data_readiness=draw(st.sampled_from(DATA_READINESS)),
            departments=draw(st.frozensets(st.integers(1, 3), max_size=2)),
            cross_departmental=draw(st.booleans()),
            depends_on=draw(st.frozensets(st.sampled_from(ids), max_size=2)) - {i} if ids else (),
            score=draw(st.none() | st.floats(0, 1)),
        )
        for i in ids
    ]
    some = st.frozensets(st.sampled_from(ids), max_size=2) if ids else st.just(frozenset())
    constraints = Constraints(
        max_risk=draw(st.none() | st.sampled_from(RISKS)),
        min_data_readiness=draw(st.sampled_from([None, "partial", "ready"])),
        max_per_department=draw(st.none() | st.integers(0, 3)),
        cross_departmental=draw(st.booleans()),
        must_include=draw(some),
        must_exclude=draw(some),
    )
    return Problem(
        candidates=tuple(candidates),
        capacity_days=draw(st.integers(0, 40)) / 2,
        constraints=constraints,
    )


def keeps_every_rule(problem: Problem, chosen: set[int]) -> bool:
    by_id, rules = problem.by_id(), problem.constraints
    picked = [by_id[i] for i in chosen]
    departments = Counter(d for c in picked for d in c.departments)
    return (
        sum(c.effort_days for c in picked) <= problem.capacity_days
        and all(c.depends_on <= chosen for c in picked)
        and rules.must_include <= chosen
        and not rules.must_exclude & chosen
        and all(
            rules.max_risk is None or RISKS.index(c.risk) <= RISKS.index(rules.max_risk)
            for c in picked
        )
        and all(
            rules.min_data_readiness is None
            or DATA_READINESS.index(c.data_readiness)
            >= DATA_READINESS.index(rules.min_data_readiness)
            for c in picked
        )
        and (
            rules.max_per_department is None
            or all(n <= rules.max_per_department for n in departments.values())
        )
        and (not rules.cross_departmental or any(c.cross_departmental for c in picked))
    )


def best_by_trying_every_subset(problem: Problem) -> float | None:
    """The most value of any plan that keeps every rule, or None when no plan does."""
    ids = [c.id for c in problem.candidates]
    best = None
    for mask in range(1 << len(ids)):
        chosen = {i for k, i in enumerate(ids) if mask >> k & 1}
        if keeps_every_rule(problem, chosen):
            value = sum(problem.by_id()[i].value for i in chosen)
            best = value if best is None else max(best, value)
    return best


def plan_or_none(problem: Problem) -> Plan | None:
    try:
        return plan(problem)
    except Infeasible:
        return None


@EXAMPLES
@given(problems())
def test_every_plan_keeps_the_capacity_and_every_constraint(problem: Problem) -> None:
    result = plan_or_none(problem)
    if result is not None:
        assert keeps_every_rule(problem, set(result.selected))
        assert result.effort_days <= problem.capacity_days


@EXAMPLES
@given(problems())
def test_on_small_backlogs_the_plan_is_worth_as_much_as_the_best_of_every_subset(
    problem: Problem,
) -> None:
    best = best_by_trying_every_subset(problem)
    result = plan_or_none(problem)
    if best is None:
        assert result is None, "a plan was made where none keeps every rule"
    else:
        assert result is not None, "no plan was made where one keeps every rule"
        assert math.isclose(result.value, best, abs_tol=1e-6)


@EXAMPLES
@given(problems(max_candidates=20))
def test_the_solver_proves_every_plan_optimal(problem: Problem) -> None:
    result = plan_or_none(problem)
    if result is not None:
        assert result.proven_optimal


@EXAMPLES
@given(problems(max_candidates=20))
def test_the_naive_pick_keeps_every_rule_and_never_beats_the_plan(problem: Problem) -> None:
    result = plan_or_none(problem)
    if result is not None:
        assert keeps_every_rule(problem, set(result.greedy))
        assert result.greedy_value <= result.value + 1e-6
        assert 0 <= result.greedy_gap <= 1


@EXAMPLES
@given(problems(max_candidates=20))
def test_each_candidate_gets_one_verdict_and_its_reason_is_true(problem: Problem) -> None:
    result = plan_or_none(problem)
    if result is None:
        return
    by_id, rules = problem.by_id(), problem.constraints
    selected = set(result.selected)
    assert [v.id for v in result.verdicts] == [c.id for c in problem.candidates]
    for verdict in result.verdicts:
        c = by_id[verdict.id]
        assert verdict.selected == (c.id in selected)
        assert (verdict.value, verdict.effort_days) == (c.value, c.effort_days)
        match verdict.reason:
            case Reason.MUST_INCLUDE:
                assert c.id in rules.must_include
            case Reason.REQUIRED_BY:
                assert verdict.related
                assert all(c.id in by_id[i].depends_on and i in selected for i in verdict.related)
            case Reason.MUST_EXCLUDE:
                assert c.id in rules.must_exclude
            case Reason.RISK_ABOVE_MAX:
                assert rules.max_risk is not None
                assert RISKS.index(c.risk) > RISKS.index(rules.max_risk)
            case Reason.DATA_NOT_READY:
                assert rules.min_data_readiness is not None
                assert c.data_readiness in ("unknown", "missing", "partial")
            case Reason.DEPENDENCY_EXCLUDED:
                assert set(verdict.related) <= c.depends_on
                assert not selected & set(verdict.related)
            case Reason.OVER_CAPACITY:
                whole = closure(by_id, [c.id])
                assert sum(by_id[i].effort_days for i in whole) > problem.capacity_days
            case Reason.DEPARTMENT_LIMIT:
                assert verdict.department is not None and rules.max_per_department is not None
                adding = closure(by_id, [c.id]) - selected
                already = sum(verdict.department in by_id[i].departments for i in selected)
                more = sum(verdict.department in by_id[i].departments for i in adding)
                assert already + more > rules.max_per_department
            case Reason.LOWER_VALUE_PER_DAY:
                # Taking it with its dependencies would not leave a better plan within capacity.
                adding = closure(by_id, [c.id]) - selected
                effort = sum(by_id[i].effort_days for i in selected | adding)
                gain = sum(by_id[i].value for i in adding)
                assert effort > problem.capacity_days or gain <= 1e-6
            case Reason.CHOSEN:
                assert verdict.selected
