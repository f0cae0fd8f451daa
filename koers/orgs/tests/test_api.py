"""The API's authentication and the people/organisation endpoints, and the token page."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.core.models import Change
from koers.orgs.models import ApiToken, Membership, Role, User
from koers.orgs.services import api_token_create, api_token_revoke
from koers.testing.api import api_client
from koers.testing.factories import PASSWORD, make_member, make_org, make_user

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

NEW_USECASE = {"title": "Summarise tenders", "problem": "Slow.", "solution": "An LLM."}


def _new_usecase(org) -> dict:
    return {**NEW_USECASE, "department_ids": [org.departments.first().pk]}


def test_it_refuses_a_call_without_credentials(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "detail" in response.json()


def test_it_refuses_a_revoked_token(member):
    _token, secret = api_token_create(user=member, name="script")
    api_token_revoke(user=member, token_id=_token.pk)
    response = Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/me")
    assert response.status_code == 401


def test_it_refuses_an_unknown_token(db):
    response = Client(headers={"Authorization": "Bearer koers_not-a-real-token"}).get("/api/v1/me")
    assert response.status_code == 401


def test_it_refuses_the_token_of_a_deactivated_account(member):
    client = api_client(member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert client.get("/api/v1/me").status_code == 401


def test_it_refuses_an_unsafe_call_without_credentials_with_401_not_a_csrf_error(org):
    response = Client(enforce_csrf_checks=True).post(
        f"/api/v1/orgs/{org.slug}/usecases", _new_usecase(org), content_type="application/json"
    )
    assert response.status_code == 401


def test_it_records_the_day_a_token_was_last_used_not_the_moment(member, clock):
    clock.set(datetime(2025, 3, 4, 14, 27, 31))
    token, secret = api_token_create(user=member, name="script")
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    client.get("/api/v1/me")
    token.refresh_from_db()
    assert timezone.localtime(token.last_used_at) == datetime(2025, 3, 4, tzinfo=AMSTERDAM)


def test_a_token_used_again_the_same_day_is_not_written_again(member, clock):
    clock.set(datetime(2025, 3, 4, 9, 0))
    token, secret = api_token_create(user=member, name="script")
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    client.get("/api/v1/me")
    clock.advance(hours=5, seconds=13)
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/me")
    assert not [q for q in queries if q["sql"].startswith("UPDATE") and "api" in q["sql"]]
    clock.advance(days=1)
    client.get("/api/v1/me")
    token.refresh_from_db()
    assert timezone.localtime(token.last_used_at) == datetime(2025, 3, 5, tzinfo=AMSTERDAM)


def test_it_tells_me_who_i_am(member):
    response = api_client(member).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {
        "id": member.pk,
        "email": member.email,
        "name": member.name,
        "language": "",
    }


def test_it_lists_only_the_organisations_i_belong_to_with_my_role(org, other_org, member):
    make_member(other_org, Role.LEAD, user=member)
    left = make_org("Left Corp")
    make_member(left, Role.ADMIN, user=member)
    Membership.objects.filter(organisation=left, user=member).update(is_active=False)
    make_org("Stranger Corp")
    response = api_client(member).get("/api/v1/orgs")
    assert response.status_code == 200
    assert sorted((o["slug"], o["role"]) for o in response.json()) == sorted(
        [(org.slug, "member"), (other_org.slug, "lead")]
    )


def test_it_lists_the_departments_of_my_organisation(org, member):
    response = api_client(member).get(f"/api/v1/orgs/{org.slug}/departments")
    assert response.status_code == 200
    assert [d["name"] for d in response.json()] == ["Finance", "HR"]
    assert set(response.json()[0]) == {"id", "name", "people", "usecases"}


def test_it_answers_404_for_the_departments_of_an_organisation_i_do_not_belong_to(
    other_org, member
):
    response = api_client(member).get(f"/api/v1/orgs/{other_org.slug}/departments")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_it_answers_404_for_an_organisation_that_does_not_exist(member):
    assert api_client(member).get("/api/v1/orgs/nope/departments").status_code == 404


def test_it_accepts_the_logged_in_session(client, member):
    client.force_login(member)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == member.email


def test_it_requires_a_csrf_token_when_the_session_changes_something(org, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    url = f"/api/v1/orgs/{org.slug}/usecases"
    refused = client.post(url, _new_usecase(org), content_type="application/json")
    assert refused.status_code == 403
    assert org.usecases.count() == 0

    csrf_token = get_token(RequestFactory().get("/"))
    client.cookies["csrftoken"] = csrf_token
    accepted = client.post(
        url, _new_usecase(org), content_type="application/json", headers={"X-CSRFToken": csrf_token}
    )
    assert accepted.status_code == 201


def test_it_needs_no_csrf_token_with_an_api_token(org, member):
    client = api_client(member, enforce_csrf_checks=True)
    response = client.post(
        f"/api/v1/orgs/{org.slug}/usecases", _new_usecase(org), content_type="application/json"
    )
    assert response.status_code == 201


class TestTokenPage:
    def test_it_shows_a_new_token_once(self, client, member):
        client.force_login(member)
        response = client.post(reverse("token_list"), {"name": "reporting"})
        assert response.status_code == 200
        secret = response.context["secret"]
        assert secret.startswith("koers_")
        assert secret in response.content.decode()
        assert (
            Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/me").status_code
            == 200
        )

        again = client.get(reverse("token_list"))
        assert secret not in again.content.decode()
        assert "reporting" in again.content.decode()

    def test_it_lists_my_active_tokens_with_prefix_and_a_revoke_button(self, client, member):
        token, _secret = api_token_create(user=member, name="nightly sync")
        api_token_create(user=make_user(), name="someone else's")
        client.force_login(member)
        page = client.get(reverse("token_list")).content.decode()
        assert "nightly sync" in page
        assert token.prefix in page
        assert reverse("token_revoke", kwargs={"token_id": token.pk}) in page
        assert "csrfmiddlewaretoken" in page
        assert "someone else" not in page

    def test_it_revokes_a_token(self, client, member):
        token, secret = api_token_create(user=member, name="old")
        client.force_login(member)
        response = client.post(reverse("token_revoke", kwargs={"token_id": token.pk}))
        assert response.status_code == 302
        assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
        assert (
            Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/me").status_code
            == 401
        )


class TestTokenHistory:
    """Creating and revoking a token is recorded like every other change: who, when, which
    token; never the secret."""

    def _history(self, token):
        return list(Change.objects.filter(subject="orgs.apitoken", subject_id=token.pk))

    def test_it_records_who_created_and_revoked_which_token_and_when(self, member):
        token, _secret = api_token_create(user=member, name="nightly sync")
        api_token_revoke(user=member, token_id=token.pk)
        revoked, created = self._history(token)
        assert (created.action, revoked.action) == ("created", "revoked")
        for change in (created, revoked):
            assert change.actor == member and change.organisation is None
            assert change.note == "nightly sync" and change.created_at is not None
        assert created.fields == {"name": [None, "nightly sync"]}
        token.refresh_from_db()
        assert revoked.fields == {"revoked_at": [None, token.revoked_at.isoformat()]}

    def test_it_never_writes_the_secret_or_its_prefix_in_the_history(self, member):
        token, secret = api_token_create(user=member, name="script")
        api_token_revoke(user=member, token_id=token.pk)
        recorded = json.dumps(
            list(Change.objects.values("fields", "note", "actor_label", "subject", "action"))
        )
        assert secret not in recorded and token.prefix not in recorded
        assert secret.removeprefix("koers_")[:6] not in recorded

    def test_it_records_nothing_for_a_refused_token(self, member):
        with pytest.raises(ValidationError):
            api_token_create(user=member, name="  ")
        token, _secret = api_token_create(user=member, name="x")
        with pytest.raises(ApiToken.DoesNotExist):
            api_token_revoke(user=make_user(), token_id=token.pk)
        assert list(Change.objects.values_list("action", flat=True)) == ["created"]

    def test_the_token_page_shows_my_token_history_only(self, client, member):
        token, _secret = api_token_create(user=member, name="nightly sync")
        api_token_revoke(user=member, token_id=token.pk)
        api_token_create(user=make_user(), name="someone else's")
        client.force_login(member)
        response = client.get(reverse("token_list"))
        assert [c.action for c in response.context["history"]] == ["revoked", "created"]
        page = response.content.decode()
        assert "nightly sync" in page and "someone else" not in page

    def test_the_site_superuser_reads_it_in_the_admin(self, client, member):
        api_token_create(user=member, name="nightly sync")
        client.force_login(User.objects.create_superuser("root@example.org", PASSWORD))
        url = reverse("admin:core_change_changelist")
        response = client.get(url, {"organisation__isnull": "True"})
        assert response.status_code == 200
        assert "orgs.apitoken" in response.content.decode()


@pytest.mark.parametrize("slug", ["acme%00", "a" * 61, "acme%20corp"])
def test_an_organisation_that_cannot_exist_is_not_found(member, slug):
    # A NUL byte in the path was a 500 on PostgreSQL.
    response = api_client(member).get(f"/api/v1/orgs/{slug}/departments")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
