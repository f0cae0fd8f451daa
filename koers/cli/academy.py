"""``koers import training`` and ``koers export reach``: the Academy on the command line."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any


def add_import_command(what: Any) -> None:
    training = what.add_parser(
        "training",
        help="import past training sessions and who completed them",
        description="Import training from CSV or XLSX, one row per attendance: session (a code "
        "of your choosing), module, date (YYYY-MM-DD), trainer_email, attendee_email, "
        "completed (yes/no, ja/nee). Unknown modules are made in an 'Imported' track; every "
        "attendee must be a member; a trainer may come from outside. All rows are imported, or "
        "none; importing the same file again changes nothing.",
    )
    training.add_argument("--org", required=True, metavar="SLUG", help="organisation short name")
    training.add_argument("file", type=Path, metavar="FILE", help="CSV or XLSX file")
    training.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
    training.set_defaults(handler=cmd_import_training)


def add_export_command(export_what: Any) -> None:
    reach = export_what.add_parser(
        "reach",
        help="export the Academy's reach: people trained, by generation and department",
        description="Writes the reach of the training cascade: headcount, people trained (at "
        "least one completed session), per generation and per department (with its "
        "evangelists). JSON by default; CSV has one row per department and one for the total.",
    )
    reach.add_argument("--org", required=True, metavar="SLUG", help="organisation short name")
    reach.add_argument("--format", choices=("json", "csv"), default="json", help="format (json)")
    reach.set_defaults(handler=cmd_export_reach)


def cmd_import_training(args: argparse.Namespace) -> int:
    from koers.academy.importing import training_import
    from koers.cli.transfer import _organisation, _run_import, _summary
    from koers.orgs.importing import SystemActor

    organisation = _organisation(args.org)

    def action(table: Any) -> Any:
        return training_import(
            SystemActor(organisation), table=table, dry_run=args.dry_run, note=args.file.name
        )

    result, seconds = _run_import(args.file, action)
    print(_summary(args.file, args.org, result, seconds, args.dry_run))
    return 0


def reach_csv(summary: dict[str, Any]) -> str:
    generations = sorted(
        {g for d in summary["by_department"].values() for g in d["by_generation"]}
        | set(summary["by_generation"]),
        key=int,
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["department", "headcount", "trained", "evangelists"]
        + [f"generation_{g}" for g in generations]
    )
    for name, d in summary["by_department"].items():
        writer.writerow(
            [name, d["headcount"], d["trained"], d["evangelists"]]
            + [d["by_generation"].get(g, 0) for g in generations]
        )
    evangelists = sum(d["evangelists"] for d in summary["by_department"].values())
    writer.writerow(
        ["", summary["headcount"], summary["trained"], evangelists]
        + [summary["by_generation"].get(g, 0) for g in generations]
    )
    return out.getvalue()


def cmd_export_reach(args: argparse.Namespace) -> int:
    from koers.academy.selectors import reach_export
    from koers.cli.transfer import _organisation

    summary = reach_export(organisation=_organisation(args.org))
    if args.format == "csv":
        sys.stdout.write(reach_csv(summary))
    else:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0
