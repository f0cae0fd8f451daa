"""``koers triage``: the EU AI Act and DPIA triage of one use case, or a list, from a JSON file."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from koers.cli.base import CommandFailed


def add_commands(sub: Any) -> None:
    triage = sub.add_parser(
        "triage",
        help="EU AI Act classification, duties and DPIA outcome of use cases from their facts",
        description="Reads the facts of a use case (a JSON object) or of several (a JSON list) "
        "and writes the triage result (an object, or a list in the same order) to standard "
        "output: the same result as POST /api/v1/triage. A missing or null fact means "
        "'unknown' and makes the outcomes it could change 'needs_review'. See docs/triage.md.",
    )
    triage.add_argument(
        "--facts",
        required=True,
        metavar="FILE",
        help="a JSON file with the facts; '-' reads standard input",
    )
    triage.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="work out which obligations apply on this day (default: today); each obligation "
        "always says from when it applies",
    )
    triage.set_defaults(handler=cmd_triage, django=False)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def _read(source: str) -> Any:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandFailed(f"{source}: {error.strerror or error}.") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandFailed(f"{source}: not valid JSON ({error}).") from error


def _field(loc: tuple[Any, ...], position: int | None) -> str:
    """Where a validation error is, e.g. "role", "art50.0" or, in a list, "[2].role"."""
    path = ".".join(str(part) for part in loc)
    if position is None:
        return path or "facts"
    return f"[{position}]" + (f".{path}" if path else "")


def triage_many(data: Any, as_of: date | None = None) -> Any:
    """Facts (an object or a list of objects) to results as JSON-ready data, with the duties
    that apply ``as_of`` (today by default); ValueError names the first field that is not
    valid."""
    from koers.triage.rules.engine import triage
    from koers.triage.rules.schema import Facts

    many = isinstance(data, list)
    if not many and not isinstance(data, dict):
        raise ValueError("the facts must be a JSON object or a list of objects")
    items = data if many else [data]
    results = []
    for position, item in enumerate(items):
        try:
            facts = Facts.model_validate(item)
        except ValidationError as error:
            first = error.errors()[0]
            where = _field(first["loc"], position if many else None)
            raise ValueError(f"{where}: {first['msg']}") from error
        results.append(triage(facts, as_of).model_dump(mode="json"))
    return results if many else results[0]


def cmd_triage(args: argparse.Namespace) -> int:
    data = _read(args.facts)
    try:
        results = triage_many(data, args.as_of)
    except ValueError as error:
        raise CommandFailed(f"{args.facts}: {error}.") from error
    json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
