"""API authentication, the organisation context of an API call, and the people/organisation
endpoints.

An API call acts in an organisation exactly like a page does, and it learns whether it may before
anything is said about its body. ninja validates an operation's parameters source by source, in
the order they first appear in its signature: the path parameters (``org``, then an object's
``id``) come first, the typed body (``payload: XIn``) last. The path types below do their checks
while they are validated:

* ``org: OrgSlug`` resolves the caller's context through ``org_context_for``: 404 for
  non-members;
* ``org: OrgSlugWith[str, Perm.X]`` also checks a permission of the table the pages use (or a
  test of the context, ``OrgSlugWith[str, is_leader]``): 403 without it;
* ``id: PathEx[Annotated[int, of_organisation(Model)], P(…)]``: 404 for an object of another
  organisation;

so an outsider gets 404 and a member without the permission 403, whatever the body, and only then
does a bad body get 422. The operation takes the resolved context with ``api_org_context``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import P, PathEx, Router
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from pydantic import AfterValidator, ValidationInfo

from koers.orgs import selectors
from koers.orgs.models import Department, Organisation, User
from koers.orgs.permissions import Perm
from koers.orgs.schemas import (
    DepartmentOut,
    ErrorOut,
    MeOut,
    OrganisationOut,
    ValidationErrorOut,
)
from koers.orgs.selectors import DepartmentCounts, MyRole
from koers.orgs.services import TOKEN_PREFIX, api_token_authenticate
from koers.orgs.tenancy import OrgContext, org_context_for

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


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

# The error responses of an organisation-scoped operation, for the OpenAPI document.
ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}
# And of one with a body: not JSON (400), or over koers.core.middleware.MAX_API_BODY (413).
BODY_ERRORS: dict[int, Any] = {**ERRORS, 400: ErrorOut, 413: ErrorOut}


def api_user(request: HttpRequest) -> User:
    user = getattr(request, "auth", None)
    assert isinstance(user, User)
    return user


# --- the organisation and the objects of the path, resolved before the body ---------------------

_CONTEXT = "koers_api_org_context"
# What a slug may be: Organisation.slug is a SlugField of at most 60 characters.
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def _request(info: ValidationInfo) -> HttpRequest:
    request = (info.context or {}).get("request")
    if not isinstance(request, HttpRequest):
        raise ImproperlyConfigured("An organisation path type is validated outside a request.")
    return request


def _context(info: ValidationInfo) -> OrgContext:
    context = getattr(_request(info), _CONTEXT, None)
    if not isinstance(context, OrgContext):
        raise ImproperlyConfigured("Declare the org path parameter (an OrgSlug) before this one.")
    return context


def _resolve_organisation(slug: str, info: ValidationInfo) -> str:
    request = _request(info)
    if not SLUG.fullmatch(slug):
        raise Http404  # no organisation has it (and PostgreSQL would refuse a NUL byte)
    # Not api_user: an AssertionError in a validator would become a 422.
    user = getattr(request, "auth", None)
    setattr(request, _CONTEXT, org_context_for(user=user, slug=slug))
    return slug


def requires(check: Perm | Callable[[OrgContext], bool]) -> AfterValidator:
    """The caller needs ``check`` (a permission, or a test of the context) in the organisation of
    the path; PermissionDenied (403) otherwise. See ``OrgSlugWith``."""

    def validate(slug: str, info: ValidationInfo) -> str:
        context = _context(info)
        if not (context.can(check) if isinstance(check, Perm) else check(context)):
            raise PermissionDenied
        return slug

    return AfterValidator(validate)


def of_organisation(
    model: type[models.Model] | str, *, field: str = "pk", organisation: str = "organisation"
) -> AfterValidator:
    """An id (or the value of another unique ``field``, such as a Voice item's reference) of a
    ``model`` object of the path's organisation: Http404 (404) for any other value. The operation
    still looks the object up itself, with its own conditions. Another app's model is named by
    its label (``"backlog.UseCase"``), as a ForeignKey does, not imported. ``organisation`` is
    the lookup of the object's organisation where it has none of its own
    (``"policy__organisation"``)."""

    def validate(value: Any, info: ValidationInfo) -> Any:
        lookup = {organisation: _context(info).organisation, field: value}
        found = apps.get_model(model) if isinstance(model, str) else model
        if not found._default_manager.filter(**lookup).exists():
            raise Http404
        return value

    return AfterValidator(validate)


# ``org``: the slug of an organisation the caller is a member of.
Member = Annotated[str, AfterValidator(_resolve_organisation)]
ORG = P(description="The organisation's short name, as in the page address /o/<slug>/.")
OrgSlug = PathEx[Member, ORG]

if TYPE_CHECKING:
    # ``OrgSlugWith[str, check]`` is a ``str`` to the type checker, as ninja's own ``PathEx``.
    from typing import Annotated as OrgSlugWith
else:

    class OrgSlugWith:
        """``org: OrgSlugWith[str, Perm.X]``: an ``OrgSlug`` whose caller also needs ``Perm.X``
        (or passes a test of the context: ``OrgSlugWith[str, is_leader]``)."""

        def __class_getitem__(cls, args: tuple[type[str], Any]) -> Any:
            _str, check = args
            return PathEx[Annotated[Member, requires(check)], ORG]


def api_org_context(request: HttpRequest, org_slug: str) -> OrgContext:
    """The caller's context in ``org_slug``, as the operation's ``org`` path parameter resolved
    and checked it (404 for non-members, 403 without the permission its type requires)."""
    context = getattr(request, _CONTEXT, None)
    if not isinstance(context, OrgContext) or context.organisation.slug != org_slug:
        raise ImproperlyConfigured("Declare the org path parameter as an OrgSlug.")
    return context


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
def organisation_list(request: HttpRequest) -> QuerySet[WithAnnotations[Organisation, MyRole]]:
    return selectors.organisation_list_with_role(user=api_user(request))


@router.get(
    "/orgs/{org}/departments",
    response={200: list[DepartmentOut], **ERRORS},
    summary="Departments of an organisation",
    operation_id="department_list",
)
def department_list(
    request: HttpRequest, org: OrgSlug
) -> QuerySet[WithAnnotations[Department, DepartmentCounts]]:
    return selectors.department_list(organisation=api_org_context(request, org).organisation)
