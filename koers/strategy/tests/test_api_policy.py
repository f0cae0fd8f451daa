"""The AI policy's versions over the API: the same workflow, permissions and refusals as the
pages, through the same services."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from koers.core.models import Change
from koers.orgs.models import Department, Role
from koers.strategy.models import Acknowledgement, PolicyVersion
from koers.testing.api import api_client
from koers.testing.factories import make_member, make_org
from koers.testing.policies import make_published_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org()


@pytest.fixture
def lead(org):
    return api_client(make_member(org, Role.LEAD))


@pytest.fixture
def legal(org):
    return api_client(make_member(org, Role.LEGAL))


@pytest.fixture
def employee(org):
    return api_client(make_member(org))


def base(org) -> str:
    return f"/api/v1/orgs/{org.slug}/strategy/policy"


def send(client: Client, method: str, url: str, body: Any = None):
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def started(client: Client, org, language: str = "nl") -> dict[str, Any]:
    response = send(client, "POST", f"{base(org)}/start", {"language": language})
    assert response.status_code == 201, response.json()
    return response.json()


def state(org) -> tuple[list[tuple[int, str, Any]], int]:
    """Every version's number, status and content, and the policy history's length."""
    versions = PolicyVersion.objects.filter(policy__organisation=org).order_by("number")
    rows = [(v.number, v.status, v.content) for v in versions]
    return rows, Change.objects.filter(subject="strategy.policyversion").count()


def test_a_lead_starts_the_policy_from_the_dutch_template_and_edits_the_draft(org, lead):
    draft = started(lead, org)
    assert draft["version"]["status"] == "draft" and draft["version"]["number"] == 1
    assert draft["language"] == "nl" and draft["authored"] is True
    assert [d["key"] for d in draft["data_classes"]] == [
        "public",
        "internal",
        "confidential",
        "personal",
    ]
    url = f"{base(org)}/versions/{draft['version']['id']}"
    purpose = draft["sections"][0]
    hostile = '<p>Voor <strong>iedereen</strong>.</p><script>alert("x")</script>'
    section = {**{k: purpose[k] for k in ("key", "number", "title")}, "html": hostile}
    saved = send(lead, "PUT", f"{url}/sections", {"sections": [section]}).json()
    assert saved["sections"][0]["html"] == "<p>Voor <strong>iedereen</strong>.</p>"
    assert saved["sections"][0]["text"] == "Voor iedereen."

    with_tool = send(lead, "POST", f"{url}/tools", {"name": "DeepL Pro"}).json()
    tool = with_tool["tools"][-1]
    assert tool["name"] == "DeepL Pro"
    cell = {
        "tool": tool["key"],
        "data_class": "personal",
        "answer": "conditional",
        "condition": "Alleen met een verwerkersovereenkomst",
        "section": purpose["number"],
    }
    matrix = send(lead, "PUT", f"{url}/matrix", {"cells": [cell]}).json()
    assert matrix["cells"] == [cell]

    renamed = send(lead, "POST", f"{url}/tools/rename", {"key": tool["key"], "name": "DeepL"})
    assert renamed.json()["tools"][-1]["name"] == "DeepL"
    added = send(lead, "POST", f"{url}/data-classes", {"label": "Geheim"}).json()
    secret = added["data_classes"][-1]["key"]
    body = {"key": secret, "label": "Staatsgeheim", "description": "Nooit"}
    renamed = send(lead, "POST", f"{url}/data-classes/rename", body).json()
    assert renamed["data_classes"][-1] == {**body, "label": "Staatsgeheim"}
    removed = send(lead, "POST", f"{url}/data-classes/remove", {"key": secret}).json()
    assert secret not in [d["key"] for d in removed["data_classes"]]
    removed = send(lead, "POST", f"{url}/tools/remove", {"key": tool["key"]}).json()
    assert removed["tools"] == [] and removed["cells"] == []
    assert send(lead, "GET", url).json() == removed


def test_the_workflow_and_the_checker_answers_from_the_version_the_api_published(org, lead, legal):
    draft = started(lead, org)
    url = f"{base(org)}/versions/{draft['version']['id']}"
    tool = send(lead, "POST", f"{url}/tools", {"name": "DeepL"}).json()["tools"][0]["key"]
    cell = {"tool": tool, "data_class": "public", "answer": "yes"}
    send(lead, "PUT", f"{url}/matrix", {"cells": [cell]})

    submitted = send(lead, "POST", f"{url}/submit", {"summary": "Eerste versie"})
    assert submitted.json()["status"] == "in_review"
    assert submitted.json()["summary"] == "Eerste versie"
    own = send(lead, "POST", f"{url}/decision", {"approve": True})
    assert own.status_code == 422 and "someone else" in own.json()["errors"]["__all__"][0]
    assert send(legal, "GET", url).json()["authored"] is False
    approved = send(legal, "POST", f"{url}/decision", {"approve": True, "comment": "Akkoord"})
    assert approved.json()["status"] == "approved"
    approvals = send(legal, "GET", f"{url}/approvals").json()
    assert [(a["decision"], a["comment"]) for a in approvals] == [("approve", "Akkoord")]

    assert send(legal, "POST", f"{url}/publish").status_code == 403  # approves, not publishes
    published = send(lead, "POST", f"{url}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"

    check = lead.get(f"{base(org)}/check", {"tool": "deepl", "data_class": "public"}).json()
    assert check["answer"] == "yes" and check["tool"] == "DeepL"
    assert send(lead, "GET", f"{base(org)}/published").json()["version"] == 1
    page = Client()
    page.force_login(make_member(org))
    answer = page.get(f"/o/{org.slug}/strategy/checker/", {"tool": "DeepL", "data_class": "public"})
    assert answer.context["result"].answer == "yes" and answer.context["version"].number == 1

    versions = send(legal, "GET", f"{base(org)}/versions").json()
    assert [(v["number"], v["status"]) for v in versions] == [(1, "published")]


def test_sending_back_needs_a_comment_and_opens_a_new_draft(org, lead, legal):
    draft = started(lead, org)
    url = f"{base(org)}/versions/{draft['version']['id']}"
    send(lead, "POST", f"{url}/submit")
    silent = send(legal, "POST", f"{url}/decision", {"approve": False})
    assert silent.status_code == 422 and "comment" in silent.json()["errors"]
    body = {"approve": False, "comment": "Sectie 5 is te vaag"}
    assert send(legal, "POST", f"{url}/decision", body).json()["status"] == "rejected"
    versions = send(legal, "GET", f"{base(org)}/versions").json()
    assert [(v["number"], v["status"]) for v in versions] == [(2, "draft"), (1, "rejected")]


def test_it_compares_a_new_draft_with_the_published_version(org, lead):
    published = make_published_policy(org, number=1)
    draft = send(lead, "POST", f"{base(org)}/draft")
    assert draft.status_code == 201 and draft.json()["version"]["number"] == 2
    url = f"{base(org)}/versions/{draft.json()['version']['id']}"
    section = {"key": "purpose", "number": "1", "title": "Doel", "html": "<p>Voor alle teams.</p>"}
    send(lead, "PUT", f"{url}/sections", {"sections": [section]})
    cell = {"tool": "deepl", "data_class": "public", "answer": "no"}
    send(lead, "PUT", f"{url}/matrix", {"cells": [cell]})

    diff = send(lead, "GET", f"{url}/changes-since/{published.pk}").json()
    assert (diff["old"]["number"], diff["new"]["number"], diff["changed"]) == (1, 2, True)
    purpose = next(s for s in diff["sections"] if s["key"] == "purpose")
    assert purpose["change"] == "changed" and purpose["new_title"] == "Doel"
    assert "<ins>" in purpose["text"] and "<del>" in purpose["text"]
    assert [
        (c["tool"], c["change"], c["old"]["answer"], c["new"]["answer"]) for c in diff["cells"]
    ] == [("DeepL", "changed", "yes", "no")]
    same = send(lead, "GET", f"{url}/changes-since/{draft.json()['version']['id']}").json()
    assert same["changed"] is False
    again = send(lead, "POST", f"{base(org)}/draft")
    assert again.status_code == 422  # a version is being worked on


def test_an_employee_may_not_edit_approve_publish_or_read_the_versions(org, lead, employee):
    draft = started(lead, org)
    url = f"{base(org)}/versions/{draft['version']['id']}"
    before = state(org)
    refused = [
        ("POST", f"{base(org)}/start", {"language": "nl"}),
        ("POST", f"{base(org)}/draft", None),
        ("GET", f"{base(org)}/versions", None),
        ("GET", url, None),
        ("GET", f"{url}/approvals", None),
        ("PUT", f"{url}/sections", {"sections": []}),
        ("PUT", f"{url}/matrix", {"cells": []}),
        ("POST", f"{url}/tools", {"name": "Gemini"}),
        ("POST", f"{url}/data-classes/remove", {"key": "public"}),
        ("POST", f"{url}/submit", None),
        ("POST", f"{url}/decision", {"approve": True}),
        ("POST", f"{url}/publish", None),
        ("GET", f"{base(org)}/acknowledgements", None),
        ("POST", f"{base(org)}/reminders", None),
    ]
    for method, address, body in refused:
        response = send(employee, method, address, body)
        assert response.status_code == 403, (method, address, response.status_code)
    assert state(org) == before


def test_legal_approves_but_does_not_edit(org, lead, legal):
    draft = started(lead, org)
    url = f"{base(org)}/versions/{draft['version']['id']}"
    before = state(org)
    assert send(legal, "POST", f"{url}/tools", {"name": "Gemini"}).status_code == 403
    assert send(legal, "POST", f"{url}/submit").status_code == 403
    assert state(org) == before


def test_bad_input_is_refused_with_a_reason_and_changes_nothing(org, lead):
    draft = started(lead, org)
    version = draft["version"]["id"]
    url = f"{base(org)}/versions/{version}"
    tool = send(lead, "POST", f"{url}/tools", {"name": "DeepL"}).json()["tools"][0]["key"]
    purpose = draft["sections"][0]
    before = state(org)
    other = make_published_policy(make_org(), number=1)
    bad = [
        (
            "PUT",
            f"{url}/matrix",
            {"cells": [{"tool": tool, "data_class": "geheim", "answer": "yes"}]},
        ),
        (
            "PUT",
            f"{url}/matrix",
            {"cells": [{"tool": "gemini", "data_class": "public", "answer": "yes"}]},
        ),
        (
            "PUT",
            f"{url}/matrix",
            {"cells": [{"tool": tool, "data_class": "public", "answer": "maybe"}]},
        ),
        (
            "PUT",
            f"{url}/matrix",
            {"cells": [{"tool": tool, "data_class": "public", "answer": "conditional"}]},
        ),
        (
            "PUT",
            f"{url}/matrix",
            {"cells": [{"tool": tool, "data_class": "public", "answer": "yes", "section": "99"}]},
        ),
        ("PUT", f"{url}/sections", {"sections": [{**purpose, "html": "x" * 40_001}]}),
        ("PUT", f"{url}/sections", {"sections": [{**purpose, "key": "nope"}]}),
        ("PUT", f"{url}/sections", {"sections": [{**purpose, "number": "A.1"}]}),
        ("PUT", f"{url}/sections", {"sections": [{**purpose, "title": " "}]}),
        ("POST", f"{url}/tools", {"name": "deepl"}),
        ("POST", f"{url}/tools", {"name": "x" * 121}),
        ("POST", f"{url}/tools/rename", {"key": "gemini", "name": "Gemini"}),
        ("POST", f"{url}/data-classes/rename", {"key": "public", "label": "Intern"}),
        ("POST", f"{url}/data-classes/remove", {"key": "geheim"}),
        ("POST", f"{url}/submit", {"summary": "x" * 2001}),
        ("POST", f"{url}/publish", None),  # a draft is not approved
        ("POST", f"{url}/decision", {"approve": True}),  # nor waiting for approval
        ("POST", f"{base(org)}/start", {"language": "de"}),
        ("POST", f"{base(org)}/start", {"language": "nl"}),  # already started
        ("POST", f"{base(org)}/acknowledgement", None),  # nothing is published
        ("POST", f"{base(org)}/reminders", None),
    ]
    for method, address, body in bad:
        response = send(lead, method, address, body)
        assert response.status_code in (404, 422), (method, address, body, response.status_code)
        assert response.json()["detail"], (method, address)
    unknown = [
        ("GET", f"{base(org)}/versions/{other.pk}"),
        ("GET", f"{base(org)}/versions/999999999"),
        ("PUT", f"{base(org)}/versions/{other.pk}/matrix"),
        ("GET", f"{url}/changes-since/{other.pk}"),
        ("POST", f"{base(org)}/versions/{other.pk}/publish"),
    ]
    for method, address in unknown:
        assert send(lead, method, address, {"cells": []}).status_code == 404, address
    assert state(org) == before
    unknown_class = send(
        lead,
        "PUT",
        f"{url}/matrix",
        {"cells": [{"tool": tool, "data_class": "geheim", "answer": "yes"}]},
    ).json()
    assert "not in the matrix" in unknown_class["errors"]["__all__"][0]


def test_members_confirm_and_leaders_see_counts_per_department_never_a_small_group(org, lead):
    make_published_policy(org, number=3)
    finance = Department.objects.get(organisation=org, name="Finance")
    hr = Department.objects.get(organisation=org, name="HR")
    finance_people = [make_member(org, department=finance) for _i in range(5)]
    hr_person = make_member(org, department=hr)
    for person in [*finance_people[:3], hr_person]:
        confirmed = send(api_client(person), "POST", f"{base(org)}/acknowledgement")
        assert confirmed.status_code == 201 and confirmed.json()["version"] == 3
    again = send(api_client(hr_person), "POST", f"{base(org)}/acknowledgement", {"version": 3})
    assert again.status_code == 201
    stale = send(
        api_client(finance_people[3]), "POST", f"{base(org)}/acknowledgement", {"version": 2}
    )
    assert stale.status_code == 422 and "Version 3 was published since" in str(stale.json())
    assert Acknowledgement.objects.filter(membership__user=hr_person).count() == 1

    counts = send(lead, "GET", f"{base(org)}/acknowledgements").json()
    assert (counts["version"], counts["k"]) == (3, 5)
    rows = [(g["label"], g["members"], g["acknowledged"], g["merged"]) for g in counts["groups"]]
    # HR (1) and no department (the lead: 1) are under k, so Finance joins them.
    assert rows == [("Other departments", 7, 4, True), ("Whole organisation", 7, 4, False)]
    assert all(g["members"] >= counts["k"] for g in counts["groups"])


def test_reminders_go_to_those_who_did_not_confirm(org, lead, employee, mailoutbox):
    make_published_policy(org, number=1)
    send(employee, "POST", f"{base(org)}/acknowledgement")
    make_member(org)
    reminded = send(lead, "POST", f"{base(org)}/reminders")
    assert reminded.status_code == 200 and reminded.json() == {"sent": 1}  # not to the lead
    assert len(mailoutbox) == 1
