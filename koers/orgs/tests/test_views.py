from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from koers.core.models import Change
from koers.orgs.models import Department, Invitation, Membership, Role, User
from koers.testing.factories import PASSWORD, make_member, make_org, make_usecase

pytestmark = pytest.mark.django_db


def test_it_logs_in_with_an_email_address(client, member):
    response = client.post(reverse("login"), {"username": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_it_takes_a_single_organisation_member_straight_to_its_start_page(client, org, member):
    client.force_login(member)
    response = client.get(reverse("home"))
    assert response.url == reverse("home:start", kwargs={"org_slug": org.slug})


def test_it_lets_a_consultant_switch_between_client_organisations(client, org, other_org):
    consultant = make_member(org, Role.LEAD)
    make_member(other_org, Role.LEAD, user=consultant)
    client.force_login(consultant)
    assert client.get(reverse("home")).url == reverse("organisation_list")
    switched = client.get(reverse("organisation_list"), {"go": other_org.slug})
    assert switched.url == reverse("home:start", kwargs={"org_slug": other_org.slug})
    client.get(switched.url)
    assert client.get(reverse("home")).url == switched.url


def test_it_does_not_switch_to_an_organisation_you_are_not_in(client, org, other_org, member):
    client.force_login(member)
    response = client.get(reverse("organisation_list"), {"go": other_org.slug})
    assert response.status_code == 200


def test_it_invites_someone_by_email_and_the_link_makes_them_a_member(client, org, admin_user):
    client.force_login(admin_user)
    hr = org.departments.get(name="HR")
    response = client.post(
        reverse("invitations", kwargs={"org_slug": org.slug}),
        {"email": "New.Person@Example.org", "role": Role.EVANGELIST, "department": hr.pk},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/invitations/(\S+)/", mail.outbox[0].body)
    assert link
    client.logout()
    page = client.get(link.group(0))
    assert page.status_code == 200
    client.post(link.group(0), {"name": "New Person", "password": "a long enough password"})
    user = User.objects.get(email="new.person@example.org")
    membership = Membership.objects.get(user=user, organisation=org)
    assert (membership.role, membership.department) == (Role.EVANGELIST, hr)
    assert client.get(link.group(0)).status_code == 404, "the link works only once"


def test_it_does_not_let_a_member_invite(client, org, member):
    client.force_login(member)
    response = client.post(
        reverse("invitations", kwargs={"org_slug": org.slug}),
        {"email": "x@example.org", "role": Role.ADMIN},
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_it_changes_a_role_and_keeps_the_history(client, org, admin_user, member):
    client.force_login(admin_user)
    membership = Membership.objects.get(user=member)
    client.post(
        reverse("person_edit", kwargs={"org_slug": org.slug, "pk": membership.pk}),
        {"role": Role.LEAD, "department": ""},
    )
    membership.refresh_from_db()
    assert membership.role == Role.LEAD
    change = Change.objects.get(subject="orgs.membership", action="updated")
    assert change.fields["role"] == [Role.MEMBER, Role.LEAD]
    assert change.actor == admin_user


def test_it_deactivates_someone_who_left_without_deleting_their_ideas(
    client, org, admin_user, member
):
    usecase = make_usecase(org, by=member)
    client.force_login(admin_user)
    membership = Membership.objects.get(user=member)
    client.post(
        reverse("person_active", kwargs={"org_slug": org.slug, "pk": membership.pk}),
        {"active": "0"},
    )
    membership.refresh_from_db()
    usecase.refresh_from_db()
    assert not membership.is_active and membership.deactivated_at
    assert usecase.submitted_by == member
    client.force_login(member)
    assert client.get(reverse("backlog:list", kwargs={"org_slug": org.slug})).status_code == 404


def test_it_keeps_the_last_admin_from_demoting_themselves(client, org, admin_user):
    client.force_login(admin_user)
    membership = Membership.objects.get(user=admin_user)
    response = client.post(
        reverse("person_edit", kwargs={"org_slug": org.slug, "pk": membership.pk}),
        {"role": Role.MEMBER, "department": ""},
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_it_manages_departments(client, org, admin_user):
    client.force_login(admin_user)
    url = reverse("departments", kwargs={"org_slug": org.slug})
    client.post(url, {"name": "  Customer   Service "})
    department = Department.objects.get(organisation=org, name="Customer Service")
    duplicate = client.post(url, {"name": "customer service"})
    assert "already exists" in duplicate.content.decode()
    client.post(
        reverse("department_edit", kwargs={"org_slug": org.slug, "pk": department.pk}),
        {"name": "Klantenservice"},
    )
    department.refresh_from_db()
    assert department.name == "Klantenservice"
    client.post(reverse("department_delete", kwargs={"org_slug": org.slug, "pk": department.pk}))
    assert not Department.objects.filter(pk=department.pk).exists()


def test_it_refuses_to_delete_a_department_that_still_has_use_cases(client, org, admin_user):
    department = org.departments.first()
    make_usecase(org, department_ids=(department.pk,))
    client.force_login(admin_user)
    response = client.post(
        reverse("department_delete", kwargs={"org_slug": org.slug, "pk": department.pk}),
        follow=True,
    )
    assert "still has" in response.content.decode()
    assert Department.objects.filter(pk=department.pk).exists()


def test_it_remembers_the_language_a_person_chose(client, org, member):
    client.force_login(member)
    client.post(reverse("account"), {"name": member.name, "language": "nl"})
    member.refresh_from_db()
    assert member.language == "nl"
    response = client.get(reverse("backlog:list", kwargs={"org_slug": org.slug}))
    assert response.headers["Content-Language"] == "nl"


def test_it_lets_only_the_site_superuser_create_organisations(client, member):
    client.force_login(member)
    assert client.get(reverse("organisation_new")).status_code == 403
    superuser = User.objects.create_superuser("root@example.org", PASSWORD)
    client.force_login(superuser)
    client.post(reverse("organisation_new"), {"name": "Nieuwe Klant BV", "slug": ""})
    assert Membership.objects.get(user=superuser).organisation.slug == "nieuwe-klant-bv"


def test_it_gives_the_site_superuser_admin_rights_in_every_organisation(client):
    organisation = make_org()
    superuser = User.objects.create_superuser("root@example.org", PASSWORD)
    client.force_login(superuser)
    response = client.get(reverse("people", kwargs={"org_slug": organisation.slug}))
    assert response.status_code == 200


def test_it_lets_an_imported_person_without_a_password_choose_one(client, org):
    imported = User.objects.create_user("imported@example.org")
    make_member(org, user=imported)
    client.post(reverse("password_reset"), {"email": "Imported@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/password/reset/\S+/\S+/", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    imported.refresh_from_db()
    assert imported.check_password("a brand new passphrase")
