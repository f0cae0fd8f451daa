"""Importing people from an HR export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koers.core.models import Change
from koers.core.tabular import read_table
from koers.orgs.importing import ImportFailed, SystemActor
from koers.orgs.models import Department, Membership, Role, User
from koers.orgs.people import COLUMNS, guess_mapping, people_import
from koers.testing.factories import ctx_for, make_member, make_org


def table_of(rows: list[dict[str, str]]):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return read_table(buffer.getvalue().encode(), "hr.csv")


def person(email: str, name: str = "", department: str = "", role: str = "") -> dict[str, str]:
    return {"Naam": name, "E-mailadres": email, "Afdeling": department, "Rol": role}


def test_it_matches_english_and_dutch_hr_headers():
    assert guess_mapping(["Naam", "E-mailadres", "Afdeling", "Rol"], COLUMNS) == {
        "name": "Naam",
        "email": "E-mailadres",
        "department": "Afdeling",
        "role": "Rol",
    }
    assert guess_mapping(["Full name", "Work email", "Department", "ROLE"], COLUMNS) == {
        "name": "Full name",
        "email": "Work email",
        "department": "Department",
        "role": "ROLE",
    }


def test_it_creates_people_with_memberships_departments_and_roles(org, admin_user):
    table = table_of(
        [
            person("Anna@Example.org", "Anna de Vries", "Finance", "Programme lead"),
            person("bram@example.org", "Bram", "Sales", ""),
            person("cem@example.org", "Cem", "", "evangelist"),
        ]
    )
    result = people_import(ctx_for(admin_user, org), table=table)
    assert (result.created, result.updated, result.departments_created) == (3, 0, 1)
    anna = Membership.objects.select_related("user", "department").get(
        organisation=org, user__email="anna@example.org"
    )
    assert (anna.user.name, anna.department.name, anna.role) == ("Anna de Vries", "Finance", "lead")
    assert not anna.user.has_usable_password()
    bram = Membership.objects.get(organisation=org, user__email="bram@example.org")
    assert (bram.role, bram.department.name) == (Role.MEMBER, "Sales")
    assert Membership.objects.get(user__email="cem@example.org").department is None
    assert Department.objects.filter(organisation=org, name="Sales").exists()


def test_it_audits_every_created_membership_as_the_person_who_imported(org, admin_user):
    people_import(ctx_for(admin_user, org), table=table_of([person("a@example.org", "A", "Ops")]))
    membership_changes = Change.objects.filter(organisation=org, subject="orgs.membership")
    assert membership_changes.get().actor == admin_user
    assert membership_changes.get().fields == {
        "role": [None, "member"],
        "department": [None, "Ops"],
    }
    assert Change.objects.filter(subject="orgs.department", action="created").count() == 1


def test_it_updates_on_re_import_instead_of_duplicating(org):
    actor = SystemActor(org)
    people_import(actor, table=table_of([person("a@example.org", "Ann", "Finance", "member")]))
    result = people_import(
        actor, table=table_of([person("a@example.org", "Ann Smith", "HR", "lead")])
    )
    assert (result.created, result.updated) == (0, 1)
    membership = Membership.objects.select_related("user", "department").get(organisation=org)
    assert (membership.user.name, membership.department.name, membership.role) == (
        "Ann Smith",
        "HR",
        "lead",
    )
    assert User.objects.filter(email="a@example.org").count() == 1
    change = Change.objects.filter(subject="orgs.membership", action="updated").get()
    assert change.fields == {
        "name": ["Ann", "Ann Smith"],
        "role": ["member", "lead"],
        "department": ["Finance", "HR"],
    }


def test_it_leaves_values_unchanged_where_the_file_has_empty_cells(org):
    actor = SystemActor(org)
    people_import(actor, table=table_of([person("a@example.org", "Ann", "Finance", "lead")]))
    result = people_import(actor, table=table_of([person("a@example.org")]))
    assert result.unchanged == 1
    membership = Membership.objects.get(organisation=org)
    assert membership.role == "lead"
    assert membership.department.name == "Finance"


def test_it_adds_an_existing_user_of_another_organisation_without_a_second_account(org, other_org):
    consultant = make_member(other_org)
    people_import(SystemActor(org), table=table_of([person(consultant.email, role="lead")]))
    assert Membership.objects.get(organisation=org, user=consultant).role == "lead"
    assert Membership.objects.get(organisation=other_org, user=consultant).role == "member"
    assert User.objects.filter(email=consultant.email).count() == 1


def test_it_deactivates_members_missing_from_the_file_when_asked_but_never_the_importer(
    org, admin_user
):
    leaver = make_member(org)
    stayer = make_member(org)
    ctx = ctx_for(admin_user, org)
    preview = people_import(ctx, table=table_of([person(stayer.email)]), dry_run=True)
    assert (preview.missing, preview.deactivated) == (1, 0)

    without = people_import(ctx, table=table_of([person(stayer.email)]))
    assert without.deactivated == 0
    assert Membership.objects.get(user=leaver).is_active

    result = people_import(ctx, table=table_of([person(stayer.email)]), deactivate_missing=True)
    assert result.deactivated == 1
    gone = Membership.objects.get(user=leaver)
    assert not gone.is_active
    assert gone.deactivated_at is not None
    assert Membership.objects.get(user=admin_user).is_active
    assert Change.objects.filter(subject_id=gone.pk, action="deactivated").exists()


def test_it_reactivates_a_person_who_comes_back(org):
    returning = make_member(org)
    Membership.objects.filter(user=returning).update(is_active=False)
    result = people_import(SystemActor(org), table=table_of([person(returning.email)]))
    assert result.updated == 1
    assert Membership.objects.get(user=returning).is_active
    assert Change.objects.filter(action="reactivated").count() == 1


def test_it_rejects_the_whole_file_with_every_bad_row_and_column(org):
    table = table_of(
        [
            person("ok@example.org", "Ok"),
            person("not-an-address", "Bad"),
            person("", "No mail"),
            person("OK@example.org", "Twice"),
            person("x@example.org", role="boss"),
        ]
    )
    with pytest.raises(ImportFailed) as caught:
        people_import(SystemActor(org), table=table)
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (3, "E-mailadres"),
        (4, "E-mailadres"),
        (5, "E-mailadres"),
        (6, "Rol"),
    ]
    assert "row 2" in caught.value.errors[2].message
    assert not User.objects.filter(email="ok@example.org").exists()
    assert not Membership.objects.filter(organisation=org).exists()


def test_it_refuses_to_take_away_the_importers_own_admin_role(org, admin_user):
    with pytest.raises(ImportFailed) as caught:
        people_import(
            ctx_for(admin_user, org), table=table_of([person(admin_user.email, role="member")])
        )
    assert caught.value.errors[0].message == "You cannot remove your own admin role."


def test_it_needs_an_e_mail_column(org):
    with pytest.raises(ImportFailed) as caught:
        people_import(SystemActor(org), table=read_table(b"name,team\nAnn,HR\n", "hr.csv"))
    assert caught.value.errors[0].row is None


def test_it_is_only_for_organisation_admins(org, lead):
    with pytest.raises(PermissionDenied):
        people_import(ctx_for(lead, org), table=table_of([person("a@example.org")]))


def test_it_imports_and_re_imports_many_people_in_batches_not_per_row(org):
    # How long it takes is measured by `koers bench import` (people_seconds), not here.
    rows = [
        person(f"p{i}@example.org", f"Person {i}", f"Dept {i % 25}", "member") for i in range(3000)
    ]
    with CaptureQueriesContext(connection) as queries:
        result = people_import(SystemActor(org), table=table_of(rows))
    assert result.created == 3000
    assert len(queries) < 100
    for row in rows[::2]:
        row["Rol"] = "evangelist"
    with CaptureQueriesContext(connection) as queries:
        again = people_import(SystemActor(org), table=table_of(rows), deactivate_missing=True)
    assert (again.created, again.updated, again.unchanged) == (0, 1500, 1500)
    assert len(queries) < 100
    other = make_org()
    assert not Membership.objects.filter(organisation=other).exists()
