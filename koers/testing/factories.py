"""Small factories for tests: real rows, made through the same services the app uses."""

from __future__ import annotations

import itertools
from typing import Any

from koers.backlog.models.usecases import UseCase
from koers.backlog.services.usecases import UseCaseData, usecase_create
from koers.orgs.models import Department, Membership, Organisation, Role, User
from koers.orgs.tenancy import OrgContext, org_context_for

PASSWORD = "correct horse battery"  # noqa: S105 - test data
_seq = itertools.count(1)


def make_org(
    name: str | None = None, *, departments: tuple[str, ...] = ("Finance", "HR")
) -> Organisation:
    n = next(_seq)
    organisation = Organisation.objects.create(name=name or f"Org {n}", slug=f"org-{n}")
    for department in departments:
        Department.objects.create(organisation=organisation, name=department)
    return organisation


def make_user(email: str | None = None, *, name: str = "", password: str = PASSWORD) -> User:
    n = next(_seq)
    return User.objects.create_user(
        email or f"person{n}@example.org", password, name=name or f"Person {n}"
    )


def make_member(
    organisation: Organisation,
    role: str = Role.MEMBER,
    *,
    user: User | None = None,
    department: Department | None = None,
) -> User:
    user = user or make_user()
    Membership.objects.create(
        organisation=organisation, user=user, role=role, department=department
    )
    return user


def ctx_for(user: User, organisation: Organisation) -> OrgContext:
    return org_context_for(user=user, slug=organisation.slug)


def make_usecase(
    organisation: Organisation, *, by: User | None = None, anonymous: bool = False, **fields: Any
) -> UseCase:
    author = by or make_member(organisation)
    department_ids = fields.pop("department_ids", None)
    if department_ids is None:
        department_ids = tuple(organisation.departments.values_list("pk", flat=True)[:1])
    data = UseCaseData(
        title=fields.pop("title", f"Use case {next(_seq)}"),
        problem=fields.pop("problem", "Answering the same questions by hand takes hours."),
        solution=fields.pop("solution", "A chatbot drafts answers from our knowledge base."),
        department_ids=tuple(department_ids),
        **fields,
    )
    return usecase_create(ctx_for(author, organisation), data=data, anonymous=anonymous)
