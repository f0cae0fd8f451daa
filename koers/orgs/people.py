"""Importing people from an HR export (CSV or XLSX: name, e-mail, department, role).

People are identified by e-mail address (a user is global; the membership is per organisation).
A re-import updates instead of duplicating; people who are not in the file can be deactivated
(never deleted). All-or-nothing like every import, and written in bulk so that an organisation
of 50,000 people imports in minutes rather than hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core import clock
from koers.core.services import ChangeBatch
from koers.core.tabular import Table
from koers.orgs.importing import (
    ChoiceParser,
    Column,
    ImportFailed,
    ImportResult,
    RowError,
    SystemActor,
    actor_parts,
    check_mapping,
    chunked,
    clean_name,
    guess_mapping,
    update_many,
)
from koers.orgs.models import Department, Membership, Organisation, Role, User
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        gettext_lazy("name"),
        ("naam", "full name", "volledige naam", "display name", "employee", "medewerker"),
    ),
    Column(
        "email",
        gettext_lazy("e-mail address"),
        ("email", "e-mail", "mail", "e-mailadres", "emailadres", "work email", "zakelijk e-mail"),
        required=True,
    ),
    Column("department", gettext_lazy("department"), ("afdeling", "dept", "team", "unit")),
    Column("role", gettext_lazy("role"), ("rol", "koers role", "koers rol")),
)

BATCH = 1000
_ROLE_PARSER: list[ChoiceParser] = []


def role_parser() -> ChoiceParser:
    if not _ROLE_PARSER:
        _ROLE_PARSER.append(
            ChoiceParser(
                Role,
                {
                    "admin": ["administrator", "beheerder", "organisatiebeheerder"],
                    "lead": ["programme lead", "program lead", "programmaleider", "leider"],
                    "evangelist": ["ai-evangelist", "ambassadeur"],
                    "member": ["lid", "employee"],
                },
            )
        )
    return _ROLE_PARSER[0]


@dataclass
class _Person:
    line: int
    email: str
    name: str
    department: str
    role: str


def _parse(
    table: Table, mapping: Mapping[str, str]
) -> tuple[list[_Person], dict[str, str], list[RowError]]:
    column_of = {name: header for name, header in mapping.items() if header}
    errors: list[RowError] = list(check_mapping(column_of, table.headers, COLUMNS))
    if errors:
        raise ImportFailed(errors)
    roles = role_parser()
    people: list[_Person] = []
    first_line: dict[str, int] = {}
    for line, record in table.records():

        def cell(name: str, record: dict[str, str] = record) -> str:
            header = column_of.get(name)
            return record[header].strip() if header else ""

        def error(name: str, message: str, line: int = line) -> None:
            errors.append(RowError(line, column_of.get(name, name), message))

        email = cell("email").lower()
        if not email:
            error("email", _("Every person needs an e-mail address."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                error("email", _("“%(email)s” is not a valid e-mail address.") % {"email": email})
            if email in first_line:
                error(
                    "email",
                    _("%(email)s is also on row %(row)d.")
                    % {"email": email, "row": first_line[email]},
                )
            first_line.setdefault(email, line)
        name = clean_name(cell("name"))
        if len(name) > 200:
            error("name", _("A name has at most 200 characters."))
        department = clean_name(cell("department"))
        if len(department) > 200:
            error("department", _("A department name has at most 200 characters."))
        role = ""
        if cell("role"):
            role = roles.parse(cell("role")) or ""
            if not role:
                error(
                    "role",
                    _("Unknown role “%(value)s”; use admin, lead, evangelist or member.")
                    % {"value": cell("role")},
                )
        people.append(_Person(line, email, name, department, role))
    if not people and not errors:
        errors.append(RowError(None, "", _("The file has no rows to import.")))
    return people, column_of, errors


@dataclass
class _Write:
    """A membership to create or change, with what the audit row records."""

    membership: Membership
    email: str
    department: str | None
    fields: dict[str, list[Any]]
    action: str


@dataclass
class _Plan:
    new_users: list[User]
    renamed_users: list[User]
    creates: list[_Write]
    changes: list[_Write]
    missing: list[Membership]  # active members who are not in the file
    new_departments: list[str]
    unchanged: int


def people_import(
    actor: OrgContext | SystemActor,
    *,
    table: Table,
    mapping: Mapping[str, str] | None = None,
    deactivate_missing: bool = False,
    dry_run: bool = False,
    note: str = "",
) -> ImportResult:
    """Import every person in ``table`` or none (``ImportFailed`` lists every problem).

    Empty cells leave a person's current name, department and role as they are; a new person
    without a role becomes a member. New people get an account without a usable password: they
    log in after an invitation or a password reset. With ``deactivate_missing``, active members
    who are not in the file are deactivated — never the person running the import.
    """
    if isinstance(actor, OrgContext):
        actor.require(Perm.MANAGE_PEOPLE)
    organisation, user, label = actor_parts(actor)
    own_membership_id = actor.membership.pk if isinstance(actor, OrgContext) else None
    if mapping is None:
        mapping = guess_mapping(table.headers, COLUMNS)
    people, column_of, errors = _parse(table, mapping)
    with transaction.atomic():
        if not dry_run:
            organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        plan = _plan(
            organisation,
            people,
            column_of=column_of,
            errors=errors,
            own_membership_id=own_membership_id,
        )
        result = ImportResult(
            created=len(plan.creates),
            updated=len(plan.changes),
            unchanged=plan.unchanged,
            deactivated=len(plan.missing) if deactivate_missing else 0,
            departments_created=len(plan.new_departments),
            missing=len(plan.missing),
        )
        if not dry_run:
            _write(
                organisation,
                plan,
                user=user,
                label=label,
                note=note,
                deactivate_missing=deactivate_missing,
            )
    return result


def _existing_users(emails: list[str]) -> dict[str, User]:
    users: dict[str, User] = {}
    for chunk in chunked(emails, BATCH):
        for found in User.objects.filter(email__in=chunk).only("pk", "email", "name"):
            users[found.email.lower()] = found
    return users


def _plan(
    organisation: Organisation,
    people: list[_Person],
    *,
    column_of: Mapping[str, str],
    errors: list[RowError],
    own_membership_id: int | None,
) -> _Plan:
    departments = {
        d.name.casefold(): d for d in Department.objects.filter(organisation=organisation)
    }
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(organisation=organisation).select_related("department")
    }
    users = _existing_users([p.email for p in people if p.email])
    for person in people:
        found = users.get(person.email)
        membership = memberships.get(found.pk) if found else None
        if (
            membership is not None
            and membership.pk == own_membership_id
            and person.role
            and person.role != Role.ADMIN
        ):
            errors.append(
                RowError(
                    person.line,
                    column_of.get("role", "role"),
                    _("You cannot remove your own admin role."),
                )
            )
    if errors:
        raise ImportFailed(errors)

    new_departments: dict[str, str] = {}
    for person in people:
        key = person.department.casefold()
        if person.department and key not in departments:
            new_departments.setdefault(key, person.department)

    password = make_password(None)  # unusable: they log in after an invitation or reset
    plan = _Plan([], [], [], [], [], list(new_departments.values()), 0)
    in_file: set[int] = set()
    for person in people:
        key = person.department.casefold()
        department = departments[key].name if key in departments else new_departments.get(key)
        found = users.get(person.email)
        if found is None:
            plan.new_users.append(User(email=person.email, name=person.name, password=password))
        membership = memberships.get(found.pk) if found else None
        if membership is None:
            role = person.role or Role.MEMBER
            plan.creates.append(
                _Write(
                    Membership(organisation=organisation, role=role, is_active=True),
                    person.email,
                    department,
                    {
                        "role": [None, role],
                        **({"department": [None, department]} if department else {}),
                    },
                    "created",
                )
            )
            if found is not None and person.name and person.name != found.name:
                found.name = person.name
                plan.renamed_users.append(found)
            continue
        assert found is not None
        in_file.add(membership.pk)
        department_before = membership.department.name if membership.department else None
        before: dict[str, str | bool | None] = {
            "name": found.name,
            "role": membership.role,
            "department": department_before,
            "is_active": membership.is_active,
        }
        department_after = department if person.department else department_before
        after = {
            "name": person.name or found.name,
            "role": person.role or membership.role,
            "department": department_after,
            "is_active": True,
        }
        fields = {k: [before[k], after[k]] for k in after if after[k] != before[k]}
        if not fields:
            plan.unchanged += 1
            continue
        if "name" in fields:
            found.name = str(after["name"])
            plan.renamed_users.append(found)
        membership.role = str(after["role"])
        membership.is_active = True
        membership.deactivated_at = None
        action = "reactivated" if not before["is_active"] else "updated"
        plan.changes.append(_Write(membership, person.email, department_after, fields, action))
    plan.missing = [
        m
        for m in memberships.values()
        if m.is_active and m.pk not in in_file and m.pk != own_membership_id
    ]
    return plan


def _write(
    organisation: Organisation,
    plan: _Plan,
    *,
    user: User | None,
    label: str,
    note: str,
    deactivate_missing: bool,
) -> None:
    history = ChangeBatch(organisation_id=organisation.pk, actor=user, actor_label=label, note=note)

    for department in Department.objects.bulk_create(
        [Department(organisation=organisation, name=n) for n in plan.new_departments],
        batch_size=BATCH,
    ):
        history.add(department, "created", {"name": [None, department.name]})
    department_ids: dict[str, int] = dict(
        Department.objects.filter(organisation=organisation).values_list("name", "pk")
    )

    User.objects.bulk_create(plan.new_users, batch_size=BATCH)
    update_many(User, plan.renamed_users, ["name"])
    user_ids = {u.email: u.pk for u in plan.new_users}
    known = [w.email for w in plan.creates if w.email not in user_ids]
    user_ids.update({email: u.pk for email, u in _existing_users(known).items()})

    for write in plan.creates:
        write.membership.user_id = user_ids[write.email]
        write.membership.department_id = department_ids.get(write.department or "")
    Membership.objects.bulk_create([w.membership for w in plan.creates], batch_size=BATCH)
    for write in plan.changes:
        write.membership.department_id = department_ids.get(write.department or "")
    update_many(
        Membership,
        [w.membership for w in plan.changes],
        ["role", "department", "is_active", "deactivated_at"],
    )
    for write in [*plan.creates, *plan.changes]:
        history.add(write.membership, write.action, write.fields)

    if deactivate_missing and plan.missing:
        now = clock.now()
        for chunk in chunked([m.pk for m in plan.missing], BATCH):
            Membership.objects.filter(pk__in=chunk).update(is_active=False, deactivated_at=now)
        for membership in plan.missing:
            history.add(membership, "deactivated", {"is_active": [True, False]})
    history.save()
