"""The organisation's triages over the API: the same outcome as the engine and the pages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from koers.orgs.models import Role
from koers.orgs.services import api_token_create
from koers.testing.factories import make_member, make_org, make_usecase
from koers.triage.models import Status, Triage
from koers.triage.rules import engine
from koers.triage.tests.test_services import CV_SCREENING
from koers.triage.tests.test_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("Acme")


def _api(org, role):
    user = make_member(org, role)
    _token, secret = api_token_create(user=user, name="script")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _put(api, url, body):
    return api.put(url, json.dumps(body), content_type="application/json")


def test_it_answers_the_outcome_of_knowing_nothing_before_any_answer(org):
    usecase = make_usecase(org)
    response = _api(org, Role.MEMBER).get(f"/api/v1/orgs/{org.slug}/usecases/{usecase.pk}/triage")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "not_triaged"
    assert body["result"]["risk_group"] == "needs_review"


def test_put_saves_the_facts_and_answers_the_engines_result(org):
    usecase = make_usecase(org)
    url = f"/api/v1/orgs/{org.slug}/usecases/{usecase.pk}/triage"
    facts = CV_SCREENING.model_dump(exclude_none=True)
    response = _put(_api(org, Role.EVANGELIST), url, facts)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["result"] == engine.triage(CV_SCREENING).model_dump(mode="json")
    assert body["status"] == Status.COMPLETE
    assert body["pivotal"] == engine.pivotal(CV_SCREENING)


def test_the_page_the_api_and_the_engine_agree_on_the_same_facts(client, org):
    by_page, by_api = make_usecase(org), make_usecase(org)
    client.force_login(make_member(org, Role.EVANGELIST))
    client.post(
        f"/o/{org.slug}/usecases/{by_page.pk}/triage/", form_data(CV_SCREENING, confirm="1")
    )
    api_url = f"/api/v1/orgs/{org.slug}/usecases/{by_api.pk}/triage"
    _put(_api(org, Role.EVANGELIST), api_url, CV_SCREENING.model_dump())
    expected = engine.triage(CV_SCREENING).model_dump(mode="json")
    assert Triage.objects.get(usecase=by_page).result == expected
    assert Triage.objects.get(usecase=by_api).result == expected
    assert _api(org, Role.MEMBER).get(api_url).json()["result"] == expected


@pytest.mark.parametrize(
    "body",
    [
        {"role": "overlord"},
        {"colour": "blue"},
        {"art50": "chatbot"},
        ["not", "an", "object"],
        # A NUL byte was a 500 on PostgreSQL (its JSON refuses \u0000); a list is bounded.
        {"dutch_dpa_list": ["health_data\x00"]},
        {"dutch_dpa_list": ["health_data"] * 51},
        {"dutch_dpa_list": ["x" * 101]},
    ],
)
def test_bad_facts_get_422_and_change_nothing(org, body):
    usecase = make_usecase(org)
    url = f"/api/v1/orgs/{org.slug}/usecases/{usecase.pk}/triage"
    response = _put(_api(org, Role.EVANGELIST), url, body)
    assert response.status_code == 422
    assert "errors" in response.json()
    assert not Triage.objects.exists()


def test_a_member_cannot_answer_and_only_legal_or_admin_signs_off(org):
    usecase = make_usecase(org)
    url = f"/api/v1/orgs/{org.slug}/usecases/{usecase.pk}/triage"
    assert _put(_api(org, Role.MEMBER), url, {}).status_code == 403
    _put(_api(org, Role.LEAD), url, CV_SCREENING.model_dump())
    assert _api(org, Role.LEAD).post(f"{url}/signoff").status_code == 403
    response = _api(org, Role.LEGAL).post(f"{url}/signoff")
    assert response.status_code == 200
    assert response.json()["status"] == "signed_off" and response.json()["signed_off_by"]


def test_signing_off_a_triage_that_needs_review_is_refused(org):
    usecase = make_usecase(org)
    url = f"/api/v1/orgs/{org.slug}/usecases/{usecase.pk}/triage"
    _put(_api(org, Role.ADMIN), url, {"role": "deployer"})
    assert _api(org, Role.LEGAL).post(f"{url}/signoff").status_code == 422


def test_it_counts_the_portfolio(org):
    usecase = make_usecase(org)
    make_usecase(org)
    url = f"/api/v1/orgs/{org.slug}/usecases/{usecase.pk}/triage"
    _put(_api(org, Role.ADMIN), url, CV_SCREENING.model_dump())
    body = _api(org, Role.MEMBER).get(f"/api/v1/orgs/{org.slug}/triage").json()
    assert body["total"] == 2
    assert body["risk_group"]["high_risk"] == 1 and body["risk_group"]["not_triaged"] == 1
    assert body["open_reviews"] == 1


def test_triaging_more_use_cases_at_once_than_a_batch_holds_is_refused(org):
    response = _api(org, Role.MEMBER).post(
        "/api/v1/triage", json.dumps([{}] * 1001), content_type="application/json"
    )
    assert response.status_code == 422
