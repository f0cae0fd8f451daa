"""The ``koers bench`` sub-commands."""

from __future__ import annotations

from typing import Any

from koers.cli.bench import (
    academy,
    analytics,
    diagnostic,
    importing,
    interactive,
    load,
    planner,
    redaction,
)


def add_bench_commands(sub: Any) -> None:
    bench = sub.add_parser(
        "bench", help="run a benchmark against a throwaway database (never your data)"
    )
    benchmarks = bench.add_subparsers(dest="benchmark", required=True, metavar="BENCHMARK")
    importing.add_command(benchmarks)
    analytics.add_command(benchmarks)
    diagnostic.add_command(benchmarks)
    interactive.add_command(benchmarks)
    load.add_command(benchmarks)
    redaction.add_command(benchmarks)
    planner.add_command(benchmarks)
    academy.add_command(benchmarks)
