"""The login page's error reads as Koers's own Dutch, not Django's sentence built around the
field's name ("Voer een juiste e-mailadres en wachtwoord in")."""

from __future__ import annotations

import pytest
from django.test import Client

from koers.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_wrong_password_is_told_in_plain_dutch(client: Client, clock) -> None:
    user = make_user()
    response = client.post(
        "/login/",
        {"username": user.email, "password": "not-the-password"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    page = response.content.decode()
    assert "Het e-mailadres of het wachtwoord klopt niet." in page
    assert "Voer een juiste" not in page


def test_a_wrong_password_is_told_in_english_too(client: Client, clock) -> None:
    user = make_user()
    response = client.post("/login/", {"username": user.email, "password": "not-the-password"})
    assert "The e-mail address or the password is not right." in response.content.decode()
