"""``koers redact``: personal data out of a text on standard input (see docs/voice.md).

The directory of names comes from ``koers.orgs.selectors.directory_of``, as in the apps.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from koers.cli.base import CommandFailed
from koers.redact import redact

if TYPE_CHECKING:
    pass


def add_commands(sub: Any) -> None:
    command = sub.add_parser(
        "redact",
        help="replace e-mail addresses, phone numbers, IBANs, BSNs and the organisation's names "
        "in a text from standard input",
        description="Reads a text on standard input and writes it with its personal data "
        "replaced by placeholders such as [e-mail], [phone], [IBAN], [BSN] and [name]. With "
        "--org the names of the organisation's active members are redacted too; without it, "
        "everything but names. See docs/voice.md.",
    )
    command.add_argument(
        "--org",
        metavar="SLUG",
        help="the organisation (short name) whose members' names are redacted",
    )
    command.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="'text' (default): the redacted text; 'json': {\"text\": ..., \"redactions\": "
        '[{"kind", "start", "end"}]} with offsets into the original text',
    )
    command.add_argument(
        "--language",
        choices=["en", "nl"],
        help="the language of the placeholders ([name] or [naam]); default: the organisation's "
        "language with --org, otherwise English",
    )
    command.set_defaults(handler=cmd_redact)


def cmd_redact(args: argparse.Namespace) -> int:
    from koers.orgs.models import Organisation
    from koers.orgs.selectors import directory_of

    directory = None
    language = args.language or "en"
    if args.org is not None:
        organisation = Organisation.objects.filter(slug=args.org).first()
        if organisation is None:
            raise CommandFailed(f"There is no organisation with the short name '{args.org}'.")
        directory = directory_of(organisation)
        language = args.language or organisation.language
    result = redact(sys.stdin.read(), directory, language=language)
    if args.format == "json":
        redactions = [{"kind": r.kind, "start": r.start, "end": r.end} for r in result.redactions]
        json.dump({"text": result.text, "redactions": redactions}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(result.text)
    return 0
