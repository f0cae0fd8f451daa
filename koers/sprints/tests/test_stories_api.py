"""The wall of wins over the API: a lead writes, records consent and publishes; a colleague
reacts and asks for it for their department."""

from __future__ import annotations

import pytest

from koers.orgs.models import Role
from koers.sprints.tests.test_stories import deliver
from koers.testing.api import api_client
from koers.testing.factories import make_member, make_org, make_usecase

pytestmark = pytest.mark.django_db


def test_a_story_goes_from_draft_to_the_wall_and_a_department_asks_for_it():
    org = make_org(departments=("Klantenservice", "Financiën"))
    service, finance = (org.departments.get(name=n) for n in ("Klantenservice", "Financiën"))
    usecase = deliver(org, make_usecase(org, department_ids=(service.pk,)))
    lead = api_client(make_member(org, Role.LEAD))
    colleague = api_client(make_member(org, Role.MEMBER, department=finance))
    base = f"/api/v1/orgs/{org.slug}/stories"
    created = lead.post(
        base,
        {
            "usecase_id": usecase.pk,
            "title": "Sneller antwoord",
            "problem": "<img src=x onerror=alert(1)>Traag",
            "built": "Een assistent",
            "result": "**8** uur per week",
            "people": ["Sem Bos"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    story = created.json()
    assert story["state"] == "draft" and "<img" not in story["problem"]  # typed HTML is text
    assert story["result"] == "<p><strong>8</strong> uur per week</p>"
    assert colleague.get(f"{base}/{story['id']}").status_code == 404  # a draft
    refused = lead.post(f"{base}/{story['id']}/publish")
    assert refused.status_code == 422 and "Sem Bos" in str(refused.json())
    person = story["people"][0]["id"]
    consent = {"person_id": person, "how": "per e-mail"}
    recorded = lead.post(f"{base}/{story['id']}/consents", consent, content_type="application/json")
    assert recorded.json()["consents"] is True
    assert lead.post(f"{base}/{story['id']}/publish").json()["state"] == "published"
    react = {"kind": "applause"}
    reacted = colleague.post(
        f"{base}/{story['id']}/reactions", react, content_type="application/json"
    )
    assert {"kind": "applause", "count": 1, "mine": True} in reacted.json()
    asked = colleague.post(f"{base}/{story['id']}/requests", {}, content_type="application/json")
    assert asked.status_code == 201 and asked.json()["department_id"] == finance.pk
    wall = colleague.get(base).json()
    assert [s["requests"] for s in wall] == [1] and wall[0]["people"] == []
    withdrawn = lead.post(
        f"{base}/{story['id']}/consents/withdraw",
        {"person_id": person},
        content_type="application/json",
    )
    assert withdrawn.status_code == 200
    assert colleague.get(base).json() == []
