"""Resolving the organisation a request acts in, and refusing everything else.

Every organisation-scoped view is wrapped in ``org_view``: it answers 404 to anyone who is not an
active member (so the existence of other organisations' data is not revealed) and 403 to a member
whose role lacks the permission.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from koers.orgs.models import Membership, Organisation, Role, User
from koers.orgs.permissions import Perm, has_perm


@dataclass(frozen=True)
class OrgContext:
    organisation: Organisation
    membership: Membership
    user: User

    def can(self, perm: Perm) -> bool:
        return has_perm(self.membership, perm)

    def require(self, perm: Perm) -> None:
        if not self.can(perm):
            raise PermissionDenied

    @property
    def role(self) -> str:
        return self.membership.role


def org_context_for(*, user: Any, slug: str) -> OrgContext:
    """The user's context in the organisation ``slug``; Http404 if they are not an active member."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    membership = (
        Membership.objects.filter(organisation=organisation, user=user, is_active=True)
        .select_related("department")
        .first()
    )
    if membership is None:
        if not user.is_superuser:
            raise Http404
        # The site superuser acts as organisation admin everywhere, without a stored membership.
        membership = Membership(organisation=organisation, user=user, role=Role.ADMIN)
    return OrgContext(organisation=organisation, membership=membership, user=user)


ViewFunc = Callable[..., HttpResponse]


def org_view(perm: Perm = Perm.VIEW) -> Callable[[ViewFunc], ViewFunc]:
    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, org_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            ctx = org_context_for(user=request.user, slug=org_slug)
            ctx.require(perm)
            request.session["koers_org"] = org_slug
            request.org = ctx  # type: ignore[attr-defined]
            return view(request, ctx, *args, **kwargs)

        return wrapper

    return decorator
