"""The AI vision over the API: every member reads it; the leadership team composes and edits it,
as on the vision page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from koers.orgs.models import Role
from koers.strategy.models import VisionVersion
from koers.testing.api import api_client
from koers.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db

ANSWERS = {
    "ambition": "Over twee jaar gebruikt elk team GenAI voor routinewerk.",
    "value": "Klantenservice en offertes.",
    "not_doing": "Geen besluiten over mensen door AI.",
    "people": "Niemand verliest zijn baan door AI.",
    "measures": "Uren bespaard per maand.",
}


@pytest.fixture
def org():
    return make_org("Demo BV")


def base(org) -> str:
    return f"/api/v1/orgs/{org.slug}/strategy/vision"


def send(client: Client, method: str, url: str, body: Any = None):
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def test_a_lead_composes_the_vision_and_edits_it_and_every_member_reads_it(org):
    lead, member = api_client(make_member(org, Role.LEAD)), api_client(make_member(org))
    assert member.get(base(org)).status_code == 404
    composed = send(lead, "POST", f"{base(org)}/compose", ANSWERS)
    assert composed.status_code == 200
    first = composed.json()
    assert (first["number"], first["composed"]) == (1, True)
    assert first["text"].startswith("## AI vision of Demo BV")
    assert ANSWERS["people"] in first["text"] and first["ambition"] == ANSWERS["ambition"]

    same = send(lead, "POST", f"{base(org)}/compose", ANSWERS).json()
    assert same["number"] == 1  # nothing changed, no new version
    edited = send(lead, "PUT", f"{base(org)}/text", {"text": "## Onze visie\n\nKort."}).json()
    assert (edited["number"], edited["composed"], edited["text"]) == (
        2,
        False,
        "## Onze visie\n\nKort.",
    )
    assert edited["ambition"] == ANSWERS["ambition"]  # the answers stay

    assert member.get(base(org)).json() == edited
    versions = member.get(f"{base(org)}/versions").json()
    assert [(v["number"], v["composed"]) for v in versions] == [(2, False), (1, True)]
    assert member.get(f"{base(org)}/versions/{first['id']}").json() == first


def test_an_employee_may_not_compose_or_edit(org):
    member = api_client(make_member(org))
    assert send(member, "POST", f"{base(org)}/compose", ANSWERS).status_code == 403
    assert send(member, "PUT", f"{base(org)}/text", {"text": "Van mij."}).status_code == 403
    assert not VisionVersion.objects.exists()


def test_bad_input_is_refused_and_changes_nothing(org):
    lead = api_client(make_member(org, Role.LEAD))
    no_text_yet = send(lead, "PUT", f"{base(org)}/text", {"text": "Eerst tekst."})
    assert (
        no_text_yet.status_code == 422
        and "Answer the questions first" in no_text_yet.json()["errors"]["__all__"][0]
    )
    send(lead, "POST", f"{base(org)}/compose", ANSWERS)
    bad = [
        ("POST", "compose", {**ANSWERS, "ambition": ""}),
        ("POST", "compose", {**ANSWERS, "people": "x" * 2001}),
        ("POST", "compose", {**ANSWERS, "mission": "Onbekend veld"}),
        ("PUT", "text", {"text": "   "}),
        ("PUT", "text", {"text": "x" * 12_001}),
        ("PUT", "text", {"text": "nul\x00"}),
    ]
    for method, path, body in bad:
        response = send(lead, method, f"{base(org)}/{path}", body)
        assert response.status_code == 422, (path, body)
        assert response.json()["errors"]
    assert list(VisionVersion.objects.values_list("number", flat=True)) == [1]
    other = send(
        api_client(make_member(make_org(), Role.LEAD)),
        "POST",
        f"{base(make_org())}/compose",
        ANSWERS,
    )
    assert other.status_code == 404


def test_another_organisations_version_is_not_found(org):
    lead = api_client(make_member(org, Role.LEAD))
    elsewhere = make_org()
    send(
        api_client(make_member(elsewhere, Role.LEAD)), "POST", f"{base(elsewhere)}/compose", ANSWERS
    )
    theirs = VisionVersion.objects.get(organisation=elsewhere)
    assert lead.get(f"{base(org)}/versions/{theirs.pk}").status_code == 404
