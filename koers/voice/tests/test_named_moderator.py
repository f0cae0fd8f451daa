"""A concern that names a moderator is not shown to that moderator: another moderator (or the
organisation admin) handles it, and the queue says that one is held for someone else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.orgs.models import Role, User
from koers.testing.api import api_client
from koers.testing.factories import make_member, make_org
from koers.voice.tests.themes_helpers import concern

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("Acme")


def named(org, name: str, role: str = Role.LEAD) -> User:
    user = make_member(org, role)
    user.name = name
    user.save()
    return user


def test_the_named_moderator_does_not_see_it_and_another_does(client, org):
    jan = named(org, "Jan de Boer")
    anouk = named(org, "Anouk Visser", Role.ADMIN)
    about_jan = concern(org, "Mijn teamleider Jan de Boer zet ons onder druk met die AI-tool.")
    other = concern(org, "Niemand legt uit wat de chatbot met onze gegevens doet.")
    queue_url = reverse("voice:moderate", kwargs={"org_slug": org.slug})
    item_url = reverse("voice:item", kwargs={"org_slug": org.slug, "ref": about_jan.ref})

    client.force_login(jan)
    page = client.get(queue_url).content.decode()
    assert item_url not in page
    assert reverse("voice:item", kwargs={"org_slug": org.slug, "ref": other.ref}) in page
    assert "1 concern names you, so it is held for another moderator" in page
    assert client.get(item_url).status_code == 403  # not by its address either
    publish = reverse("voice:publish", kwargs={"org_slug": org.slug, "ref": about_jan.ref})
    assert client.post(publish, {"public_text": "x", "category": "other"}).status_code == 403

    client.force_login(anouk)
    assert item_url in client.get(queue_url).content.decode()
    assert client.get(item_url).status_code == 200


def test_written_as_people_write_it_the_moderator_is_still_named(org):
    from koers.testing.factories import ctx_for
    from koers.voice import selectors

    jan = named(org, "Jan de Boer")
    ctx = ctx_for(jan, org)
    for text in ("J. de Boer doet raar.", "Volgens De Boer mag het.", "jan de boer weer"):
        assert selectors.names_reader(ctx, concern(org, text)), text
    assert not selectors.names_reader(ctx, concern(org, "De boer op de hoek verkoopt kaas."))


def test_when_it_names_every_moderator_the_queue_says_so(client, org):
    jan = named(org, "Jan de Boer", Role.ADMIN)
    concern(org, "Jan de Boer beslist alles alleen.")
    client.force_login(jan)
    page = client.get(reverse("voice:moderate", kwargs={"org_slug": org.slug})).content.decode()
    assert "names every moderator" in page


def test_the_api_leaves_it_out_for_the_named_moderator(org):
    jan = named(org, "Jan de Boer")
    about_jan = concern(org, "Jan de Boer zet ons onder druk.")
    client = api_client(jan)
    listed = client.get(f"/api/v1/orgs/{org.slug}/voice/moderation/items").json()
    assert about_jan.ref not in {item["ref"] for item in listed}
    one = client.get(f"/api/v1/orgs/{org.slug}/voice/moderation/items/{about_jan.ref}")
    assert one.status_code == 403
