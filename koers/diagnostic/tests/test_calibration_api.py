"""The calibration quiz over the API: the same permissions and threshold as the pages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from koers.diagnostic.models import CalibrationAnswer
from koers.diagnostic.tests.calibration_helpers import (
    TRUE,
    all_right,
    answers,
    leaders_answer,
    start,
)
from koers.orgs.models import Role
from koers.orgs.services import api_token_create
from koers.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("Acme")


def _api(org, role):
    user = make_member(org, role)
    _token, secret = api_token_create(user=user, name="script")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _post(api, url, body):
    return api.post(url, json.dumps(body), content_type="application/json")


def test_a_leader_answers_and_gets_their_own_result(org):
    started = start(org)
    api = _api(org, Role.LEAD)
    url = f"/api/v1/orgs/{org.slug}/calibration/rounds/{started.pk}/answers"
    response = _post(api, url, {"answers": answers(**{TRUE[0]: "unsure"})})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["right"] == body["answered"] - 1
    assert body["underestimation"] == pytest.approx(1 / len(TRUE))
    assert body["overestimation"] == 0
    assert {"source", "as_of", "given", "right"} <= set(body["statements"][0])

    rounds = api.get(f"/api/v1/orgs/{org.slug}/calibration/rounds").json()
    assert [(r["id"], r["answered"], r["answered_by_me"]) for r in rounds] == [
        (started.pk, 1, True)
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"answers": {**all_right(), "unknown_statement": "true"}},
        {"answers": answers(**{TRUE[0]: "yes"})},
        {"answers": "all true"},
        ["true"],
        {"answers": {f"statement_{n}": "true" for n in range(201)}},
        {"answers": {"s\x00" * 40: "true"}},
    ],
    ids=[
        "unknown statement",
        "unknown value",
        "not an object",
        "not an object at all",
        "more answers than any quiz has",
        "a long id with NUL bytes",
    ],
)
def test_bad_answers_are_refused_with_nothing_saved(org, body):
    started = start(org)
    url = f"/api/v1/orgs/{org.slug}/calibration/rounds/{started.pk}/answers"
    response = _post(_api(org, Role.LEAD), url, body)
    assert response.status_code == 422
    assert response.json()["errors"]
    assert not CalibrationAnswer.objects.exists()


def test_the_team_summary_is_empty_below_three_answers(org):
    started = start(org)
    api = _api(org, Role.ADMIN)
    url = f"/api/v1/orgs/{org.slug}/calibration/rounds/{started.pk}/team"
    leaders_answer(started, 2)
    body = api.get(url).json()
    assert (body["shown"], body["answered"], body["min_answers"]) == (False, 2, 3)
    assert body["underestimation_index"] is None and body["statements"] == []
    leaders_answer(started, 1)
    body = api.get(url).json()
    assert body["shown"] and body["underestimation_index"] == 0 and body["calibration"] == 1
    assert len(body["statements"]) == len(all_right())
    assert "membership" not in json.dumps(body)


@pytest.mark.parametrize("role", [Role.EVANGELIST, Role.MEMBER, Role.LEGAL])
def test_staff_get_no_rounds_no_team_figures_and_cannot_answer(org, role):
    started = start(org)
    api = _api(org, role)
    base = f"/api/v1/orgs/{org.slug}/calibration/rounds"
    assert api.get(base).status_code == 403
    assert api.get(f"{base}/{started.pk}/team").status_code == 403
    assert _post(api, f"{base}/{started.pk}/answers", {"answers": all_right()}).status_code == 403
    assert not CalibrationAnswer.objects.exists()


def test_another_organisations_round_is_not_found(org):
    other = start(make_org("Other"))
    api = _api(org, Role.ADMIN)
    base = f"/api/v1/orgs/{org.slug}/calibration/rounds/{other.pk}"
    assert api.get(f"{base}/team").status_code == 404
    assert _post(api, f"{base}/answers", {"answers": all_right()}).status_code == 404
    assert not CalibrationAnswer.objects.exists()
