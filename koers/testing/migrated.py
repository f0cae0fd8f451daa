"""A migrated SQLite database, made once per test run and copied for each test that starts Koers
in a child process on a database of its own: migrating a new database takes ~10 s of a core.

The template lives in ``KOERS_TEST_MIGRATED_DIR``, which the pytest plugin sets before the
xdist workers start, so they share it; the first test to need it migrates it under a lock. The
tests of ``koers run`` on an empty database (tests/test_cli.py) still migrate from nothing.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

TEMPLATE = "koers.sqlite3"


def migrated_sqlite(target: Path) -> Path:
    """``target`` (a file path) as a copy of the migrated template database."""
    root = Path(os.environ["KOERS_TEST_MIGRATED_DIR"])
    template = root / TEMPLATE
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            partial = root / f"{TEMPLATE}.partial"
            partial.unlink(missing_ok=True)
            env = {
                **os.environ,
                "KOERS_DATA_DIR": str(root),
                "DATABASE_URL": f"sqlite:///{partial}",
            }
            subprocess.run(
                [sys.executable, "-m", "koers.cli", "manage", "migrate", "--verbosity", "0"],
                env=env,
                check=True,
                capture_output=True,
            )
            partial.rename(template)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return target
