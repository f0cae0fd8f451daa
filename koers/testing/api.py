"""Test helpers for the JSON API."""

from __future__ import annotations

from typing import Any

from django.test import Client

from koers.orgs.models import User
from koers.orgs.services import api_token_create


def api_client(user: User, **kwargs: Any) -> Client:
    """A test client that authenticates every request with a new personal API token of ``user``."""
    _token, secret = api_token_create(user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {secret}"}, **kwargs)
