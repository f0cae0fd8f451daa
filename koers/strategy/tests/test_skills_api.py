"""The skills gap over the API: the page's figures (never a cell under k) and the anonymous
self-assessment; another organisation gets 404."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from koers.orgs.models import Role
from koers.orgs.services import api_token_create
from koers.strategy.models import SelfAssessmentAnswer
from koers.strategy.services.skills import self_assessment_submit, skill_catalogue_copy
from koers.testing.factories import ctx_for, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def _client(user) -> Client:
    _token, secret = api_token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _post(client: Client, url: str, body: object):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def skills(org, lead):
    return skill_catalogue_copy(ctx_for(lead, org))


def test_it_reads_the_gap_without_any_cell_under_k(org, lead, skills, clock):
    clock.set(dt.datetime(2026, 11, 3, 10, 0))
    for name, n in (("Finance", 6), ("HR", 2)):
        for _ in range(n):
            person = make_member(org, Role.MEMBER, department=org.departments.get(name=name))
            self_assessment_submit(ctx_for(person, org), levels={s.pk: 2 for s in skills})
    clock.set(dt.datetime(2027, 1, 5, 10, 0))
    found = _client(lead).get(f"/api/v1/orgs/{org.slug}/strategy/skills")
    assert found.status_code == 200
    body = found.json()
    assert body["k"] == 5 and body["quarter"] == "2026-10-01"
    assert len(body["skills"]) == 6 and len(body["skills"][0]["levels"]) == 5
    for row in body["departments"] + body["role_groups"]:
        for cell in row["cells"]:
            assert cell["source"] != "self" or cell["answers"] >= 5
    hr = next(row for row in body["departments"] if row["label"] == "HR")
    assert all(cell["current"] is None for cell in hr["cells"])


def test_a_member_sends_a_self_assessment_once_a_quarter(org, member, skills):
    client = _client(member)
    url = f"/api/v1/orgs/{org.slug}/strategy/skills/self-assessment"
    levels = [{"skill_id": s.pk, "level": 1} for s in skills]
    assert _post(client, url, {"levels": levels}).status_code == 201
    assert _post(client, url, {"levels": levels}).status_code == 422
    assert SelfAssessmentAnswer.objects.count() == 6


@pytest.mark.parametrize(
    "levels",
    [
        [{"skill_id": 1, "level": 5}],
        [{"skill_id": 1, "level": -1}],
        [{"skill_id": "x", "level": 1}],
        [{"skill_id": 1, "level": 1}] * 41,
        "all of them",
    ],
)
def test_a_bad_self_assessment_is_refused(org, member, skills, levels):
    url = f"/api/v1/orgs/{org.slug}/strategy/skills/self-assessment"
    assert _post(_client(member), url, {"levels": levels}).status_code == 422
    assert not SelfAssessmentAnswer.objects.exists()


def test_another_organisation_gets_404(org, other_org, skills):
    stranger = _client(make_member(other_org, Role.ADMIN))
    assert stranger.get(f"/api/v1/orgs/{org.slug}/strategy/skills").status_code == 404
    url = f"/api/v1/orgs/{org.slug}/strategy/skills/self-assessment"
    body = {"levels": [{"skill_id": skills[0].pk, "level": 1}]}
    assert _post(stranger, url, body).status_code == 404
