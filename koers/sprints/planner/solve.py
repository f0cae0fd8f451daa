"""The plan: an exact integer programme on HiGHS, the reason for each candidate, and the naive
pick beside it.

A candidate that can never be in the plan (must-exclude, risk above the maximum, data not ready,
more effort than the whole capacity, or depending on one of those) is decided before the solver
runs; the must-includes are checked against the constraints first, so a clash gets an
``Infeasible`` that names it instead of a plan that quietly breaks a rule.
"""

from __future__ import annotations

import functools
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from koers.sprints.planner.problem import (
    DATA_READINESS,
    RISKS,
    Candidate,
    Infeasible,
    Problem,
)

# The solver's word is proof up to this absolute gap in value, and a plan may exceed the
# capacity by no more than this share of it (rounding of the efforts' sum).
VALUE_GAP = 1e-6
CAPACITY_SLACK = 1e-9
DEFAULT_TIME_LIMIT_S = 60.0


class Reason(StrEnum):
    # In the plan:
    CHOSEN = "chosen"  # part of the most valuable plan within the capacity
    MUST_INCLUDE = "must_include"
    REQUIRED_BY = "required_by"  # a chosen candidate depends on it
    # Out of the plan:
    MUST_EXCLUDE = "must_exclude"
    RISK_ABOVE_MAX = "risk_above_max"
    DATA_NOT_READY = "data_not_ready"
    DEPENDENCY_EXCLUDED = "dependency_excluded"  # it depends on a candidate that cannot be in
    OVER_CAPACITY = "over_capacity"  # with its dependencies it needs more than the capacity
    DEPARTMENT_LIMIT = "department_limit"  # its department already has the most allowed
    # It would fit only instead of chosen work that is worth more per day.
    LOWER_VALUE_PER_DAY = "lower_value_per_day"


@dataclass(frozen=True)
class Verdict:
    id: int
    selected: bool
    reason: Reason
    value: float
    effort_days: float
    # The candidates the reason is about: the dependency that is excluded, the chosen
    # candidates that need this one, or the dependencies that make it too big.
    related: tuple[int, ...] = ()
    department: int | None = None  # for DEPARTMENT_LIMIT


@dataclass(frozen=True)
class Plan:
    capacity_days: float
    selected: tuple[int, ...]  # by id
    value: float
    effort_days: float
    proven_optimal: bool
    verdicts: tuple[Verdict, ...]  # in the order of the candidates
    greedy: tuple[int, ...]  # the naive pick: by score, each one that still fits
    greedy_value: float

    @property
    def left_on_table(self) -> float:
        """The value the naive pick misses."""
        return max(0.0, self.value - self.greedy_value)

    @property
    def greedy_gap(self) -> float:
        """The value the naive pick misses, as a share of the plan's value."""
        return self.left_on_table / self.value if self.value > 0 else 0.0


def plan(problem: Problem, *, time_limit_s: float = DEFAULT_TIME_LIMIT_S) -> Plan:
    """The most valuable plan that meets every constraint of ``problem``.

    ``proven_optimal`` is the solver's word; it is false only when ``time_limit_s`` ran out
    first, and then the plan is the best one found. Raises ``Infeasible`` when no plan meets
    the constraints."""
    by_id = problem.by_id()
    out = _excluded_up_front(problem, by_id)
    required = _check_must_include(problem, by_id, out)
    eligible = [c for c in problem.candidates if c.id not in out]
    selected, proven = _solve(problem, eligible, required, time_limit_s)
    greedy = _greedy(problem, by_id, out)
    return Plan(
        capacity_days=problem.capacity_days,
        selected=tuple(sorted(selected)),
        value=sum(by_id[i].value for i in selected),
        effort_days=sum(by_id[i].effort_days for i in selected),
        proven_optimal=proven,
        verdicts=tuple(_verdicts(problem, by_id, out, selected)),
        greedy=tuple(sorted(greedy)),
        greedy_value=sum(by_id[i].value for i in greedy),
    )


def closure(by_id: dict[int, Candidate], ids: Iterable[int]) -> set[int]:
    """``ids`` with everything they depend on, directly or not (unknown ids included as is)."""
    seen: set[int] = set()
    stack = list(ids)
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in by_id:
            stack.extend(by_id[current].depends_on - seen)
    return seen


def _excluded_up_front(
    problem: Problem, by_id: dict[int, Candidate]
) -> dict[int, tuple[Reason, tuple[int, ...]]]:
    """The candidates that can be in no plan, with the reason and the candidates it is about."""
    rules = problem.constraints
    out: dict[int, tuple[Reason, tuple[int, ...]]] = {}
    for c in problem.candidates:
        missing = tuple(sorted(d for d in c.depends_on if d not in by_id))
        if c.id in rules.must_exclude:
            out[c.id] = (Reason.MUST_EXCLUDE, ())
        elif rules.max_risk and RISKS.index(c.risk) > RISKS.index(rules.max_risk):
            out[c.id] = (Reason.RISK_ABOVE_MAX, ())
        elif rules.min_data_readiness and DATA_READINESS.index(
            c.data_readiness
        ) < DATA_READINESS.index(rules.min_data_readiness):
            out[c.id] = (Reason.DATA_NOT_READY, ())
        elif missing:  # it depends on a use case that is not a candidate
            out[c.id] = (Reason.DEPENDENCY_EXCLUDED, missing)
        elif c.effort_days > _room(problem.capacity_days):
            out[c.id] = (Reason.OVER_CAPACITY, ())
    dependants: dict[int, list[int]] = defaultdict(list)
    for c in problem.candidates:
        for dependency in c.depends_on:
            dependants[dependency].append(c.id)
    waiting = list(out)
    while waiting:
        excluded = waiting.pop()
        for dependant in dependants[excluded]:
            if dependant not in out:
                out[dependant] = (Reason.DEPENDENCY_EXCLUDED, (excluded,))
                waiting.append(dependant)
    return out


def _room(capacity: float) -> float:
    return capacity + CAPACITY_SLACK * max(1.0, capacity)


def _root_cause(
    out: dict[int, tuple[Reason, tuple[int, ...]]], start: int
) -> tuple[int, Reason | None]:
    """Follows "depends on an excluded one" to the candidate excluded for another reason (or
    to an id that is no candidate, with ``None``)."""
    current, seen = start, set()
    while current in out and out[current][0] is Reason.DEPENDENCY_EXCLUDED and current not in seen:
        seen.add(current)
        current = out[current][1][0]
    return current, out[current][0] if current in out else None


def _check_must_include(
    problem: Problem, by_id: dict[int, Candidate], out: dict[int, tuple[Reason, tuple[int, ...]]]
) -> set[int]:
    """The must-includes with their dependencies, after checking that they can be in a plan
    together; raises ``Infeasible`` naming the first clash."""
    rules = problem.constraints
    both = sorted(rules.must_include & rules.must_exclude)
    if both:
        raise Infeasible(
            "include_and_exclude",
            f"Use case {both[0]} is both must-include and must-exclude.",
            tuple(both),
        )
    for i in sorted(rules.must_include):
        if i in out:
            raise _excluded_must_include(problem, by_id, out, i)
    required = closure(by_id, rules.must_include)
    effort = sum(by_id[i].effort_days for i in required)
    if effort > _room(problem.capacity_days):
        raise Infeasible(
            "must_include_over_capacity",
            f"The must-include use cases and their dependencies need {effort:g} person-days; "
            f"the capacity is {problem.capacity_days:g}.",
            tuple(sorted(required)),
        )
    if rules.max_per_department is not None:
        counts = Counter(d for i in required for d in by_id[i].departments)
        for department, count in sorted(counts.items()):
            if count > rules.max_per_department:
                members = tuple(sorted(i for i in required if department in by_id[i].departments))
                raise Infeasible(
                    "must_include_department_limit",
                    f"The must-include use cases and their dependencies take {count} from "
                    f"department {department}; at most {rules.max_per_department} are allowed.",
                    members,
                )
    if rules.cross_departmental and not any(
        c.cross_departmental and c.id not in out for c in problem.candidates
    ):
        raise Infeasible(
            "no_cross_departmental",
            "No use case of a cross-departmental theme can be in the plan, but the plan must "
            "have one.",
        )
    return required


def _excluded_must_include(
    problem: Problem,
    by_id: dict[int, Candidate],
    out: dict[int, tuple[Reason, tuple[int, ...]]],
    i: int,
) -> Infeasible:
    reason, _related = out[i]
    rules = problem.constraints
    if reason is Reason.RISK_ABOVE_MAX:
        text = f"has risk {by_id[i].risk}, above the maximum ({rules.max_risk})"
    elif reason is Reason.DATA_NOT_READY:
        text = (
            f"has data readiness {by_id[i].data_readiness}; the plan requires "
            f"{rules.min_data_readiness}"
        )
    elif reason is Reason.OVER_CAPACITY:
        text = (
            f"needs {by_id[i].effort_days:g} person-days, more than the capacity "
            f"({problem.capacity_days:g})"
        )
    else:
        root, why = _root_cause(out, i)
        if why is None:
            text = f"depends on {root}, which is not a candidate"
        else:
            words = {
                Reason.MUST_EXCLUDE: "must-exclude",
                Reason.RISK_ABOVE_MAX: "above the maximum risk",
                Reason.DATA_NOT_READY: "without the required data readiness",
                Reason.OVER_CAPACITY: "more than the capacity",
            }
            text = f"depends on {root}, which is {words.get(why, why.value)}"
        return Infeasible("must_include_excluded", f"Must-include use case {i} {text}.", (i, root))
    return Infeasible("must_include_excluded", f"Must-include use case {i} {text}.", (i,))


@functools.cache
def _highspy() -> Any:
    """The ``highspy`` module, after a first solver was made with standard output closed:
    HiGHS prints its banner there (at C level) when the first one is made in a process, which
    would spoil a command's JSON output. Only that first time, so no later plan touches the
    process's standard output while other threads may write to it."""
    import highspy

    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no standard output to spoil
        highspy.Highs()
        return highspy
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return highspy


def _solve(
    problem: Problem, eligible: list[Candidate], required: set[int], time_limit_s: float
) -> tuple[set[int], bool]:
    """Maximise the value of x (one 0/1 variable per eligible candidate) subject to: effort
    within the capacity; x_i <= x_j when i depends on j; at most N per department; at least
    one cross-departmental; x_i = 1 for the must-includes and their dependencies."""
    if not eligible:
        return set(), True
    import numpy as np

    highspy = _highspy()
    rules = problem.constraints
    column = {c.id: k for k, c in enumerate(eligible)}
    rows: list[tuple[list[int], list[float], float, float]] = [
        (list(range(len(eligible))), [c.effort_days for c in eligible], 0.0, problem.capacity_days)
    ]
    for c in eligible:
        for dependency in sorted(c.depends_on):
            rows.append(([column[c.id], column[dependency]], [1.0, -1.0], -np.inf, 0.0))
    if rules.max_per_department is not None:
        members: dict[int, list[int]] = defaultdict(list)
        for c in eligible:
            for department in c.departments:
                members[department].append(column[c.id])
        for department in sorted(members):
            if len(members[department]) > rules.max_per_department:
                cols = members[department]
                rows.append((cols, [1.0] * len(cols), 0.0, float(rules.max_per_department)))
    if rules.cross_departmental:
        cols = [column[c.id] for c in eligible if c.cross_departmental]
        rows.append((cols, [1.0] * len(cols), 1.0, np.inf))

    lp = highspy.HighsLp()
    lp.num_col_ = len(eligible)
    lp.num_row_ = len(rows)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.array([c.value for c in eligible])
    lp.col_lower_ = np.array([1.0 if c.id in required else 0.0 for c in eligible])
    lp.col_upper_ = np.ones(len(eligible))
    lp.row_lower_ = np.array([row[2] for row in rows])
    lp.row_upper_ = np.array([row[3] for row in rows])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.cumsum([0] + [len(row[0]) for row in rows])
    lp.a_matrix_.index_ = np.array([k for row in rows for k in row[0]], dtype=np.int32)
    lp.a_matrix_.value_ = np.array([v for row in rows for v in row[1]])
    lp.integrality_ = [highspy.HighsVarType.kInteger] * len(eligible)

    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("mip_rel_gap", 0.0)
    solver.setOptionValue("mip_abs_gap", VALUE_GAP)
    # A plan may not exceed the capacity by HiGHS's usual tolerance (1e-6) either.
    solver.setOptionValue("mip_feasibility_tolerance", 1e-9)
    solver.setOptionValue("primal_feasibility_tolerance", 1e-9)
    solver.setOptionValue("time_limit", float(time_limit_s))
    solver.setOptionValue("random_seed", 0)
    # HiGHS's branch and bound is serial: a second thread only costs its start-up (half the
    # time of a small plan) and takes a core from the web processes.
    solver.setOptionValue("threads", 1)
    solver.passModel(lp)
    solver.run()
    status = solver.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        # The must-includes fit (checked before), so only the cross-departmental one can fail.
        raise Infeasible(
            "no_cross_departmental",
            "No use case of a cross-departmental theme fits in the capacity and the department "
            "limit beside the must-include use cases.",
        )
    values = solver.getSolution().col_value
    if not solver.getInfo().primal_solution_status or len(values) != len(eligible):
        raise Infeasible("no_plan", "The solver found no plan within the time limit.")
    selected = {c.id for c, x in zip(eligible, values, strict=True) if x > 0.5}
    if sum(c.effort_days for c in eligible if c.id in selected) > _room(problem.capacity_days):
        # The tolerances below make this impossible; should it happen, no plan beats a wrong one.
        raise RuntimeError("the solver's plan exceeds the capacity")
    return selected, status == highspy.HighsModelStatus.kOptimal


class _Load:
    """A set of chosen candidates with its effort and count per department, so that asking
    whether more fit costs only the size of the addition."""

    def __init__(self, problem: Problem, by_id: dict[int, Candidate], chosen: set[int]) -> None:
        self.problem, self.by_id, self.chosen = problem, by_id, set(chosen)
        self.effort = sum(by_id[i].effort_days for i in chosen)
        self.counts = Counter(d for i in chosen for d in by_id[i].departments)

    def fits(self, adding: set[int]) -> tuple[bool, int | None]:
        """Whether ``adding`` (none of them chosen yet) fits in the capacity and the department
        limit (and else the full department, if that is what stops it)."""
        limit = self.problem.constraints.max_per_department
        if limit is not None:
            more = Counter(d for i in adding for d in self.by_id[i].departments)
            for department in sorted(more):
                if self.counts[department] + more[department] > limit:
                    return False, department
        effort = self.effort + sum(self.by_id[i].effort_days for i in adding)
        return effort <= _room(self.problem.capacity_days), None

    def add(self, adding: set[int]) -> None:
        self.chosen |= adding
        self.effort += sum(self.by_id[i].effort_days for i in adding)
        self.counts.update(d for i in adding for d in self.by_id[i].departments)


def _greedy(
    problem: Problem, by_id: dict[int, Candidate], out: dict[int, tuple[Reason, tuple[int, ...]]]
) -> set[int]:
    """The naive pick: the must-includes, then (when one is required) the best-scored
    cross-departmental candidate that fits, then down the list by score, each candidate that
    still fits with its dependencies."""
    rules = problem.constraints
    load = _Load(problem, by_id, closure(by_id, rules.must_include))
    order = sorted(problem.candidates, key=lambda c: (-c.sort_score, c.id))

    def take(c: Candidate) -> bool:
        if c.id in load.chosen:
            return False
        adding = closure(by_id, [c.id]) - load.chosen
        if any(i in out for i in adding) or not load.fits(adding)[0]:
            return False
        load.add(adding)
        return True

    if rules.cross_departmental and not any(by_id[i].cross_departmental for i in load.chosen):
        next((c for c in order if c.cross_departmental and take(c)), None)
    for c in order:
        take(c)
    return load.chosen


def _verdicts(
    problem: Problem,
    by_id: dict[int, Candidate],
    out: dict[int, tuple[Reason, tuple[int, ...]]],
    selected: set[int],
) -> Iterator[Verdict]:
    load = _Load(problem, by_id, selected)
    needed_by: dict[int, list[int]] = defaultdict(list)
    for i in sorted(selected):
        for dependency in by_id[i].depends_on:
            needed_by[dependency].append(i)
    for c in problem.candidates:
        related: tuple[int, ...] = ()
        department = None
        if c.id in selected:
            if c.id in problem.constraints.must_include:
                reason = Reason.MUST_INCLUDE
            elif needed_by[c.id]:
                reason, related = Reason.REQUIRED_BY, tuple(needed_by[c.id])
            else:
                reason = Reason.CHOSEN
        elif c.id in out:
            reason, related = out[c.id]
        else:
            whole = closure(by_id, [c.id])
            adding = whole - selected
            _fits_now, department = load.fits(adding)
            if sum(by_id[i].effort_days for i in whole) > _room(problem.capacity_days):
                reason, related, department = (
                    Reason.OVER_CAPACITY,
                    tuple(sorted(whole - {c.id})),
                    None,
                )
            elif department is not None:
                reason = Reason.DEPARTMENT_LIMIT
            else:
                reason = Reason.LOWER_VALUE_PER_DAY
        yield Verdict(
            id=c.id,
            selected=c.id in selected,
            reason=reason,
            value=c.value,
            effort_days=c.effort_days,
            related=related,
            department=department,
        )
