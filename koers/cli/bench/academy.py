"""``koers bench academy``: how long the cascade's reach takes for 50,000 people and 200,000
attendances, beside the naive fixed-point relaxation. Needs no database."""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date, timedelta
from typing import Any

from koers.cli.base import CommandFailed

TARGET_S = 2.0  # issue 15, on 2 cores
MAX_PEOPLE = 1_000_000
DEPARTMENTS = 40
SEATS = 20  # attendees per session


def add_command(benchmarks: Any) -> None:
    bench = benchmarks.add_parser(
        "academy",
        help="time the cascade's reach on a generated training history",
        description="Generates a training history of PEOPLE people in 40 departments and "
        "ATTENDANCES attendances (20 per session, nine in ten completed, one in twenty "
        "corrected by a later record) over two years: the first sessions by outside trainers, "
        "each later one by someone trained before. Times the reach (generations, per "
        "department, unique trained; target under 2 s for 50,000 people and 200,000 "
        "attendances) beside the naive relaxation. Ends with one line of JSON.",
    )
    bench.add_argument("--people", type=int, default=50_000, help="people (50000)")
    bench.add_argument("--attendances", type=int, default=200_000, help="attendances (200000)")
    bench.add_argument("--seed", type=int, default=2026, help="random seed (2026)")
    bench.set_defaults(handler=cmd_bench_academy, django=False)


def history(people: int, attendances: int, seed: int) -> tuple[list[Any], list[Any]]:
    from koers.academy.reach import Attendance, Session

    rng = random.Random(seed)  # noqa: S311 - test data, not security
    start = date(2025, 1, 6)
    n_sessions = max(1, attendances // SEATS)
    sessions = []
    records = []
    trained: list[int] = []
    seq = 0
    for i in range(n_sessions):
        day = start + timedelta(days=730 * i // n_sessions)
        outside = i < max(1, n_sessions // 100) or not trained
        trainer = f"trainer{i % 7}@example.org" if outside else rng.choice(trained)
        sessions.append(Session(i, trainer, day))
        for person in rng.sample(range(people), min(SEATS, people)):
            completed = rng.random() < 0.9
            records.append(Attendance(i, person, completed, seq))
            seq += 1
            if rng.random() < 0.05:
                completed = not completed
                records.append(Attendance(i, person, completed, seq))
                seq += 1
            if completed and rng.random() < 0.02:
                trained.append(person)
    return sessions, records[:attendances]


def cmd_bench_academy(args: argparse.Namespace) -> int:
    from koers.academy.reach import reach_compute, reach_naive, reach_summary

    if not 1 <= args.people <= MAX_PEOPLE or not 1 <= args.attendances <= 4 * MAX_PEOPLE:
        raise CommandFailed(
            f"--people takes 1 to {MAX_PEOPLE:,} and --attendances 1 to {4 * MAX_PEOPLE:,}"
        )
    sessions, records = history(args.people, args.attendances, args.seed)
    department_of = {p: f"department {p % DEPARTMENTS}" for p in range(args.people)}
    headcount = {f"department {d}": 0 for d in range(DEPARTMENTS)}
    for name in department_of.values():
        headcount[name] += 1

    started = time.perf_counter()
    reach = reach_compute(sessions, records)
    summary = reach_summary(reach, department_of=department_of, headcount=headcount)
    seconds = time.perf_counter() - started

    started = time.perf_counter()
    naive = reach_naive(sessions, records)
    naive_seconds = time.perf_counter() - started
    if not reach.circle_starts and naive != reach.generation:
        raise CommandFailed("the reach and the naive relaxation disagree: a bug")

    print(f"{'people':>8} {'attendances':>12} {'trained':>8} {'generations':>12}")
    print(
        f"{args.people:>8,} {len(records):>12,} {summary['trained']:>8,} "
        f"{len(summary['by_generation']):>12}"
    )
    print(f"reach (generations, departments): {seconds:.3f} s (target < {TARGET_S:g} s)")
    print(f"naive relaxation:                 {naive_seconds:.3f} s")
    figures = {
        "people": args.people,
        "attendances": len(records),
        "trained": summary["trained"],
        "generations": len(summary["by_generation"]),
        "reach_s": round(seconds, 3),
        "naive_s": round(naive_seconds, 3),
        "target_s": TARGET_S,
        "within_target": seconds < TARGET_S,
    }
    print(json.dumps(figures))
    return 0
