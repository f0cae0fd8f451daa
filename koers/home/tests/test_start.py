"""The organisation's start page: the vision when there is one (else, for leaders, the way to
write it), and the published AI policy to confirm until one has."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from koers.home.tests.pages import home_of
from koers.orgs.models import Role
from koers.strategy.services import policy as policies
from koers.strategy.services.vision import vision_compose, vision_edit
from koers.testing.factories import ctx_for, make_member, make_org
from koers.testing.policies import make_published_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    organisation = make_org("Demo BV")
    organisation.language = "nl"
    organisation.save(update_fields=["language"])
    return organisation


def test_the_start_page_shows_the_current_vision(org):
    lead = ctx_for(make_member(org, Role.LEAD), org)
    vision_compose(lead, answers={"ambition": "AI maakt ons werk <b>lichter</b>."})
    vision_edit(lead, text="## Onze koers\n\nAI neemt routinewerk over.")
    page = home_of(make_member(org), org)
    assert "Onze AI-visie" in page and "AI neemt routinewerk over." in page
    assert "lichter" not in page  # the current version only
    assert "&lt;b&gt;" not in page and "<b>" not in page


def test_without_a_vision_leaders_are_asked_to_write_it_and_members_told(org):
    assert "Visie opstellen" in home_of(make_member(org, Role.LEAD), org)
    member_page = home_of(make_member(org), org)
    assert "Visie opstellen" not in member_page
    assert "heeft de AI-visie nog niet opgesteld" in member_page


def test_the_published_policy_waits_to_be_confirmed_and_then_steps_back(org):
    version = make_published_policy(org, number=2)
    member = make_member(org)
    assert "AI-beleid lezen en bevestigen" in home_of(member, org)
    policies.acknowledgement_create(ctx_for(member, org), version=version)
    page = home_of(member, org)
    assert "AI-beleid lezen en bevestigen" not in page
    assert "versie 2, bevestigd" in page


def test_another_organisation_gets_nothing(org):
    outsider = make_member(make_org())
    client = Client()
    client.force_login(outsider)
    response = client.get(reverse("home:start", kwargs={"org_slug": org.slug}))
    assert response.status_code == 404
