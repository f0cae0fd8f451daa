"""``koers import``, ``koers export`` and ``koers bench``: moving data in and out, and timing it.

The commands act as the system (no person; the audit rows say "koers import (CLI)"). A file with
problems is rejected whole: every problem is printed to stderr and nothing is imported.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from koers.cli import CommandFailed

FEDERAL_FILE = "federal-ai-use-cases-2025-dev.csv"
MAX_ERRORS_SHOWN = 50


def add_transfer_commands(sub: Any) -> Any:
    """Add ``import``, ``export`` and ``bench`` to the ``koers`` command; returns the ``bench``
    sub-commands, for other modules to add their benchmarks to."""
    importing = sub.add_parser("import", help="import use cases or people from a CSV/XLSX file")
    what = importing.add_subparsers(dest="what", required=True, metavar="WHAT")

    usecases = what.add_parser(
        "usecases",
        help="import use cases (Koers format or the US Federal AI Use Case Inventory 2025)",
        description="Import use cases from CSV, XLSX or JSON. Columns are matched by name "
        "(English or Dutch); a federal inventory file is recognised by its headers. Rows whose "
        "reference (UC-n) exists update that use case. All rows are imported, or none.",
    )
    usecases.add_argument("--org", required=True, metavar="SLUG", help="organisation short name")
    usecases.add_argument("file", type=Path, metavar="FILE", help="CSV, XLSX or JSON file")
    usecases.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
    usecases.set_defaults(handler=cmd_import_usecases)

    people = what.add_parser(
        "people",
        help="import people from an HR export (name, e-mail, department, role)",
        description="Import people from CSV or XLSX. People are matched by e-mail address, so "
        "a re-import updates instead of duplicating. All rows are imported, or none.",
    )
    people.add_argument("--org", required=True, metavar="SLUG", help="organisation short name")
    people.add_argument("file", type=Path, metavar="FILE", help="CSV or XLSX file")
    people.add_argument(
        "--deactivate-missing",
        action="store_true",
        help="deactivate members who are not in the file (their history is kept)",
    )
    people.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
    people.set_defaults(handler=cmd_import_people)

    exporting = sub.add_parser("export", help="export the use-case register")
    export_what = exporting.add_subparsers(dest="what", required=True, metavar="WHAT")
    export_usecases = export_what.add_parser("usecases", help="export all use cases")
    export_usecases.add_argument(
        "--org", required=True, metavar="SLUG", help="organisation short name"
    )
    export_usecases.add_argument(
        "--format", choices=("csv", "xlsx", "json"), default="csv", help="file format (csv)"
    )
    export_usecases.add_argument(
        "--output", type=Path, metavar="FILE", help="write to FILE instead of standard output"
    )
    export_usecases.set_defaults(handler=cmd_export_usecases)

    bench = sub.add_parser(
        "bench", help="run a benchmark against a throwaway database (never your data)"
    )
    benchmarks = bench.add_subparsers(dest="benchmark", required=True, metavar="BENCHMARK")
    bench_import = benchmarks.add_parser(
        "import", help="time the use-case import (federal file) and the people import"
    )
    _add_bench_import_arguments(bench_import)
    bench_import.set_defaults(handler=cmd_bench)
    return benchmarks


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


# --- import and export -----------------------------------------------------------------------


def _organisation(slug: str) -> Any:
    from koers.orgs.models import Organisation

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandFailed(f"There is no organisation with the short name '{slug}'.")
    return organisation


def _read(path: Path) -> Any:
    from koers.core.importing import read_upload

    if not path.is_file():
        raise CommandFailed(f"{path}: no such file.")
    return read_upload(path.read_bytes(), path.name)


def _run_import(path: Path, action: Callable[[Any], Any]) -> Any:
    """Read ``path`` and run ``action(table)``; print every problem of a rejected file."""
    from koers.core.importing import ImportFailed

    started = time.perf_counter()
    try:
        result = action(_read(path))
    except ImportFailed as failure:
        errors = failure.errors
        for error in errors[:MAX_ERRORS_SHOWN]:
            print(f"{path.name}: {error}", file=sys.stderr)
        if len(errors) > MAX_ERRORS_SHOWN:
            print(f"… and {len(errors) - MAX_ERRORS_SHOWN} more.", file=sys.stderr)
        count = f"{len(errors)} problem" + ("s" if len(errors) != 1 else "")
        raise CommandFailed(
            f"{path.name} was not imported ({count}); nothing was changed."
        ) from None
    return result, time.perf_counter() - started


def _summary(path: Path, slug: str, result: Any, seconds: float, dry_run: bool) -> str:
    parts = [f"{result.created} created", f"{result.updated} updated"]
    parts.append(f"{result.unchanged} unchanged")
    if result.departments_created:
        parts.append(f"{result.departments_created} new departments")
    verb = "Checked (dry run, nothing changed)" if dry_run else "Imported"
    return f"{verb} {path.name} into {slug}: {', '.join(parts)} in {seconds:.1f} s."


def _warn_unmatched(headers: Sequence[str], mapping: dict[str, str]) -> None:
    ignored = [h for h in headers if h not in mapping.values()]
    if ignored:
        print(f"Ignoring columns Koers does not know: {', '.join(ignored)}", file=sys.stderr)


def cmd_import_usecases(args: argparse.Namespace) -> int:
    from koers.backlog.transfer import COLUMNS, EXPORT_ONLY, is_federal, usecase_import
    from koers.core.importing import SystemActor, guess_mapping

    organisation = _organisation(args.org)

    def action(table: Any) -> Any:
        if not is_federal(table.headers):
            informational = {h for h in table.headers if h in EXPORT_ONLY}
            _warn_unmatched(
                [h for h in table.headers if h not in informational],
                guess_mapping(table.headers, COLUMNS),
            )
        return usecase_import(
            SystemActor(organisation), table=table, dry_run=args.dry_run, note=args.file.name
        )

    result, seconds = _run_import(args.file, action)
    print(_summary(args.file, args.org, result, seconds, args.dry_run))
    return 0


def cmd_import_people(args: argparse.Namespace) -> int:
    from koers.core.importing import SystemActor, guess_mapping
    from koers.orgs.people import COLUMNS, people_import

    organisation = _organisation(args.org)

    def action(table: Any) -> Any:
        _warn_unmatched(table.headers, guess_mapping(table.headers, COLUMNS))
        return people_import(
            SystemActor(organisation),
            table=table,
            deactivate_missing=args.deactivate_missing,
            dry_run=args.dry_run,
            note=args.file.name,
        )

    result, seconds = _run_import(args.file, action)
    print(_summary(args.file, args.org, result, seconds, args.dry_run))
    if result.deactivated:
        print(f"Deactivated {result.deactivated} members who are not in the file.")
    elif result.missing:
        print(
            f"{result.missing} active members are not in the file; "
            "add --deactivate-missing to deactivate them."
        )
    return 0


def cmd_export_usecases(args: argparse.Namespace) -> int:
    from koers.backlog.transfer import usecase_export

    organisation = _organisation(args.org)
    if args.output is None and args.format == "xlsx" and sys.stdout.isatty():
        raise CommandFailed("XLSX is binary: use --output FILE or redirect to a file.")
    content = usecase_export(organisation=organisation, fmt=args.format)
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        args.output.write_bytes(content)
        print(f"Wrote {args.output} ({len(content):,} bytes).", file=sys.stderr)
    return 0


# --- benchmarks ------------------------------------------------------------------------------


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmark in a child process whose database is a fresh SQLite file in a temporary
    directory, so that it can never touch the operator's data, whatever DATABASE_URL says."""
    with tempfile.TemporaryDirectory(prefix="koers-bench-") as directory:
        env = dict(os.environ)
        env["KOERS_DATA_DIR"] = directory
        env["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        env.setdefault("KOERS_FAST_PASSWORD_HASHER", "1")
        argv = [sys.executable, "-m", "koers.transfer_cli", args.benchmark]
        argv += _bench_arguments(args)
        completed = subprocess.run(argv, env=env, check=False)
    if completed.returncode != 0:
        raise CommandFailed(f"the {args.benchmark} benchmark failed.")
    return 0


def _bench_arguments(args: argparse.Namespace) -> list[str]:
    argv = ["--people", str(args.people), "--baseline-sample", str(args.baseline_sample)]
    if args.federal is not None:
        argv += ["--federal", str(args.federal.resolve())]
    return argv


def federal_file(explicit: Path | None = None) -> Path | None:
    """The shared federal inventory: the given path, or ../shared/data seen from the current
    directory or from the repository."""
    if explicit is not None:
        return explicit if explicit.is_file() else None
    repository = Path(__file__).resolve().parents[1]
    for base in (Path.cwd(), repository):
        candidate = base / ".." / "shared" / "data" / FEDERAL_FILE
        if candidate.is_file():
            return candidate.resolve()
    return None


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
    from koers.backlog.services import UseCaseData, usecase_create
    from koers.backlog.transfer import federal_row, usecase_import
    from koers.core.importing import SystemActor, read_upload
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


def _worker_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="koers bench (worker)")
    benchmarks = parser.add_subparsers(dest="benchmark", required=True)
    _add_bench_import_arguments(benchmarks.add_parser("import"))
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    workers = {"import": bench_import_worker}
    figures = workers[args.benchmark](args)
    print(json.dumps({"benchmark": args.benchmark, **figures}))
    return 0


if __name__ == "__main__":
    sys.exit(_worker_main(sys.argv[1:]))
