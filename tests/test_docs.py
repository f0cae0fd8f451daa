"""The docs tell the truth: every command, option and setting is documented where people look.

When one of these fails: run `make docs` for docs/cli.md, give the new option a help text, or add
the new environment variable to docs/configuration.md (docs/testing.md for test-only flags).
"""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from koers.cli import build_parser
from koers.cli.docs import Command, render, walk

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ENV_NAME = re.compile(r"^(KOERS_[A-Z0-9_]+|DATABASE_URL)$")

COMMANDS = list(walk(build_parser()))


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        action
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction | argparse._HelpAction)
    ]


def _environment_variables(*paths: Path) -> set[str]:
    """Names of environment variables in string literals of the given Python files."""
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and ENV_NAME.match(node.value):
                names.add(node.value)
    return names


def _application_sources() -> list[Path]:
    """Koers's own Python files, without tests and test helpers."""
    return [
        path
        for path in (ROOT / "koers").rglob("*.py")
        if "tests" not in path.parts and "testing" not in path.parts
    ]


def test_it_has_generated_cli_md_from_the_current_parser() -> None:
    committed = (DOCS / "cli.md").read_text()
    assert committed == render(), "docs/cli.md is out of date: run `make docs` and commit it"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c.path))
def test_it_mentions_every_command_and_option_in_cli_md(command: Command) -> None:
    path, parser, _summary = command
    text = (DOCS / "cli.md").read_text()
    assert f"### `{' '.join(path)}`" in text
    for action in _options(parser):
        names = action.option_strings or [action.metavar or action.dest]
        for name in names:
            assert str(name) in text, f"`{' '.join(path)}` option {name} is not in docs/cli.md"


@pytest.mark.parametrize("command", COMMANDS[1:], ids=lambda c: " ".join(c.path))
def test_it_explains_every_command_and_option(command: Command) -> None:
    path, parser, summary = command
    assert summary, f"`{' '.join(path)}` has no help text in its parent's command list"
    undocumented = [
        "/".join(action.option_strings) or action.dest
        for action in _options(parser)
        if not action.help or action.help == argparse.SUPPRESS
    ]
    assert not undocumented, f"`{' '.join(path)}`: give these a help= text: {undocumented}"


def test_it_documents_every_environment_variable_koers_reads() -> None:
    names = _environment_variables(*_application_sources())
    assert {"KOERS_SECRET_KEY", "DATABASE_URL"} <= names  # the scan itself works
    documented = (DOCS / "configuration.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"add these to docs/configuration.md: {missing}"


def test_it_documents_every_flag_of_the_test_harness() -> None:
    harness = [
        ROOT / "koers" / "testing" / "postgres.py",
        ROOT / "koers" / "testing" / "pytest_plugin.py",
        ROOT / "tests" / "browser" / "conftest.py",
    ]
    names = _environment_variables(*harness)
    assert "KOERS_REQUIRE_POSTGRES" in names
    documented = (DOCS / "testing.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"add these to docs/testing.md: {missing}"
