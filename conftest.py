"""Shared fixtures. Factories live in koers/testing/factories.py."""

from __future__ import annotations

import pytest

from koers.orgs.models import Organisation, Role, User
from koers.testing.factories import PASSWORD, make_member, make_org


@pytest.fixture
def org(db: None) -> Organisation:
    return make_org("Acme")


@pytest.fixture
def other_org(db: None) -> Organisation:
    return make_org("Other Corp", departments=("Legal",))


@pytest.fixture
def member(org: Organisation) -> User:
    return make_member(org, Role.MEMBER)


@pytest.fixture
def lead(org: Organisation) -> User:
    return make_member(org, Role.LEAD)


@pytest.fixture
def admin_user(org: Organisation) -> User:
    return make_member(org, Role.ADMIN)


@pytest.fixture
def password() -> str:
    return PASSWORD
