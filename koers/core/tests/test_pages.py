from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from koers.testing.factories import make_usecase

pytestmark = pytest.mark.django_db


def test_it_answers_unknown_pages_with_its_own_not_found_page(client, member):
    client.force_login(member)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "This page does not exist" in response.content.decode()


def test_it_explains_a_refusal(client, org, member):
    usecase = make_usecase(org)
    client.force_login(member)
    response = client.post(
        reverse("backlog:stage", kwargs={"org_slug": org.slug, "pk": usecase.pk}),
        {"stage": "assessed"},
    )
    assert response.status_code == 403
    assert "Your role in this organisation does not allow this" in response.content.decode()


def test_it_refuses_a_form_without_csrf_token_and_saves_nothing(org, member):
    usecase = make_usecase(org)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(
        reverse("backlog:vote", kwargs={"org_slug": org.slug, "pk": usecase.pk}), {"vote": "1"}
    )
    assert response.status_code == 403
    assert "nothing was saved" in response.content.decode()
    usecase.refresh_from_db()
    assert usecase.vote_count == 0


def test_it_reports_health(client):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}
