"""Write docs/cli.md from the ``koers`` parser: ``python -m koers.cli.docs > docs/cli.md``.

The reference part is the ``--help`` output of every command, so the docs cannot drift from the
code; tests/test_docs.py fails when the committed file differs from what this prints.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from typing import NamedTuple

# Wide enough for readable help, fixed so the output does not depend on the terminal.
HELP_WIDTH = "100"

INTRO = """\
# Command line

`koers` is the front door for everything an operator does: serving the web app, loading the demo,
importing and exporting, creating administrators and running Django management commands. It is
installed with the package (`pip install .`, or `.venv/bin/koers` after `make run`).

Every command reads the same environment variables as the web app (see
[configuration](configuration.md)), so `DATABASE_URL` and `KOERS_DATA_DIR` pick the database. When
something is wrong a command prints one line starting with `koers:` on stderr and exits non-zero;
it never leaves a half-done change behind.

Common tasks:

```sh
koers run --host 0.0.0.0 --port 8000                  # migrate and serve with gunicorn
koers demo                                            # the demo organisations, if missing
koers createadmin --email you@example.org             # a site superuser (asks for the password)
koers import usecases --org demo usecases.xlsx         # all rows or none, with per-row errors
koers export usecases --org demo --format csv > register.csv
koers manage showmigrations                           # any Django management command
```

## Reference

Generated from the `--help` output of each command by `make docs` (`python -m koers.cli.docs >
docs/cli.md`); do not edit below this line by hand.
"""


class Command(NamedTuple):
    path: tuple[str, ...]  # ("koers", "import", "usecases")
    parser: argparse.ArgumentParser
    summary: str  # the one-line help its parent shows for it


def walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ("koers",)) -> Iterator[Command]:
    """Every command, depth first, starting with ``koers`` itself."""
    if path == ("koers",):
        yield Command(path, parser, "")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            summaries = {choice.dest: choice.help or "" for choice in action._choices_actions}
            seen: set[int] = set()
            for name, subparser in action.choices.items():
                if id(subparser) in seen:  # an alias of a command already listed
                    continue
                seen.add(id(subparser))
                command = Command((*path, name), subparser, summaries.get(name, ""))
                yield command
                yield from walk(subparser, command.path)


@contextlib.contextmanager
def neutral_environment() -> Iterator[None]:
    """Help text without this machine's settings: no KOERS_* variables, a fixed width."""
    saved = dict(os.environ)
    for name in list(os.environ):
        if name.startswith("KOERS_") or name == "DATABASE_URL":
            del os.environ[name]
    os.environ["COLUMNS"] = HELP_WIDTH
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def render() -> str:
    from koers.cli import build_parser

    sections = [INTRO]
    with neutral_environment():
        for command in walk(build_parser()):
            sentence = command.summary.rstrip(".")
            summary = f"{sentence[:1].upper()}{sentence[1:]}.\n\n"
            help_text = command.parser.format_help().rstrip()
            sections.append(
                f"### `{' '.join(command.path)}`\n\n"
                f"{summary if command.summary else ''}```text\n{help_text}\n```\n"
            )
    return "\n".join(sections)


def main() -> int:
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
