"""Make the database an earlier Koers left behind, for ``tests/test_upgrade.py``.

Checks out COMMIT into a temporary work tree, loads the demo organisation there into a fresh
SQLite file with that commit's own code and migrations, adds what the demo leaves empty (a lead's
scoring weights, a renamed theme with its history row), and writes the database as SQL to
``tests/upgrade/<COMMIT>.sql.gz``. Run it from the repository root with the project's virtualenv:

    .venv/bin/python scripts/make_upgrade_fixture.py 9504b68

The extra rows are written with SQL against the tables of 9504b68's time, and only when the
commit has them (``insights_theme``); the demos of later commits fill those rows themselves.
"""

from __future__ import annotations

import gzip
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

EXTRA_ROWS = """
INSERT INTO scoring_scoringweights (hourly_cost_eur, weight_value, weight_effort, weight_risk,
    weight_data_readiness, updated_at, organisation_id)
    VALUES ('75.00', 50, 20, 15, 15, '2026-12-01 09:00:00', 1);
UPDATE insights_theme SET name = 'Documenten en dossiers', manual = 1 WHERE number = 1;
INSERT INTO core_change (actor_label, subject, subject_id, action, fields, note, created_at,
    actor_id, organisation_id)
    SELECT '', 'insights.theme', id, 'renamed', '{"name": ["", "Documenten en dossiers"]}', '',
    '2026-12-01 09:00:00', NULL, organisation_id FROM insights_theme WHERE number = 1;
INSERT INTO core_change (actor_label, subject, subject_id, action, fields, note, created_at,
    actor_id, organisation_id)
    SELECT '', 'scoring.scoringweights', id, 'updated', '{"weight_value": [40, 50]}', '',
    '2026-12-01 09:00:00', NULL, organisation_id FROM scoring_scoringweights;
"""


def main(commit: str) -> int:
    repository = Path(__file__).resolve().parents[1]
    target = repository / "tests" / "upgrade" / f"{commit}.sql.gz"
    with tempfile.TemporaryDirectory(prefix="koers-upgrade-") as directory:
        tree = Path(directory) / "tree"
        data = Path(directory) / "data"
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], check=True)
        try:
            env = dict(os.environ, PYTHONPATH=str(tree), KOERS_DEBUG="1")
            env["KOERS_DATA_DIR"] = str(data)
            env["KOERS_FAST_PASSWORD_HASHER"] = "1"  # noqa: S105 - a switch, not a password
            env.pop("DATABASE_URL", None)
            code = "import sys; from koers.cli import main; sys.exit(main(['demo']))"
            subprocess.run([sys.executable, "-c", code], env=env, cwd=tree, check=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], check=True)
        connection = sqlite3.connect(data / "koers.sqlite3")
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        if "insights_theme" in tables:  # the commits of 9504b68's schema; later demos fill these
            with connection:
                connection.executescript(EXTRA_ROWS)
        dump = "\n".join(connection.iterdump()) + "\n"
        connection.close()
    target.write_bytes(gzip.compress(dump.encode("utf-8"), mtime=0))
    print(f"wrote {target.relative_to(repository)} ({target.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
