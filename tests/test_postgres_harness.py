"""koers.testing.postgres: a throwaway cluster around a command, or a loud skip without one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from koers.testing import postgres

ROOT = Path(__file__).resolve().parents[1]


def test_it_skips_loudly_without_postgresql(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(postgres, "find_bin_dir", lambda: None)
    monkeypatch.delenv("KOERS_REQUIRE_POSTGRES", raising=False)
    assert postgres.main(["--", "true"]) == 0
    assert "PostgreSQL tests SKIPPED" in capsys.readouterr().out


def test_it_fails_without_postgresql_when_required(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(postgres, "find_bin_dir", lambda: None)
    monkeypatch.setenv("KOERS_REQUIRE_POSTGRES", "1")
    assert postgres.main(["--", "true"]) == postgres.EXIT_UNAVAILABLE
    assert "PostgreSQL tests FAILED" in capsys.readouterr().err


def test_it_runs_the_command_against_a_cluster_and_removes_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if postgres.find_bin_dir() is None:
        pytest.skip("PostgreSQL is not installed")
    clusters: list[postgres.Cluster] = []

    class RecordedCluster(postgres.Cluster):
        def start(self) -> None:
            clusters.append(self)
            super().start()

    monkeypatch.setattr(postgres, "Cluster", RecordedCluster)
    out = tmp_path / "database"
    script = (
        "import os, sys, psycopg\n"
        "with psycopg.connect(os.environ['DATABASE_URL']) as c:\n"
        "    name = c.execute('select current_database()').fetchone()[0]\n"
        f"open({str(out)!r}, 'w').write(name)\n"
        "sys.exit(7)\n"
    )

    assert postgres.main(["--", sys.executable, "-c", script]) == 7  # the command's exit code
    assert out.read_text() == "koers"
    assert len(clusters) == 1
    assert not clusters[0].root.exists()


def test_the_postgresql_pass_keeps_every_test_that_touches_the_database(tmp_path: Path) -> None:
    """`make test-postgres` passes --database-tests-only: tests whose fixtures open the database
    (directly, through another fixture, by marker or through a live server) run there; the
    others ran in the SQLite pass already. Browser tests run there only when marked
    ``postgres_too``."""
    (tmp_path / "test_sample.py").write_text(
        "import pytest\n"
        "@pytest.fixture\n"
        "def organisation(db): return 1\n"
        "def test_pure(): pass\n"
        "def test_direct(db): pass\n"
        "def test_through_a_fixture(organisation): pass\n"
        "@pytest.mark.django_db\n"
        "def test_by_marker(): pass\n"
        "def test_on_a_live_server(live_server): pass\n"
        "@pytest.mark.browser\n"
        "def test_in_a_browser(live_server): pass\n"
        "@pytest.mark.browser\n"
        "@pytest.mark.postgres_too\n"
        "def test_in_a_browser_on_both(live_server): pass\n"
        "@pytest.mark.database_neutral\n"
        "def test_neutral(db): pass\n"
    )
    found = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "koers.testing.pytest_plugin",
            "--database-tests-only",
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_sample.py"),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "koers.settings"},
    ).stdout
    collected = {line.rsplit("::", 1)[-1] for line in found.splitlines() if "::" in line}
    assert collected == {
        "test_direct",
        "test_through_a_fixture",
        "test_by_marker",
        "test_on_a_live_server",
        "test_in_a_browser_on_both",
    }
    assert "(3 deselected)" in found
