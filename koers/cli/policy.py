"""``koers policy check`` and ``koers export policy``: the published AI policy from the command
line, answering as the checker page does and exporting as its download buttons do."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from koers.cli.base import CommandFailed


def add_commands(sub: Any) -> None:
    """Add ``policy`` to the ``koers`` command."""
    policy = sub.add_parser("policy", help="ask the published AI policy")
    what = policy.add_subparsers(dest="what", required=True, metavar="WHAT")
    check = what.add_parser(
        "check",
        help="may this tool be used for this kind of data?",
        description="Answers from the organisation's published AI policy, as the checker page "
        "does: yes, no, conditional (with the condition) or not_listed (not approved yet: ask "
        "the programme team), with the section to read. Tool names match ignoring case, spacing "
        "and punctuation; the data class is a key or label of the policy's. An unknown data "
        "class exits 1 and lists the valid ones.",
    )
    check.add_argument("--org", required=True, metavar="SLUG", help="organisation short name")
    check.add_argument("--tool", required=True, metavar="NAME", help="the tool's name")
    check.add_argument(
        "--data", required=True, metavar="CLASS", help="the kind of data (key or label)"
    )
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (text)"
    )
    check.set_defaults(handler=cmd_policy_check)


def add_export_command(export_what: Any) -> None:
    """Add ``policy`` to ``koers export``."""
    export = export_what.add_parser(
        "policy",
        help="export the published AI policy",
        description="Exports the organisation's current published AI policy in its language: "
        "DOCX (headings and the matrix as a table), PDF, or JSON (version, language, sections "
        "as plain text, the matrix). Exits 1 when nothing is published.",
    )
    export.add_argument("--org", required=True, metavar="SLUG", help="organisation short name")
    export.add_argument(
        "--format", choices=("docx", "pdf", "json"), default="docx", help="file format (docx)"
    )
    export.add_argument(
        "--output", type=Path, metavar="FILE", help="write to FILE instead of standard output"
    )
    export.set_defaults(handler=cmd_export_policy)


def _organisation(slug: str) -> Any:
    from koers.orgs.models import Organisation

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandFailed(f"There is no organisation with the short name '{slug}'.")
    return organisation


def _published(organisation: Any) -> Any:
    from koers.strategy.selectors.checker import published_version

    version = published_version(organisation)
    if version is None:
        raise CommandFailed(f"{organisation.slug} has no published AI policy.")
    return version


def cmd_policy_check(args: argparse.Namespace) -> int:
    from koers.strategy.policy.checker import UnknownDataClass, check
    from koers.strategy.selectors.checker import version_content

    content = version_content(_published(_organisation(args.org)))
    try:
        result = check(content, args.tool, args.data)
    except UnknownDataClass as error:
        valid = ", ".join(f"{d.key} ({d.label})" for d in error.valid)
        raise CommandFailed(
            f"Unknown data class '{error.asked}'. The valid classes are: {valid}."
        ) from error
    if args.format == "json":
        print(json.dumps(result.as_json(), ensure_ascii=False))
        return 0
    print(_sentence(result))
    return 0


def _sentence(result: Any) -> str:
    kind = result.data_class_label
    see = f" See section {result.section}." if result.section else ""
    if result.answer == "yes":
        return f"Yes: {result.tool} may be used for {kind} data.{see}"
    if result.answer == "conditional":
        return f"Conditional: {result.tool} for {kind} data — {result.condition}.{see}"
    if result.answer == "no":
        condition = f" {result.condition}." if result.condition else ""
        return f"No: do not use {result.tool} for {kind} data.{condition}{see}"
    return f"Not approved yet: {result.tool} for {kind} data; ask the programme team."


def cmd_export_policy(args: argparse.Namespace) -> int:
    from koers.strategy.selectors.exports import export_file

    organisation = _organisation(args.org)
    version = _published(organisation)
    if args.output is None and args.format != "json" and sys.stdout.isatty():
        raise CommandFailed(
            f"{args.format.upper()} is binary: use --output FILE or redirect to a file."
        )
    if args.format == "pdf":
        from koers.strategy.selectors.exports import pdf_available

        if not pdf_available():
            raise CommandFailed("PDF needs WeasyPrint's system libraries (Pango); use docx.")
    content = export_file(organisation, version, args.format)
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        args.output.write_bytes(content)
        print(f"Wrote {args.output} ({len(content):,} bytes).", file=sys.stderr)
    return 0
