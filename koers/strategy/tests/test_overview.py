"""The strategy overview: every member finds the vision, the policy, the checker and the skills
from one page, with what to do next; the market scenarios only for those who may read them."""

from __future__ import annotations

import pytest

from koers.orgs.models import Role
from koers.strategy.services.vision import vision_compose
from koers.testing.factories import ctx_for, make_member
from koers.testing.policies import make_published_policy

pytestmark = pytest.mark.django_db


def _page(client, user, org):
    client.force_login(user)
    response = client.get(f"/o/{org.slug}/strategy/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_sees_what_to_do_next_in_dutch(client, org):
    member = make_member(org, role=Role.MEMBER)
    page = _page(client, member, org)
    assert "Er is nog geen visie geschreven." in page
    assert "Er is nog geen beleid gepubliceerd." in page
    assert f"/o/{org.slug}/strategy/checker/" in page
    assert "Marktscenario" not in page  # cost bases are for leaders and AI ambassadors


def test_a_published_policy_asks_the_member_to_read_and_confirm_it(client, org):
    make_published_policy(org)
    admin = make_member(org, role=Role.ADMIN)
    vision_compose(ctx_for(admin, org), answers={"ambition": "Slimmer werken met AI."})
    member = make_member(org, role=Role.MEMBER)
    page = _page(client, member, org)
    assert "Lezen en bevestigen" in page and f"/o/{org.slug}/strategy/policy/read/" in page
    assert "Versie 1 van" in page


def test_a_lead_sees_the_market_scenarios(client, org):
    lead = make_member(org, role=Role.LEAD)
    assert f"/o/{org.slug}/strategy/scenarios/" in _page(client, lead, org)


def test_another_organisation_gets_nothing(client, org, other_org):
    outsider = make_member(other_org, role=Role.ADMIN)
    client.force_login(outsider)
    assert client.get(f"/o/{org.slug}/strategy/").status_code == 404
