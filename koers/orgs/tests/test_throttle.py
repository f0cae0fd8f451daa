"""The login throttle: wrong passwords per account and per address, with the real defaults."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import hashers
from django.test import Client, override_settings
from django.urls import reverse

from koers.orgs.models import User
from koers.testing.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def _login(client: Client, email: str, password: str, *, url: str = "/login/") -> int:
    response = client.post(url, {"username": email, "password": password})
    return response.status_code


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_defaults_are_five_per_account_twenty_per_address_for_fifteen_minutes() -> None:
    assert settings.KOERS_LOGIN_ACCOUNT_LIMIT == 5
    assert settings.KOERS_LOGIN_ADDRESS_LIMIT == 20
    assert settings.KOERS_LOGIN_COOLOFF_MINUTES == 15


def test_it_refuses_the_right_password_after_too_many_wrong_ones(client: Client, clock) -> None:
    user = make_user()
    for _ in range(settings.KOERS_LOGIN_ACCOUNT_LIMIT):
        assert _login(client, user.email, WRONG) == 200
    response = client.post("/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.KOERS_LOGIN_COOLOFF_MINUTES * 60
    assert b"Too many attempts" in response.content
    assert not _logged_in(client)


def test_the_page_says_so_in_dutch(client: Client, clock) -> None:
    user = make_user()
    for _ in range(settings.KOERS_LOGIN_ACCOUNT_LIMIT):
        _login(client, user.email, WRONG)
    response = client.post(
        "/login/", {"username": user.email, "password": WRONG}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()


def test_a_refused_attempt_never_runs_the_password_hasher(
    client: Client, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user()
    for _ in range(settings.KOERS_LOGIN_ACCOUNT_LIMIT):
        _login(client, user.email, WRONG)
    hashed: list[str] = []
    for name in ("get_hasher", "identify_hasher"):
        original = getattr(hashers, name)

        def watched(*args: object, _original=original, **kwargs: object) -> object:
            hashed.append("hash")
            return _original(*args, **kwargs)

        monkeypatch.setattr(hashers, name, watched)
    assert _login(client, user.email, PASSWORD) == 429
    assert _login(client, user.email, WRONG) == 429
    assert hashed == []
    # The watch works: an attempt that is not refused does hash.
    assert _login(client, "someone-else@example.org", WRONG) == 200
    assert hashed


def test_another_account_from_the_same_address_is_refused_after_the_address_limit(
    client: Client, clock
) -> None:
    victims = [make_user() for _ in range(5)]
    tried = 0
    while tried < settings.KOERS_LOGIN_ADDRESS_LIMIT:
        for victim in victims:
            if tried < settings.KOERS_LOGIN_ADDRESS_LIMIT:
                assert _login(client, victim.email, WRONG) == 200
                tried += 1
    fresh = make_user()
    assert _login(client, fresh.email, PASSWORD) == 429
    # From another address the same account logs in.
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert _login(other, fresh.email, PASSWORD) == 302


def test_it_opens_again_after_the_cool_off(client: Client, clock) -> None:
    user = make_user()
    for _ in range(settings.KOERS_LOGIN_ACCOUNT_LIMIT):
        _login(client, user.email, WRONG)
    clock.advance(minutes=settings.KOERS_LOGIN_COOLOFF_MINUTES - 1)
    assert _login(client, user.email, PASSWORD) == 429
    clock.advance(minutes=1, seconds=1)
    assert _login(client, user.email, PASSWORD) == 302
    assert _logged_in(client)


def test_the_cool_off_counts_from_the_attempt_that_used_up_the_limit(client: Client, clock) -> None:
    user = make_user()
    for _ in range(settings.KOERS_LOGIN_ACCOUNT_LIMIT - 1):
        _login(client, user.email, WRONG)
    clock.advance(minutes=settings.KOERS_LOGIN_COOLOFF_MINUTES - 1)
    _login(client, user.email, WRONG)
    clock.advance(minutes=2)
    assert _login(client, user.email, PASSWORD) == 429


def test_a_successful_login_clears_the_accounts_count(client: Client, clock) -> None:
    user = make_user()
    for _ in range(settings.KOERS_LOGIN_ACCOUNT_LIMIT - 1):
        _login(client, user.email, WRONG)
    assert _login(client, user.email, PASSWORD) == 302
    client.logout()
    for _ in range(settings.KOERS_LOGIN_ACCOUNT_LIMIT - 1):
        assert _login(client, user.email, WRONG) == 200
    assert _login(client, user.email, PASSWORD) == 302


def test_the_account_is_counted_whatever_the_case_of_its_address(client: Client, clock) -> None:
    user = make_user("Ann@Example.org")
    for n in range(settings.KOERS_LOGIN_ACCOUNT_LIMIT):
        _login(client, user.email.upper() if n % 2 else user.email.lower(), WRONG)
    assert _login(client, user.email, PASSWORD) == 429


def test_the_admin_login_is_throttled_too(client: Client, clock) -> None:
    admin = User.objects.create_superuser("root@example.org", PASSWORD)
    url = reverse("admin:login")
    for _ in range(settings.KOERS_LOGIN_ACCOUNT_LIMIT):
        assert _login(client, admin.email, WRONG, url=url) == 200
    assert _login(client, admin.email, PASSWORD, url=url) == 429
    # Failures at either door count for both.
    assert _login(client, admin.email, PASSWORD) == 429


def test_password_reset_requests_are_throttled(client: Client, clock) -> None:
    user = make_user()
    url = reverse("password_reset")
    for _ in range(settings.KOERS_LOGIN_ACCOUNT_LIMIT):
        assert client.post(url, {"email": user.email}).status_code == 302
    assert client.post(url, {"email": user.email}).status_code == 429


@override_settings(KOERS_CLIENT_ADDRESS_HEADER="X-Forwarded-For")
def test_behind_a_proxy_the_address_comes_from_the_trusted_header_only(clock) -> None:
    victims = [make_user() for _ in range(settings.KOERS_LOGIN_ADDRESS_LIMIT)]
    behind = Client(HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.1", HTTP_X_REAL_IP="5.6.7.8")
    for victim in victims:
        _login(behind, victim.email, WRONG)
    fresh = make_user()
    # Same proxy (REMOTE_ADDR), other client: not refused.
    assert _login(Client(HTTP_X_FORWARDED_FOR="10.0.0.2"), fresh.email, PASSWORD) == 302
    # A client cannot escape by adding its own entries in front of the proxy's.
    spoofed = Client(HTTP_X_FORWARDED_FOR="9.9.9.9, 10.0.0.1")
    assert _login(spoofed, fresh.email, PASSWORD) == 429


def test_no_email_or_address_is_stored(client: Client, clock) -> None:
    from koers.core.models import QuotaUse

    user = make_user()
    _login(client, user.email, WRONG)
    stored = " ".join(QuotaUse.objects.values_list("key", flat=True))
    assert QuotaUse.objects.count() == 2
    assert user.email not in stored and "127.0.0.1" not in stored
