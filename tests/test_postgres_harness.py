"""koers.testing.postgres: a throwaway cluster around a command, or a loud skip without one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from koers.testing import postgres


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
