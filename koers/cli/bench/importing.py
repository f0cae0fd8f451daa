"""``koers bench import``: the use-case import of the federal file and the people import of a
large HR export, each next to the naive way (one service call a row), in a throwaway database."""

from __future__ import annotations

import argparse
import csv
import io
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from koers.cli.base import FEDERAL_FILE, federal_file
from koers.cli.bench.throwaway import measure_in_child, run_in_throwaway_database


def add_command(benchmarks: Any) -> None:
    bench_import = benchmarks.add_parser(
        "import", help="time the use-case import (federal file) and the people import"
    )
    _add_bench_import_arguments(bench_import)
    bench_import.set_defaults(handler=cmd_bench)


def _add_bench_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--federal", type=Path, metavar="FILE", help=f"the federal inventory ({FEDERAL_FILE})"
    )
    parser.add_argument(
        "--people", type=int, default=50_000, metavar="N", help="people to generate (50,000)"
    )
    parser.add_argument(
        "--baseline-sample",
        type=int,
        default=200,
        metavar="N",
        help="rows timed the naive way, one service call each (200)",
    )


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmark in a child process whose database is a fresh SQLite file in a temporary
    directory, so that it can never touch the operator's data, whatever DATABASE_URL says."""
    return run_in_throwaway_database(
        args.benchmark, "koers.cli.bench.importing", [args.benchmark, *_bench_arguments(args)]
    )


def _bench_arguments(args: argparse.Namespace) -> list[str]:
    argv = ["--people", str(args.people), "--baseline-sample", str(args.baseline_sample)]
    if args.federal is not None:
        argv += ["--federal", str(args.federal.resolve())]
    return argv


def _people_csv(count: int, *, seed: int) -> bytes:
    roles = ["member"] * 17 + ["evangelist", "lead", "admin"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "email", "department", "role"])
    for i in range(count):
        writer.writerow(
            [
                f"Person {i} v{seed}",
                f"person{i}@bench.example.org",
                f"Department {i % 40}",
                roles[(i + seed) % len(roles)],
            ]
        )
    return buffer.getvalue().encode()


def bench_import_worker(args: argparse.Namespace) -> dict[str, Any]:
    """Time the imports; runs inside the throwaway database set up by ``cmd_bench``."""
    from koers.backlog.services.transfer.formats import federal_row
    from koers.backlog.services.transfer.importing import usecase_import
    from koers.backlog.services.usecases import UseCaseData, usecase_create
    from koers.orgs.importing import SystemActor, read_upload
    from koers.orgs.models import Department, User
    from koers.orgs.people import people_import
    from koers.orgs.services import organisation_create
    from koers.orgs.tenancy import org_context_for

    figures: dict[str, Any] = {}
    path = federal_file(args.federal)
    if path is None:
        print(f"Skipping the use-case import: {FEDERAL_FILE} not found (give --federal FILE).")
    else:
        content = path.read_bytes()
        organisation = organisation_create(name="Bench federal", slug="bench-federal")
        started = time.perf_counter()
        result = usecase_import(SystemActor(organisation), table=read_upload(content, path.name))
        seconds = time.perf_counter() - started
        figures.update(usecases_rows=result.created, usecases_seconds=round(seconds, 3))
        print(f"Use cases: {result.created:,} federal rows imported in {seconds:.2f} s.")

        # The naive way, for comparison: one service call (and transaction) per row.
        admin = User.objects.create_user("bench-admin@example.org")
        baseline = organisation_create(name="Bench baseline", slug="bench-baseline", admin=admin)
        ctx = org_context_for(user=admin, slug=baseline.slug)
        records = [r for _line, r in read_upload(content, path.name).records()]
        sample = records[: args.baseline_sample]
        started = time.perf_counter()
        for record in sample:
            row = federal_row(record)
            department, _created = Department.objects.get_or_create(
                organisation=baseline, name=row["departments"] or "Unknown"
            )
            usecase_create(
                ctx,
                data=UseCaseData(
                    title=row["title"],
                    problem=row["problem"],
                    benefits=row["benefits"],
                    outputs=row["outputs"],
                    data_used=row["data_used"],
                    personal_data=row["personal_data"],
                    technique=row["technique"],
                    department_ids=(department.pk,),
                ),
            )
        per_row = (time.perf_counter() - started) / max(1, len(sample))
        extrapolated = per_row * len(records)
        figures.update(
            baseline_usecases_sample=len(sample),
            baseline_usecases_seconds_extrapolated=round(extrapolated, 3),
        )
        print(
            f"Baseline (usecase_create per row, {len(sample)} rows): {per_row * 1000:.1f} ms a "
            f"row, about {extrapolated:.1f} s for {len(records):,} rows."
        )

    organisation = organisation_create(name="Bench people", slug="bench-people")
    content = _people_csv(args.people, seed=0)
    started = time.perf_counter()
    result = people_import(SystemActor(organisation), table=read_upload(content, "people.csv"))
    seconds = time.perf_counter() - started
    figures.update(people_rows=result.created, people_seconds=round(seconds, 3))
    print(f"People: {result.created:,} imported in {seconds:.2f} s.")

    content = _people_csv(args.people, seed=1)  # every name and many roles change
    started = time.perf_counter()
    result = people_import(SystemActor(organisation), table=read_upload(content, "people.csv"))
    seconds = time.perf_counter() - started
    figures.update(
        people_reimport_updated=result.updated, people_reimport_seconds=round(seconds, 3)
    )
    print(f"People re-import: {result.updated:,} updated in {seconds:.2f} s.")
    return figures


def _child_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="koers bench (worker)")
    benchmarks = parser.add_subparsers(dest="benchmark", required=True)
    _add_bench_import_arguments(benchmarks.add_parser("import"))
    args = parser.parse_args(argv)
    workers = {"import": bench_import_worker}
    return measure_in_child(args.benchmark, lambda: workers[args.benchmark](args))
