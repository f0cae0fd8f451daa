"""``koers analyze usecases``: the backlog analysis of a file, with no database and no secret key
(the command is stateless: it reads the file and writes JSON)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from koers.cli.base import CommandFailed
from koers.textmine.text import join_text

TEXT_COLUMNS = ("title", "problem", "solution", "benefits", "outputs", "data_used")


def add_commands(sub: Any) -> None:
    analyze = sub.add_parser("analyze", help="analyse a backlog file: themes, duplicates, flags")
    what = analyze.add_subparsers(dest="what", required=True, metavar="WHAT")
    usecases = what.add_parser(
        "usecases",
        help="analyse use cases in Koers's import format or the US federal inventory 2025",
        description="Cluster the use cases into themes, find similar items and duplicates, "
        "pre-screen each for high impact and personal data and compute its quick-win score. "
        "Writes one JSON document to standard output (see docs/analysis.md). Reads the file only; "
        "nothing is stored.",
    )
    usecases.add_argument("file", type=Path, metavar="FILE", help="CSV, XLSX or JSON file")
    usecases.add_argument("--format", choices=("json",), default="json", help="output (json)")
    usecases.add_argument(
        "--granularity",
        type=int,
        choices=(-2, -1, 0, 1, 2),
        default=0,
        metavar="STEP",
        help="themes coarser (-2, -1) or finer (1, 2) than the data suggest (0, the default)",
    )
    usecases.set_defaults(handler=cmd_analyze_usecases, stateless=True)


# --- reading a file into the core's items ----------------------------------------------------


def read_items(path: Path) -> list[Any]:
    """The file's rows as ``textmine.analyze.Item``s; federal files are recognised by headers."""
    from koers.backlog.services.transfer.formats import COLUMNS, federal_row, is_federal
    from koers.core.tabular import LIST_SEPARATOR
    from koers.orgs.importing import ImportFailed, guess_mapping, read_upload
    from koers.textmine.analyze import Item
    from koers.textmine.quickwin import Inputs

    if not path.is_file():
        raise CommandFailed(f"{path}: no such file.")
    try:
        table = read_upload(path.read_bytes(), path.name)
    except ImportFailed as failure:
        raise CommandFailed(f"{path}: {failure.errors[0].message}") from failure
    if is_federal(table.headers):
        rows = [federal_row(record) for _, record in table.records()]
        id_column = "external_id"
    else:
        mapping = {header: field for field, header in guess_mapping(table.headers, COLUMNS).items()}
        if "title" not in mapping.values():
            raise CommandFailed(
                f"{path}: no 'title' column; expected Koers's import format "
                "(docs/import-export.md) or the federal inventory."
            )
        rows = [
            {mapping[h]: v for h, v in record.items() if h in mapping}
            for _, record in table.records()
        ]
        id_column = "reference" if "reference" in mapping.values() else "external_id"
    items = []
    for row in rows:
        text = join_text(row.get(c) for c in TEXT_COLUMNS)
        pii = _choice("personal_data", row.get("personal_data"))
        items.append(
            Item(
                id=str(row.get(id_column) or ""),
                text=text,
                departments=tuple(
                    d.strip()
                    for d in str(row.get("departments") or "").split(LIST_SEPARATOR.strip())
                    if d.strip()
                ),
                declared_personal_data={"yes": True, "ja": True, "no": False, "nee": False}.get(
                    pii
                ),
                inputs=Inputs(
                    hours_saved_per_month=_number(row.get("hours_saved_per_month")),
                    other_value_eur_per_year=_number(row.get("other_value_eur_per_year")),
                    effort=_choice("effort", row.get("effort")),
                    data_readiness=_choice("data_readiness", row.get("data_readiness")),
                ),
            )
        )
    return items


def _number(value: Any) -> float | None:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def _choice(column: str, value: Any) -> Any:
    """A choice as the importer reads it (English or Dutch); "unknown" when it is none."""
    from koers.backlog.services.transfer.parsing import parse_choice

    return parse_choice(column, str(value or "").strip()) or "unknown"


def cmd_analyze_usecases(args: argparse.Namespace) -> int:
    from koers.textmine.analyze import analyze

    items = read_items(args.file)
    if not items:
        raise CommandFailed(f"{args.file}: the file has no rows.")
    document = analyze(items, granularity=args.granularity).document
    json.dump(document, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
