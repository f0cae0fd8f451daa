"""Checking a plan the lead put together by hand (the proposal, adjusted) against the same rules
the planner keeps: each broken rule is a ``Violation`` that names it and the candidates concerned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from koers.sprints.planner.problem import DATA_READINESS, RISKS, Problem
from koers.sprints.planner.solve import CAPACITY_SLACK


@dataclass(frozen=True)
class Violation:
    # unknown, capacity, must_include, must_exclude, max_risk, data_readiness, dependency,
    # department_limit, cross_departmental
    rule: str
    candidates: tuple[int, ...] = ()
    department: int | None = None
    effort_days: float = 0.0  # for capacity: what the selection needs


def violations(problem: Problem, chosen: Iterable[int]) -> list[Violation]:
    """Every rule of ``problem`` that the selection ``chosen`` breaks; empty when it keeps all."""
    selected = set(chosen)
    by_id = problem.by_id()
    rules = problem.constraints
    found: list[Violation] = []
    unknown = sorted(selected - by_id.keys())
    if unknown:
        found.append(Violation("unknown", tuple(unknown)))
    picked = [by_id[i] for i in sorted(selected & by_id.keys())]
    effort = sum(c.effort_days for c in picked)
    if effort > problem.capacity_days * (1 + CAPACITY_SLACK) + CAPACITY_SLACK:
        found.append(Violation("capacity", effort_days=effort))
    missing = sorted(rules.must_include - selected)
    if missing:
        found.append(Violation("must_include", tuple(missing)))
    excluded = sorted(rules.must_exclude & selected)
    if excluded:
        found.append(Violation("must_exclude", tuple(excluded)))
    if rules.max_risk is not None:
        limit = RISKS.index(rules.max_risk)
        risky = tuple(c.id for c in picked if RISKS.index(c.risk) > limit)
        if risky:
            found.append(Violation("max_risk", risky))
    if rules.min_data_readiness is not None:
        least = DATA_READINESS.index(rules.min_data_readiness)
        unready = tuple(c.id for c in picked if DATA_READINESS.index(c.data_readiness) < least)
        if unready:
            found.append(Violation("data_readiness", unready))
    for candidate in picked:
        lacking = sorted(candidate.depends_on - selected)
        if lacking:
            found.append(Violation("dependency", (candidate.id, *lacking)))
    if rules.max_per_department is not None:
        counts = Counter(d for c in picked for d in c.departments)
        for department, count in sorted(counts.items()):
            if count > rules.max_per_department:
                ids = tuple(c.id for c in picked if department in c.departments)
                found.append(Violation("department_limit", ids, department=department))
    if rules.cross_departmental and not any(c.cross_departmental for c in picked):
        found.append(Violation("cross_departmental"))
    return found
