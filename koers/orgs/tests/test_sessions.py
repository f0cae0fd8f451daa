"""A login ends after a while without requests, and some hours after it began in any case."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from koers.testing.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _logged_in_client() -> Client:
    client = Client()
    user = make_user()
    assert client.post("/login/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


def _still_in(client: Client) -> bool:
    return client.get("/account/").status_code == 200


def test_the_defaults_are_two_hours_idle_and_twelve_hours_in_all() -> None:
    assert settings.KOERS_SESSION_IDLE_MINUTES == 120
    assert settings.KOERS_SESSION_MAX_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_a_session_ends_after_the_idle_time(clock) -> None:
    client = _logged_in_client()
    assert _still_in(client)
    clock.advance(minutes=settings.KOERS_SESSION_IDLE_MINUTES - 1)
    assert _still_in(client)
    clock.advance(minutes=settings.KOERS_SESSION_IDLE_MINUTES + 1)
    response = client.get("/account/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/login/")
    assert "Your session has ended" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_active_session_ends_after_the_absolute_limit(clock) -> None:
    client = _logged_in_client()
    assert _still_in(client)
    steps = settings.KOERS_SESSION_MAX_HOURS * 60 // (settings.KOERS_SESSION_IDLE_MINUTES // 2)
    for _ in range(steps - 1):
        clock.advance(minutes=settings.KOERS_SESSION_IDLE_MINUTES // 2)
        assert _still_in(client)
    clock.advance(minutes=settings.KOERS_SESSION_IDLE_MINUTES // 2, seconds=1)
    assert not _still_in(client)


def test_logging_in_again_starts_a_new_session(clock) -> None:
    client = _logged_in_client()
    assert _still_in(client)
    clock.advance(hours=settings.KOERS_SESSION_MAX_HOURS + 1)
    assert not _still_in(client)
    user = make_user()
    client.post("/login/", {"username": user.email, "password": PASSWORD})
    assert _still_in(client)
