"""Shared fixtures. Factories live in koers/testing/factories.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import override_settings

from koers.orgs.models import Organisation, Role, User
from koers.testing.factories import PASSWORD, make_member, make_org
from koers.testing.mail import outbox_commits


@pytest.fixture(autouse=True, scope="session")
def _static_files_without_manifest(django_test_environment: None) -> Iterator[None]:
    """Pages render without `collectstatic`: production's manifest storage needs its manifest."""
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        yield


@pytest.fixture(autouse=True)
def _outbox_commits() -> Iterator[None]:
    """Queued e-mail leaves when the code under test commits (koers/testing/mail.py)."""
    with outbox_commits():
        yield


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
