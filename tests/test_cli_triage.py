"""``koers triage`` and ``POST /api/v1/triage``: the same facts give the same result."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.test import Client

from koers.cli import main
from koers.orgs.models import Role
from koers.orgs.services import api_token_create
from koers.testing.factories import make_member, make_org

CHATBOT = {
    "role": "deployer",
    "is_ai_system": True,
    "art2_exclusion": False,
    "gpai": "system",
    "prohibited_practice": False,
    "annex_i": "none",
    "annex_iii_area": "none",
    "art50": ["interacts_with_people"],
    "art50_exception": False,
    "edpb_criteria": [],
    "dutch_dpa_list": [],
}
CV_SCREENING = {
    "role": "deployer",
    "is_ai_system": True,
    "art2_exclusion": False,
    "gpai": "none",
    "prohibited_practice": False,
    "annex_i": "none",
    "annex_iii_area": "employment",
    "profiling": True,
    "art50": [],
    "edpb_criteria": ["evaluation_scoring", "automated_decision_legal_effect"],
}
PORTFOLIO = [CHATBOT, CV_SCREENING, {}]


def _write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _cli(capsys, tmp_path: Path, data: object) -> object:
    assert main(["triage", "--facts", _write(tmp_path, data)]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def api_client(db) -> Client:
    org = make_org("Triage org")
    member = make_member(org, Role.MEMBER)
    _token, secret = api_token_create(user=member, name="triage")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _api(client: Client, data: object):
    return client.post("/api/v1/triage", json.dumps(data), content_type="application/json")


def test_it_triages_one_use_case(capsys, tmp_path):
    result = _cli(capsys, tmp_path, CV_SCREENING)
    assert result["risk_group"] == "high_risk"
    assert [o["code"] for o in result["obligations"]] == [
        "art4_literacy",
        "art26_deployer",
        "art27_fria",
    ]
    assert result["dpia"] == "required"  # two EDPB criteria, whatever the Dutch DPA list says


def test_it_says_which_obligations_apply_on_a_given_day(capsys, tmp_path):
    path = tmp_path / "cv.json"
    path.write_text(json.dumps(CV_SCREENING))
    assert main(["triage", "--facts", str(path), "--as-of", "2027-12-02"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["as_of"] == "2027-12-02"
    deployer = next(o for o in result["obligations"] if o["code"] == "art26_deployer")
    assert deployer["applies_from"] == "2027-12-02" and deployer["applies_today"] is True
    assert main(["triage", "--facts", str(path), "--as-of", "2027-12-01"]) == 0
    result = json.loads(capsys.readouterr().out)
    deployer = next(o for o in result["obligations"] if o["code"] == "art26_deployer")
    assert deployer["applies_today"] is False


def test_it_answers_a_list_with_a_list_in_the_same_order(capsys, tmp_path):
    results = _cli(capsys, tmp_path, PORTFOLIO)
    assert [r["risk_group"] for r in results] == ["not_high_risk", "high_risk", "needs_review"]


def test_it_reads_standard_input(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(CHATBOT)))
    assert main(["triage", "--facts", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["transparency"] is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "boss"}, "role: Input should be"),
        ([CHATBOT, {"art50": ["chat"]}], "[1].art50.0: Input should be"),
        ({"colour": "red"}, "colour: Extra inputs are not permitted"),
        ("deployer", "the facts must be a JSON object or a list of objects"),
    ],
)
def test_it_names_the_field_of_bad_input_and_writes_nothing(capsys, tmp_path, data, message):
    assert main(["triage", "--facts", _write(tmp_path, data)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("koers: ") and message in captured.err


def test_it_refuses_a_file_that_is_not_json(capsys, tmp_path):
    path = tmp_path / "facts.json"
    path.write_text("{role: deployer", encoding="utf-8")
    assert main(["triage", "--facts", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "not valid JSON" in captured.err
    assert main(["triage", "--facts", str(tmp_path / "missing.json")]) == 1


def test_the_api_gives_the_same_results_as_the_cli(api_client, capsys, tmp_path):
    for data in (CHATBOT, CV_SCREENING, {}, PORTFOLIO):
        response = _api(api_client, data)
        assert response.status_code == 200
        assert response.json() == _cli(capsys, tmp_path, data)


def test_the_api_names_the_field_of_bad_input(api_client):
    response = _api(api_client, {"role": "boss"})
    assert response.status_code == 422
    assert any("role" in field for field in response.json()["errors"])


def test_the_api_needs_authentication(db):
    response = _api(Client(), CHATBOT)
    assert response.status_code == 401


def test_the_openapi_document_publishes_the_schema():
    from koers.api import api

    document = json.loads(json.dumps(api.get_openapi_schema()))
    operation = document["paths"]["/api/v1/triage"]["post"]
    assert operation["operationId"] == "triage"
    schemas = document["components"]["schemas"]
    assert {"Facts", "Result", "Obligation"} <= set(schemas)
    assert set(schemas["Result"]["properties"]) >= {"risk_group", "dpia", "obligations", "law"}
    # The amended AI Act: the new prohibition is a fact, every obligation has its date.
    intimate = json.dumps(schemas["Facts"]["properties"]["intimate_content"])
    assert all(value in intimate for value in ("intended", "foreseeable", "safeguarded", "no"))
    assert {"applies_from", "applies_today", "legal_review"} <= set(
        schemas["Obligation"]["properties"]
    )
    assert {"version", "sources"} <= set(schemas["Law"]["properties"])
