"""Voice over the API: the same permissions, anonymity and minimum-group-size rule as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from koers.orgs.models import Role
from koers.orgs.services import api_token_create
from koers.testing.factories import ctx_for, make_member, make_org
from koers.voice import services
from koers.voice.models import Action, Answer, Item, Status, Theme

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    _token, secret = api_token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _send(client: Client, method: str, url: str, body: Any = None):
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def org():
    return make_org("Acme", departments=("Finance", "HR"))


@pytest.fixture
def lead(org):
    return make_member(org, Role.LEAD)


@pytest.fixture
def member(org):
    return make_member(org, Role.MEMBER)


def _base(org) -> str:
    return f"/api/v1/orgs/{org.slug}/voice"


def _published(org, lead, member, text: str = "Ik maak me zorgen over mijn baan.") -> Item:
    raised = services.item_raise(
        ctx_for(member, org),
        kind="concern",
        text=text,
        category="job_security",
        department_id=org.departments.get(name="Finance").pk,
        anonymous=True,
    )
    return services.item_publish(
        ctx_for(lead, org),
        item=raised.item,
        public_text="Zorgen over banen.",
        category="job_security",
        department_id=org.departments.get(name="Finance").pk,
    )


class TestRaising:
    def test_it_raises_anonymously_and_returns_the_case_code_only_then(self, org, member):
        response = _send(
            _client(member),
            "POST",
            f"{_base(org)}/items",
            {"kind": "concern", "text": "Wordt mijn functie overbodig door AI?"},
        )
        assert response.status_code == 201
        body = response.json()
        assert body["ref"] is None and body["case_code"].startswith("KV-")
        assert body["category"] == "job_security"  # suggested from the text
        item = Item.objects.get(organisation=org)
        assert item.author is None and services.item_for_code(body["case_code"]) == item

    def test_by_name_it_returns_the_id_and_no_code(self, org, member):
        body = {"kind": "help", "text": "Wie helpt ons team met prompts?", "anonymous": False}
        response = _send(_client(member), "POST", f"{_base(org)}/items", body)
        assert response.status_code == 201
        assert response.json()["case_code"] is None
        assert Item.objects.get(ref=response.json()["ref"]).author == member

    def test_bad_input_is_a_422_that_changes_nothing(self, org, member):
        response = _send(_client(member), "POST", f"{_base(org)}/items", {"text": ""})
        assert response.status_code == 422
        assert "text" in response.json()["errors"]
        assert not Item.objects.exists()

    def test_an_outsider_gets_404_even_for_a_bad_body(self, org):
        outsider = make_member(make_org(), Role.ADMIN)
        response = _send(_client(outsider), "POST", f"{_base(org)}/items", {"kind": 7})
        assert response.status_code == 404


class TestReading:
    def test_members_read_published_concerns_with_their_public_text_only(self, org, lead, member):
        item = _published(org, lead, member)
        services.item_raise(
            ctx_for(member, org),
            kind="concern",
            text="Not yet moderated.",
            category="other",
            department_id=None,
            anonymous=True,
        )
        response = _client(member).get(f"{_base(org)}/items")
        assert response.status_code == 200
        [shown] = response.json()
        assert shown["ref"] == item.ref and shown["public_text"] == "Zorgen over banen."
        assert "text" not in shown and "mijn baan" not in response.content.decode()

    def test_a_department_is_named_only_from_k_concerns_on(self, org, lead, member):
        _published(org, lead, member)
        [shown] = _client(member).get(f"{_base(org)}/items").json()
        assert shown["department"] is None

    def test_only_moderators_read_the_text_as_submitted(self, org, lead, member):
        item = _published(org, lead, member)
        assert _client(member).get(f"{_base(org)}/moderation/items").status_code == 403
        response = _client(lead).get(f"{_base(org)}/moderation/items/{item.ref}")
        assert response.status_code == 200
        body = response.json()
        assert body["text"] == "Ik maak me zorgen over mijn baan."
        assert body["anonymous"] and body["author"] is None

    def test_moderators_filter_items(self, org, lead, member):
        _published(org, lead, member)
        client = _client(lead)
        assert len(client.get(f"{_base(org)}/moderation/items?status=published").json()) == 1
        assert client.get(f"{_base(org)}/moderation/items?status=new").json() == []


class TestModerating:
    def test_publishing_personal_data_is_refused_and_the_proposal_redacts_it(
        self, org, lead, member
    ):
        raised = services.item_raise(
            ctx_for(member, org),
            kind="concern",
            text="Mail me op jan@example.org",
            category="other",
            department_id=None,
            anonymous=True,
        )
        url = f"{_base(org)}/moderation/items/{raised.item.ref}/publish"
        body = {"public_text": "Mail me op jan@example.org", "category": "other"}
        refused = _send(_client(lead), "POST", url, body)
        assert refused.status_code == 422
        assert Item.objects.get(pk=raised.item.pk).status == Status.NEW
        proposed = _client(lead).get(f"{_base(org)}/moderation/items/{raised.item.ref}").json()
        assert "jan@example.org" not in proposed["proposed_public_text"]

    def test_it_answers_with_an_action_and_tracks_its_status(self, org, lead, member):
        item = _published(org, lead, member)
        client = _client(lead)
        made = _send(
            client, "POST", f"{_base(org)}/actions", {"kind": "training", "title": "AI-training"}
        )
        assert made.status_code == 201
        action_id = made.json()["id"]
        answered = _send(
            client,
            "POST",
            f"{_base(org)}/moderation/items/{item.ref}/answer",
            {"body": "We trainen iedereen.", "action_ids": [action_id]},
        )
        assert answered.status_code == 200
        assert answered.json()["actions"][0]["title"] == "AI-training"
        patched = _send(client, "PATCH", f"{_base(org)}/actions/{action_id}", {"status": "done"})
        assert patched.json()["status"] == "done"
        [shown] = _client(member).get(f"{_base(org)}/items").json()
        assert shown["answers"][0]["body"] == "We trainen iedereen."

    def test_members_cannot_act_or_answer(self, org, lead, member):
        item = _published(org, lead, member)
        client = _client(member)
        url = f"{_base(org)}/moderation/items/{item.ref}/answer"
        assert _send(client, "POST", url, {"body": "x"}).status_code == 403
        assert _send(client, "POST", f"{_base(org)}/actions", {"title": "x"}).status_code == 403
        assert not Action.objects.exists()

    def test_a_member_gets_403_not_422_for_a_bad_body(self, org, lead, member):
        item = _published(org, lead, member)
        url = f"{_base(org)}/moderation/items/{item.ref}/publish"
        assert _send(_client(member), "POST", url, {"public_text": 7}).status_code == 403
        assert _send(_client(lead), "POST", url, {"public_text": 7}).status_code == 422

    def test_withholding_takes_a_concern_off_the_public_list(self, org, lead, member):
        item = _published(org, lead, member)
        url = f"{_base(org)}/moderation/items/{item.ref}/withhold"
        assert _send(_client(lead), "POST", url, {"reason": "Te herleidbaar."}).status_code == 200
        assert _client(member).get(f"{_base(org)}/items").json() == []
        assert _client(member).get(f"{_base(org)}/items/{item.ref}").status_code == 404


class TestSupportAndThemes:
    def test_me_too_is_one_per_person_and_toggles(self, org, lead, member):
        item = _published(org, lead, member)
        url = f"{_base(org)}/items/{item.ref}/support"
        client = _client(member)
        assert _send(client, "POST", url).json() == {"supporting": True, "support": 1}
        assert _send(_client(lead), "POST", url).json() == {"supporting": True, "support": 2}
        assert _send(client, "POST", url).json() == {"supporting": False, "support": 1}

    def test_members_see_themes_of_published_concerns_and_only_moderators_rename(
        self, org, lead, member
    ):
        from koers.voice.services.themes import themes_recompute

        _published(org, lead, member)
        themes_recompute(org)
        [theme] = _client(member).get(f"{_base(org)}/themes").json()
        assert theme["size"] == 1 and theme["departments"] == []
        url = f"{_base(org)}/themes/{theme['id']}"
        assert _send(_client(member), "PATCH", url, {"name": "Banen"}).status_code == 403
        renamed = _send(_client(lead), "PATCH", url, {"name": "Banen"})
        assert renamed.status_code == 200 and renamed.json()["label"] == "Banen"


class TestHostileInput:
    """Input no valid call sends gets a 422 that names the field and changes nothing; each was a
    500 before (an id beyond 2^63 on any database, a NUL byte on PostgreSQL)."""

    @pytest.fixture
    def theme(self, org, lead, member):
        from koers.voice.services.themes import themes_recompute

        _published(org, lead, member)
        themes_recompute(org)
        return Theme.objects.get(organisation=org)

    def test_a_split_with_a_reference_no_item_can_have_is_refused(self, org, lead, theme):
        url = f"{_base(org)}/themes/{theme.pk}/split"
        for ref in ("x" * 21, "abc\x00"):
            response = _send(_client(lead), "POST", url, {"item_refs": [ref], "name": "Banen"})
            assert response.status_code == 422
            assert "item_refs.0" in response.json()["errors"]
        assert Theme.objects.filter(organisation=org).count() == 1

    def test_an_answer_linking_an_action_id_beyond_2_63_is_refused(self, org, lead, theme):
        url = f"{_base(org)}/themes/{theme.pk}/answer"
        response = _send(
            _client(lead), "POST", url, {"body": "We doen dit.", "action_ids": [2**63]}
        )
        assert response.status_code == 422
        assert "action_ids.0" in response.json()["errors"]
        assert not Answer.objects.exists()

    def test_a_concern_with_a_nul_byte_is_refused_and_nothing_stored(self, org, member):
        body = {"text": "Ik maak me\x00 zorgen.", "category": "job_security"}
        response = _send(_client(member), "POST", f"{_base(org)}/items", body)
        assert response.status_code == 422
        assert "text" in response.json()["errors"]
        assert not Item.objects.exists()

    def test_a_filter_with_a_nul_byte_is_refused(self, org, lead):
        response = _client(lead).get(f"{_base(org)}/moderation/items", {"category": "job\x00"})
        assert response.status_code == 422
        assert "category" in response.json()["errors"]
