"""The checker over the API: the same answers and permissions as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from koers.orgs.models import Role
from koers.strategy.models import ToolRequest
from koers.testing.api import api_client
from koers.testing.factories import make_member, make_org
from koers.testing.policies import make_published_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = make_org()
    make_published_policy(org, number=5)
    return org


def base(org) -> str:
    return f"/api/v1/orgs/{org.slug}/strategy"


def send(client, method: str, url: str, body: Any = None):
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def test_a_member_reads_the_published_policy_as_the_export_gives_it(org):
    response = api_client(make_member(org)).get(f"{base(org)}/policy/published")
    assert response.status_code == 200
    document = response.json()
    assert (document["version"], document["language"]) == (5, "nl")
    assert document["matrix"]["cells"][0]["tool"] == "Microsoft 365 Copilot"


def test_without_a_published_policy_it_is_404_with_a_reason():
    other = make_org()
    response = api_client(make_member(other)).get(f"{base(other)}/policy/published")
    assert response.status_code == 404 and "AI policy" in response.json()["detail"]


def test_a_member_asks_the_checker(org):
    client = api_client(make_member(org))
    response = client.get(
        f"{base(org)}/policy/check", {"tool": "microsoft 365 copilot", "data_class": "personal"}
    )
    assert response.json() == {
        "tool": "Microsoft 365 Copilot",
        "data_class": "personal",
        "answer": "conditional",
        "condition": "Alleen met een DPIA",
        "section": "4.2",
    }


def test_an_unknown_data_class_is_422_naming_the_valid_ones(org):
    client = api_client(make_member(org))
    response = client.get(f"{base(org)}/policy/check", {"tool": "DeepL", "data_class": "geheim"})
    assert response.status_code == 422
    assert "public, internal, confidential, personal" in response.json()["errors"]["data_class"][0]


def test_bounded_inputs(org):
    client = api_client(make_member(org))
    long = client.get(f"{base(org)}/policy/check", {"tool": "x" * 121, "data_class": "public"})
    assert long.status_code == 422
    body = {"tool": "Gemini", "purpose": "x" * 2001}
    assert send(client, "POST", f"{base(org)}/tool-requests", body).status_code == 422
    assert send(client, "POST", f"{base(org)}/tool-requests", {"tool": "\x00"}).status_code == 422
    assert not ToolRequest.objects.exists()


def test_a_member_requests_a_tool_and_the_programme_team_answers(org, mailoutbox):
    member, lead = make_member(org), make_member(org, Role.LEAD)
    asked = send(
        api_client(member),
        "POST",
        f"{base(org)}/tool-requests",
        {"tool": "Gemini", "data_class": "Openbaar", "purpose": "Samenvatten"},
    )
    assert asked.status_code == 201
    created = asked.json()
    assert (created["status"], created["data_class"]) == ("open", "public")
    assert [m.to for m in mailoutbox] == [[lead.email]]

    assert api_client(member).get(f"{base(org)}/tool-requests").status_code == 403
    answer_url = f"{base(org)}/tool-requests/{created['id']}/answer"
    assert send(api_client(member), "POST", answer_url, {"answer": "Ja"}).status_code == 403

    listed = api_client(lead).get(f"{base(org)}/tool-requests", {"status": "open"}).json()
    assert [r["tool"] for r in listed] == ["Gemini"]
    answered = send(api_client(lead), "POST", answer_url, {"answer": "Ja, voor openbare data."})
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    assert mailoutbox[-1].to == [member.email]
    again = send(api_client(lead), "POST", answer_url, {"answer": "Toch niet."})
    assert again.status_code == 422
