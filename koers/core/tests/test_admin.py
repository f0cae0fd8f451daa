from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from koers.orgs.models import User
from koers.testing.factories import PASSWORD, make_usecase

pytestmark = pytest.mark.django_db


def test_it_shows_every_registered_model_to_the_site_superuser(client, org):
    make_usecase(org)
    client.force_login(User.objects.create_superuser("root@example.org", PASSWORD))
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_it_keeps_the_admin_closed_to_organisation_admins(client, org, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin:backlog_usecase_changelist"))
    assert response.status_code == 302


def test_it_never_lets_anyone_edit_the_history(client, org):
    usecase = make_usecase(org)
    client.force_login(User.objects.create_superuser("root@example.org", PASSWORD))
    change = usecase.organisation.changes.first()
    url = reverse("admin:core_change_change", args=[change.pk])
    client.post(url, {"action": "forged"})
    change.refresh_from_db()
    assert change.action != "forged"
