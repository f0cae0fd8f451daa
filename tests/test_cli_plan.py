"""``koers plan sprint``: the proposed sprint plan over an organisation's backlog, as JSON or a
table; and ``koers bench planner`` on small backlogs."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from koers.backlog.models.usecases import UseCase
from koers.cli import main
from koers.sprints.models.sprint import Dependency
from koers.testing.factories import make_usecase

PLAIN = {"problem": "Writing minutes takes hours.", "solution": "A model drafts the minutes."}


def _usecase(org, **fields):
    return make_usecase(org, **{**PLAIN, **fields})


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["plan", "sprint", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def backlog(org, other_org):
    """One big use case worth most on its own, two small ones worth more together."""
    big = _usecase(org, title="Big", effort="weeks", hours_saved_per_month=Decimal("200"))
    small = [
        _usecase(
            org,
            title=f"Small {n}",
            effort="days",
            data_readiness="ready",
            hours_saved_per_month=Decimal("120"),
        )
        for n in (1, 2)
    ]
    _usecase(org, title="Not estimated")
    _usecase(other_org, title="Elsewhere", effort="days")
    return big, *small


@pytest.mark.django_db
def test_json_gives_the_candidates_the_plan_and_the_naive_pick(backlog, org, capsys):
    big, first, second = backlog
    code, out, err = _run(capsys, "--org", org.slug, "--capacity", "10", "--format", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert list(document) == [
        "capacity",
        "candidates",
        "selected",
        "value",
        "effort_days",
        "greedy_value",
        "proven_optimal",
    ]
    assert document["capacity"] == 10
    candidates = {c["id"]: c for c in document["candidates"]}
    assert set(candidates) == {big.pk, first.pk, second.pk}
    assert [c["effort_days"] for c in candidates.values()] == [10, 3, 3]
    assert set(document["selected"]) == {first.pk, second.pk}
    assert document["effort_days"] == 6
    assert document["value"] == pytest.approx(candidates[first.pk]["value"] * 2, abs=1e-3)
    assert document["greedy_value"] <= document["value"]
    assert document["proven_optimal"] is True


@pytest.mark.django_db
def test_a_maximum_risk_leaves_riskier_use_cases_out(backlog, org, capsys):
    _big, first, _second = backlog
    UseCase.objects.filter(pk=first.pk).update(assessed_risk="high")
    code, out, _err = _run(
        capsys, "--org", org.slug, "--capacity", "10", "--max-risk", "medium", "--format", "json"
    )
    assert code == 0
    assert first.pk not in json.loads(out)["selected"]


@pytest.mark.django_db
def test_the_table_says_why_each_use_case_is_in_or_out(backlog, org, capsys):
    big, first, _second = backlog
    code, out, _err = _run(capsys, "--org", org.slug, "--capacity", "6")
    assert code == 0
    assert f"Sprint plan for {org.name}: capacity 6 person-days." in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("UC-")}
    assert "in    chosen: most value within capacity" in lines[f"UC-{first.number}"]
    assert lines[f"UC-{big.number}"].endswith("out   over capacity")
    assert "(proven optimal)" in out
    assert "Naive pick by quick-win score:" in out


@pytest.mark.django_db
def test_a_recorded_dependency_keeps_a_use_case_out_while_what_it_needs_is(backlog, org, capsys):
    big, first, second = backlog
    Dependency.objects.create(organisation=org, usecase=first, needs=big)
    code, out, _err = _run(capsys, "--org", org.slug, "--capacity", "6")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("UC-")}
    assert lines[f"UC-{first.number}"].endswith(f"out   depends on UC-{big.number}, which is out")
    assert "in    chosen" in lines[f"UC-{second.number}"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--org", "nope", "--capacity", "5"), "There is no organisation with the short name"),
        (("--capacity", "-1"), "--capacity takes a number of person-days from 0"),
        (("--capacity", "many"), "--capacity takes a number of person-days from 0"),
        (("--capacity", "inf"), "--capacity takes a number of person-days from 0"),
        (("--capacity", "5", "--max-risk", "extreme"), "Unknown risk level 'extreme'"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(org, capsys, args, message):
    arguments = args if "--org" in args else ("--org", org.slug, *args)
    code, out, err = _run(capsys, *arguments)
    assert (code, out) == (1, "")
    assert message in err


def test_the_planner_benchmark_runs_on_small_backlogs_and_ends_with_one_json_line(capsys):
    assert main(["bench", "planner", "--sizes", "5,40", "--seed", "1"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    figures = json.loads(last)
    assert [f["candidates"] for f in figures] == [5, 40]
    for row in figures:
        assert set(row) == {"candidates", "exact_s", "proven_optimal", "greedy_gap"}
        assert row["proven_optimal"] is True
        assert 0 <= row["greedy_gap"] <= 1


def test_the_planner_benchmark_refuses_sizes_it_cannot_read(capsys):
    assert main(["bench", "planner", "--sizes", "5,lots"]) == 1
    assert "--sizes takes whole numbers" in capsys.readouterr().err
