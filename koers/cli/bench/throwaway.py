"""Running a benchmark in a throwaway database, shared by ``koers bench import``, ``diagnostic`` and
``interactive``.

The command runs the benchmark module's ``_child_main`` in a child process
whose database is a fresh SQLite file in a temporary directory, so that it can never touch the
operator's data, whatever DATABASE_URL says (``koers bench diagnostic`` may name a PostgreSQL
database instead). The child migrates that database, measures and ends with one line of JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from koers.cli.base import CommandFailed, migrate, setup_django


def run_in_throwaway_database(
    benchmark: str,
    module: str,
    argv: Sequence[str],
    *,
    database_url: str | None = None,
    env: Mapping[str, str] | None = None,
) -> int:
    """Run ``python -m module argv…`` in a child process against a fresh SQLite file in a temporary
    directory (or ``database_url``), with ``env`` added to its environment; ``CommandFailed``
    when the child fails."""
    with tempfile.TemporaryDirectory(prefix="koers-bench-") as directory:
        child_env = dict(os.environ)
        child_env["KOERS_DATA_DIR"] = directory
        child_env["DATABASE_URL"] = database_url or f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        child_env.update(env or {})
        child_env.setdefault("KOERS_FAST_PASSWORD_HASHER", "1")
        command = child_command(module, "_child_main", *argv)
        completed = subprocess.run(command, env=child_env, check=False)
    if completed.returncode != 0:
        raise CommandFailed(f"the {benchmark} benchmark failed.")
    return 0


def child_command(module: str, function: str, *argv: str) -> list[str]:
    """The command that runs ``module.function(argv)`` in a new Python process and exits with its
    result. Not ``python -m module``: ``koers.cli`` imports every benchmark module to register its
    command, so runpy would find the module imported already and run it a second time."""
    code = f"import sys; from {module} import {function}; sys.exit({function}(sys.argv[1:]))"
    return [sys.executable, "-c", code, *argv]


def measure_in_child(benchmark: str, measure: Callable[[], dict[str, Any]]) -> int:
    """In the child process: set Django up on the throwaway database, migrate it, measure, and end
    with the figures as one line of JSON."""
    setup_django()
    migrate()
    figures = measure()
    print(json.dumps({"benchmark": benchmark, **figures}))
    return 0
