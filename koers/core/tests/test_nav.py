"""The organisation's navigation is written once per process for each organisation, language and
set of permissions (``{% org_nav %}``): what a page shows must still be that person's, in their
organisation and their language."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

from koers.core.templatetags.koers import NAV_PERMISSIONS
from koers.orgs.models import Role
from koers.testing.factories import make_member, make_org

FRAGMENT = Path(__file__).parents[1] / "templates" / "core" / "_org_nav.html"


def _nav(client: Client, user, organisation, language: str = "en") -> str:
    client.force_login(user)
    client.cookies["django_language"] = language
    page = client.get(reverse("departments", kwargs={"org_slug": organisation.slug}))
    assert page.status_code == 200
    html = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page.content.decode())
    return html[html.index('<nav class="topnav"') : html.index("</nav>")]


def test_the_navigation_asks_only_the_permissions_it_is_written_for():
    asked = set(re.findall(r"perms_in_org\.(\w+)", FRAGMENT.read_text()))
    assert asked <= set(NAV_PERMISSIONS)


def test_each_person_sees_the_navigation_of_their_organisation_role_and_language(org, client):
    other = make_org("Other")
    admin, member = make_member(org, Role.ADMIN), make_member(org, Role.MEMBER)
    elsewhere = make_member(other, Role.ADMIN)

    as_admin = _nav(client, admin, org)
    as_member = _nav(client, member, org)
    in_other = _nav(client, elsewhere, other)
    in_dutch = _nav(client, admin, org, "nl")
    again = _nav(client, admin, org)

    assert f"/o/{org.slug}/" in as_admin and f"/o/{other.slug}/" not in as_admin
    assert f"/o/{other.slug}/" in in_other and f"/o/{org.slug}/" not in in_other
    assert "GenAI-scan" in as_admin and "Moderation" in as_admin
    assert "GenAI-scan" not in as_member and "Moderation" not in as_member
    assert "Concerns and questions" in as_admin and "Concerns and questions" not in in_dutch
    assert 'lang="nl"' not in in_dutch  # the switch offers English, the page is Dutch
    assert again == as_admin
