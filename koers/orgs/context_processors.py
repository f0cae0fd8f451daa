from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from koers.orgs.permissions import Perm
from koers.orgs.selectors import organisation_list_for


def organisations(request: HttpRequest) -> dict[str, Any]:
    """The organisations the person can switch between, and their context in the current one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    ctx = getattr(request, "org", None)
    return {
        "my_organisations": organisation_list_for(user=user),
        "org": ctx.organisation if ctx else None,
        "org_ctx": ctx,
        "perms_in_org": {p.value: ctx.can(p) for p in Perm} if ctx else {},
    }
