"""The home page as a Dutch-speaking person reads it."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from koers.orgs.models import Organisation, User


def home_of(user: User, org: Organisation) -> str:
    """The HTML of ``org``'s home for ``user``, in Dutch."""
    user.language = "nl"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    response = client.get(reverse("home:start", kwargs={"org_slug": org.slug}))
    assert response.status_code == 200
    return response.content.decode()
