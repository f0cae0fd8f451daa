"""``koers analyze usecases`` and ``koers worker`` from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from koers.cli import main
from koers.testing.migrated import migrated_sqlite
from koers.testing.shared_data import FEDERAL, needs_federal

ROWS = [
    ("UC-1", "HR chatbot", "Employees ask HR the same questions about leave.", "HR"),
    ("UC-2", "Leave assistant", "Staff questions about leave answered by a chatbot.", "Finance"),
    ("UC-3", "Invoice matching", "Match supplier invoices to purchase orders.", "Finance"),
    ("UC-4", "Facturen controleren", "Facturen van leveranciers tegen inkooporders.", "Inkoop"),
    ("UC-5", "Benefit fraud", "Decide which benefit applications are fraudulent.", "Benefits"),
]


@pytest.fixture
def backlog_csv(tmp_path: Path) -> Path:
    lines = ["referentie,titel,probleem,afdelingen,persoonsgegevens"]
    lines += [f'{r},{t},"{p}",{d},{"ja" if r == "UC-5" else "nee"}' for r, t, p, d in ROWS]
    path = tmp_path / "backlog.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_it_writes_the_documented_json_for_a_koers_file(backlog_csv, capsys):
    assert main(["analyze", "usecases", str(backlog_csv), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    items = document["items"]
    assert [i["id"] for i in items] == [r[0] for r in ROWS]
    assert items[0]["similar"][0]["row"] == 1  # the other leave chatbot
    assert {s["row"] for s in items[2]["similar"][:1]} == {3}  # Dutch invoices meet English ones
    assert items[4]["high_impact"] and items[4]["personal_data"]
    assert any("benefit applications" in reason for reason in items[4]["reasons"])
    assert sum(c["size"] for c in document["clusters"]) == len(ROWS)
    departments = {d for c in document["clusters"] for d in c["departments"]}
    assert departments == {"HR", "Finance", "Inkoop", "Benefits"}


def test_it_reads_estimates_written_in_dutch(tmp_path, capsys):
    path = tmp_path / "geschat.csv"
    path.write_text(
        "titel,probleem,uren bespaard per maand,inspanning,data beschikbaar\n"
        "Snel klaar,Veel handwerk,40,dagen,ja\n"
        "Groot project,Veel handwerk,40,meer dan drie maanden,nee\n",
        encoding="utf-8",
    )
    assert main(["analyze", "usecases", str(path)]) == 0
    quick, slow = json.loads(capsys.readouterr().out)["items"]
    assert quick["quick_win_score"] > slow["quick_win_score"]


def test_it_explains_a_file_it_cannot_read(tmp_path, capsys):
    assert main(["analyze", "usecases", str(tmp_path / "missing.csv")]) == 1
    assert "no such file" in capsys.readouterr().err
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("colour,size\nred,3\n")
    assert main(["analyze", "usecases", str(wrong)]) == 1
    assert "no 'title' column" in capsys.readouterr().err


@needs_federal
def test_it_analyses_the_federal_inventory(capsys):
    assert main(["analyze", "usecases", str(FEDERAL), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert len(document["items"]) == 2168
    assert all(len(i["similar"]) == 5 for i in document["items"])
    assert sum(c["size"] for c in document["clusters"]) == 2168
    assert document["items"][0]["id"]  # the inventory's own id
    assert all(c["departments"] for c in document["clusters"])


def test_the_worker_runs_queued_theme_computations(tmp_path):
    env = {
        **os.environ,
        "KOERS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "KOERS_TASKS_BACKEND": "database",
    }
    koers = [sys.executable, "-m", "koers.cli"]

    def run(*args: str) -> str:
        done = subprocess.run([*koers, *args], env=env, capture_output=True, text=True, check=True)
        return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""

    migrated_sqlite(tmp_path / "worker.sqlite3")
    count = (
        "from koers.backlog.models.themes import ThemeRun; "
        "print(ThemeRun.objects.filter(organisation__slug='demo').count())"
    )
    # One child process sets up, queues and counts: each start of Koers costs seconds.
    before, queued = map(
        int,
        run(
            "manage",
            "shell",
            "-c",
            "from koers.testing.factories import make_org, make_usecase; "
            "from koers.backlog.models.themes import ThemeRun; "
            "from koers.backlog.tasks import recompute_themes; "
            "org = make_org('Demo'); org.slug = 'demo'; org.save(); "
            "[make_usecase(org, title=t)"
            " for t in ('HR chatbot', 'Leave chatbot', 'Invoice checks')]; "
            "before = ThemeRun.objects.filter(organisation=org).count(); "
            "recompute_themes.enqueue(org.pk); "
            "print(before, ThemeRun.objects.filter(organisation=org).count())",
        ).split(),
    )
    assert queued == before  # queued, not run
    run("worker", "--batch")
    assert int(run("manage", "shell", "-c", count)) > before  # the worker ran what was queued
