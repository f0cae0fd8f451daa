"""``koers import training`` and ``koers export reach``."""

from __future__ import annotations

import json

import pytest

from koers.academy.models import Attendance, Module, TrainingSession
from koers.cli import main
from koers.orgs.models import Department
from koers.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db

FILE = """session;module;date;trainer_email;attendee_email;completed
T1;AI-basis voor iedereen;2026-03-02;trainer@bureau.example;ann@example.org;ja
T1;AI-basis voor iedereen;2026-03-02;trainer@bureau.example;bob@example.org;ja
C1;AI-basis voor iedereen;2026-04-06;ann@example.org;cas@example.org;yes
C1;AI-basis voor iedereen;2026-04-06;ann@example.org;dirk@example.org;nee
"""


@pytest.fixture
def org():
    organisation = make_org(departments=("Sales", "HR"))
    sales, hr = (Department.objects.get(organisation=organisation, name=n) for n in ("Sales", "HR"))
    for email, department in [("ann", sales), ("bob", sales), ("cas", hr), ("dirk", hr)]:
        from koers.testing.factories import make_user

        make_member(organisation, user=make_user(f"{email}@example.org"), department=department)
    return organisation


def test_it_imports_training_once_and_exports_the_reach(org, tmp_path, capsys):
    path = tmp_path / "training.csv"
    path.write_text(FILE)
    assert main(["import", "training", "--org", org.slug, str(path)]) == 0
    assert "4 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert Module.objects.get(organisation=org, title="AI-basis voor iedereen").track.kind == (
        "imported"
    )
    assert main(["import", "training", "--org", org.slug, str(path)]) == 0
    assert "0 created, 0 updated, 4 unchanged" in capsys.readouterr().out
    assert Attendance.objects.count() == 4 and TrainingSession.objects.count() == 2

    assert main(["export", "reach", "--org", org.slug]) == 0
    reach = json.loads(capsys.readouterr().out)
    assert reach == {
        "headcount": 4,
        "trained": 3,
        "by_generation": {"1": 2, "2": 1},
        "by_department": {
            "HR": {"headcount": 2, "trained": 1, "evangelists": 0, "by_generation": {"2": 1}},
            "Sales": {"headcount": 2, "trained": 2, "evangelists": 0, "by_generation": {"1": 2}},
        },
    }
    assert main(["export", "reach", "--org", org.slug, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "department,headcount,trained,evangelists,generation_1,generation_2"
    assert lines[-1] == ",4,3,0,2,1"


def test_a_bad_file_names_every_row_and_imports_nothing(org, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(
        FILE
        + "T2;X;2026-13-01;t@x.example;ann@example.org;misschien\n"
        + "T3;X;2026-05-01;t@x.example;stranger@example.org;ja\n"
        + "T1;Ander;2026-03-02;trainer@bureau.example;cas@example.org;ja\n"
    )
    assert main(["import", "training", "--org", org.slug, str(path)]) == 1
    err = capsys.readouterr().err
    assert "row 6, column “date”" in err and "row 6, column “completed”" in err
    assert "row 7" in err and "stranger@example.org" in err
    assert "row 8" in err and "T1" in err
    assert not Attendance.objects.exists() and not TrainingSession.objects.exists()
