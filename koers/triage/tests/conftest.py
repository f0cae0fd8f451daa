"""What the triage tests share: an organisation, an evangelist who triages and a lawyer who signs
off."""

from __future__ import annotations

import pytest

from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org


@pytest.fixture
def org():
    return make_org("Acme")


@pytest.fixture
def evangelist(org):
    return ctx_for(make_member(org, Role.EVANGELIST), org)


@pytest.fixture
def legal(org):
    return ctx_for(make_member(org, Role.LEGAL), org)
