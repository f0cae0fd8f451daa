"""``koers import`` and ``koers export``: moving data in and out.

The commands act as the system (no person; the audit rows say "koers import (CLI)"). A file with
problems is rejected whole: every problem is printed to stderr and nothing is imported.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from koers.cli import academy, policy
from koers.cli.base import CommandFailed

MAX_ERRORS_SHOWN = 50


def add_commands(sub: Any) -> None:
    """Add ``import`` and ``export`` to the ``koers`` command."""
    importing = sub.add_parser(
        "import", help="import use cases, people or training from a CSV/XLSX file"
    )
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
    academy.add_import_command(what)

    exporting = sub.add_parser(
        "export", help="export the use-case register, the AI policy or the Academy's reach"
    )
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
    policy.add_export_command(export_what)
    academy.add_export_command(export_what)


# --- import and export -----------------------------------------------------------------------


def _organisation(slug: str) -> Any:
    from koers.orgs.models import Organisation

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandFailed(f"There is no organisation with the short name '{slug}'.")
    return organisation


def _read(path: Path) -> Any:
    from koers.orgs.importing import read_upload

    if not path.is_file():
        raise CommandFailed(f"{path}: no such file.")
    return read_upload(path.read_bytes(), path.name)


def _run_import(path: Path, action: Callable[[Any], Any]) -> Any:
    """Read ``path`` and run ``action(table)``; print every problem of a rejected file."""
    from koers.orgs.importing import ImportFailed

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
    from koers.backlog.services.transfer.formats import COLUMNS, EXPORT_ONLY, is_federal
    from koers.backlog.services.transfer.importing import usecase_import
    from koers.orgs.importing import SystemActor, guess_mapping

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
    from koers.orgs.importing import SystemActor, guess_mapping
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
    from koers.backlog.services.transfer.exporting import usecase_export

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
