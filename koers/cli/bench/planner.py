"""``koers bench planner``: how long the sprint planner takes to prove its plan optimal on
generated backlogs of 100, 1,000 and 5,000 use cases with dependencies and every kind of
constraint, beside the naive "sort by score" pick. Needs no database."""

from __future__ import annotations

import argparse
import json
import random
import time
from typing import Any

from koers.cli.base import CommandFailed

SIZES = (100, 1_000, 5_000)
# Seconds to a proven optimum on 2 cores, from issue 16.
TARGETS_S = {1_000: 1.0, 5_000: 10.0}
# The effort estimates in person-days, as `koers plan sprint` reads them, and how often each
# is given in the generated backlogs.
EFFORTS = {3.0: 0.35, 10.0: 0.35, 40.0: 0.2, 120.0: 0.1}
MAX_SIZE = 20_000


def add_command(benchmarks: Any) -> None:
    bench = benchmarks.add_parser(
        "planner",
        help="time the exact sprint plan on generated backlogs",
        description="Generates backlogs of 100, 1,000 and 5,000 use cases (values and scores "
        "at random, efforts of 3, 10, 40 or 120 person-days, one in five depending on one or two "
        "others, one or two of about one department per 20 use cases each, three in ten in a "
        "cross-departmental theme) with a capacity of 5%% of their effort, a maximum risk of "
        "medium, data at least partly ready, at most 3 per department, one cross-departmental "
        "use case, two must-includes and two must-excludes. Times the exact plan (target: "
        "proven optimal in under 1 s for 1,000 and under 10 s for 5,000 on 2 cores) beside the "
        "naive pick by score. Ends with one line of JSON.",
    )
    bench.add_argument(
        "--sizes",
        default=",".join(str(n) for n in SIZES),
        metavar="N,N,...",
        help="backlog sizes, comma-separated (100,1000,5000)",
    )
    bench.add_argument("--seed", type=int, default=2026, help="random seed (2026)")
    bench.set_defaults(handler=cmd_bench_planner, django=False)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise CommandFailed(f"--sizes takes whole numbers separated by commas: {text!r}") from error
    if not sizes or any(not 1 <= n <= MAX_SIZE for n in sizes):
        raise CommandFailed(f"--sizes takes numbers from 1 to {MAX_SIZE:,}: {text!r}")
    return sizes


def backlog(n: int, seed: int) -> Any:
    """A generated planning problem of ``n`` use cases with every kind of constraint."""
    from koers.sprints.planner import DATA_READINESS, RISKS, Candidate, Constraints, Problem

    rng = random.Random(seed * 100_003 + n)  # noqa: S311 - test data, not security
    departments = max(5, n // 20)
    efforts, weights = list(EFFORTS), list(EFFORTS.values())
    candidates = []
    for i in range(1, n + 1):
        earlier = range(1, i)
        depends = (
            frozenset(rng.sample(earlier, min(len(earlier), rng.choice((1, 2)))))
            if earlier and rng.random() < 0.2
            else frozenset()
        )
        value = round(rng.random(), 4)
        candidates.append(
            Candidate(
                id=i,
                value=value,
                effort_days=rng.choices(efforts, weights)[0],
                risk=rng.choices(RISKS, (0.5, 0.35, 0.15))[0],
                data_readiness=rng.choices(DATA_READINESS, (0.1, 0.15, 0.35, 0.4))[0],
                departments=frozenset(
                    rng.sample(range(1, departments + 1), rng.choice((1, 1, 1, 2)))
                ),
                cross_departmental=rng.random() < 0.3,
                depends_on=depends,
                # The quick-win score weighs more than value: a rough echo of it.
                score=round(0.5 * value + 0.5 * rng.random(), 4),
            )
        )
    total = sum(c.effort_days for c in candidates)
    # Must-includes that break no other rule, so the backlog always has a plan.
    fitting = [
        c.id
        for c in candidates
        if c.risk != "high"
        and c.data_readiness in ("partial", "ready")
        and not c.depends_on
        and c.effort_days <= 10
    ]
    include = frozenset(rng.sample(fitting, min(2, len(fitting))))
    others = [c.id for c in candidates if c.id not in include]
    exclude = frozenset(rng.sample(others, min(2, len(others))))
    constraints = Constraints(
        max_risk="medium",
        min_data_readiness="partial",
        max_per_department=max(3, len(include)),
        cross_departmental=any(c.cross_departmental for c in candidates),
        must_include=include,
        must_exclude=exclude,
    )
    capacity = max(0.05 * total, sum(c.effort_days for c in candidates if c.id in include))
    return Problem(candidates=tuple(candidates), capacity_days=capacity, constraints=constraints)


def cmd_bench_planner(args: argparse.Namespace) -> int:
    from koers.sprints.planner import Infeasible, plan

    sizes = _sizes(args.sizes)
    plan(backlog(5, args.seed))  # load HiGHS first: its import is no part of a solve
    rows: list[dict[str, Any]] = []
    print(
        f"{'candidates':>10} {'capacity':>9} {'exact s':>8} {'target s':>9} {'proven':>7} "
        f"{'value':>9} {'greedy':>9} {'gap':>6}"
    )
    for n in sizes:
        problem = backlog(n, args.seed)
        started = time.perf_counter()
        try:
            result = plan(problem)
        except Infeasible as error:  # a generated backlog always has a plan: a bug if not
            raise CommandFailed(f"the generated backlog of {n} has no plan: {error}") from error
        seconds = time.perf_counter() - started
        target = TARGETS_S.get(n)
        rows.append(
            {
                "candidates": n,
                "exact_s": round(seconds, 3),
                "proven_optimal": result.proven_optimal,
                "greedy_gap": round(result.greedy_gap, 4),
            }
        )
        print(
            f"{n:>10,} {problem.capacity_days:>9,.0f} {seconds:>8.3f} "
            f"{'—' if target is None else f'< {target:g}':>9} "
            f"{'yes' if result.proven_optimal else 'no':>7} {result.value:>9.2f} "
            f"{result.greedy_value:>9.2f} {result.greedy_gap:>6.1%}"
        )
    print(json.dumps(rows))
    return 0
