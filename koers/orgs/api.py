"""API authentication, the organisation context of an API call, and the people/organisation
endpoints.

An API call acts in an organisation exactly like a page does: ``api_org_context`` resolves it
through ``org_context_for`` (404 for non-members) and checks the same permission table (403).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, Router
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from koers.orgs import selectors
from koers.orgs.models import Membership, Role, User
from koers.orgs.permissions import Perm
from koers.orgs.schemas import (
    DepartmentOut,
    ErrorOut,
    MeOut,
    OrganisationOut,
    ValidationErrorOut,
)
from koers.orgs.services import TOKEN_PREFIX, api_token_authenticate
from koers.orgs.tenancy import OrgContext, org_context_for


class TokenAuth(HttpBearer):
    """``Authorization: Bearer koers_…`` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token.startswith(TOKEN_PREFIX):
            return None
        return api_token_authenticate(token)


class SessionAuth(NinjaSessionAuth):
    """The logged-in browser session, with Django's CSRF check on unsafe methods.

    Without a session it steps aside (instead of failing the CSRF check), so a call without valid
    credentials gets 401, not 403."""

    def __call__(self, request: HttpRequest) -> Any | None:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


AUTH = [TokenAuth(), SessionAuth(csrf=True)]

OrgSlug = PathEx[
    str, P(description="The organisation's short name, as in the page address /o/<slug>/.")
]

# The error responses of an organisation-scoped operation, for the OpenAPI document.
ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}


def api_user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def api_org_context(request: HttpRequest, org_slug: str, perm: Perm = Perm.VIEW) -> OrgContext:
    """The caller's context in ``org_slug``: Http404 for non-members, PermissionDenied without
    ``perm``."""
    ctx = org_context_for(user=api_user(request), slug=org_slug)
    ctx.require(perm)
    return ctx


router = Router(tags=["organisations"])


@router.get(
    "/me",
    response={200: MeOut, 401: ErrorOut},
    summary="The person behind the token or session",
    operation_id="me_get",
)
def me(request: HttpRequest) -> User:
    return api_user(request)


@router.get(
    "/orgs",
    response={200: list[OrganisationOut], 401: ErrorOut},
    summary="Organisations I belong to, with my role",
    operation_id="organisation_list",
)
def organisation_list(request: HttpRequest) -> list[OrganisationOut]:
    user = api_user(request)
    roles = dict(
        Membership.objects.filter(user=user, is_active=True).values_list("organisation_id", "role")
    )
    return [
        OrganisationOut(slug=o.slug, name=o.name, role=roles.get(o.pk, Role.ADMIN))
        for o in selectors.organisation_list_for(user=user)
    ]


@router.get(
    "/orgs/{org}/departments",
    response={200: list[DepartmentOut], **ERRORS},
    summary="Departments of an organisation",
    operation_id="department_list",
)
def department_list(request: HttpRequest, org: OrgSlug) -> list[DepartmentOut]:
    ctx = api_org_context(request, org)
    return [
        DepartmentOut(id=d.pk, name=d.name, people=d.people, usecases=d.usecase_total)  # type: ignore[attr-defined]
        for d in selectors.department_list(organisation=ctx.organisation)
    ]


# --- request bodies read in the function ------------------------------------------------------
# An operation that must resolve the organisation (and answer 404 to an outsider) before it says
# anything about the body reads the body itself, with these.

In = TypeVar("In", bound=BaseModel)


def body_doc(schema: type[BaseModel]) -> dict[str, Any]:
    """The request body of an operation whose body is read in the function (see ``read_body``)."""
    content = {"application/json": {"schema": schema.model_json_schema()}}
    return {"requestBody": {"required": True, "content": content}}


def read_body(request: HttpRequest, schema: type[In]) -> In:
    """The body as ``schema``; a ValidationError (422, nothing changed) when it is not."""
    try:
        body: Any = json.loads(request.body or b"null")
    except ValueError as error:
        raise ValidationError(_("The request body is not valid JSON.")) from error
    if not isinstance(body, dict):
        raise ValidationError(_("Send one JSON object."))
    try:
        return schema.model_validate(body)
    except PydanticValidationError as error:
        errors: dict[str, list[str]] = {}
        for problem in error.errors():
            field = ".".join(str(part) for part in problem["loc"]) or "__all__"
            errors.setdefault(field, []).append(problem["msg"])
        raise ValidationError(errors) from error
