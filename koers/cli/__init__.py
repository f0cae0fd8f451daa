"""The ``koers`` command: the front door for everything an operator does.

Each command group lives in its own module of this package and calls the apps' services and
selectors; the benchmarks are in ``koers.cli.bench``. Every sub-command exits non-zero with a
one-line message on stderr when something is wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from koers.cli import analyze, plan, policy, redact, server, transfer, triage
from koers.cli.base import CommandFailed, setup_django
from koers.cli.bench.commands import add_bench_commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="koers", description="Koers: run an organisation's GenAI adoption programme."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    server.add_commands(sub)
    transfer.add_commands(sub)
    add_bench_commands(sub)
    analyze.add_commands(sub)
    triage.add_commands(sub)
    redact.add_commands(sub)
    policy.add_commands(sub)
    plan.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # A pure computation on a file (``koers triage``) needs no Django; a stateless one
        # (``koers analyze``) needs no secret key and no database.
        if getattr(args, "django", True):
            setup_django(stateless=getattr(args, "stateless", False))
        return int(args.handler(args))
    except CommandFailed as error:
        print(f"koers: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # the operator gets one clear line, not a traceback
        from django.core.exceptions import ImproperlyConfigured

        if isinstance(error, ImproperlyConfigured | OSError):
            print(f"koers: {error}", file=sys.stderr)
            return 1
        raise


__all__ = ["CommandFailed", "build_parser", "main"]
