"""The "you said, we did" page for every employee: the published themes and concerns, with the"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.voice.models import Category
from koers.voice.selectors.said_did import STATUS_FILTERS, said_did


@org_view(Perm.VIEW)
def said_did_page(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    category = request.GET.get("category", "")
    status = request.GET.get("status", "")
    page = said_did(ctx, category=category, status=status)
    return TemplateResponse(
        request,
        "voice/said_did.html",
        {
            "page": page,
            "categories": Category.choices,
            "statuses": STATUS_FILTERS,
            "category": category if category in Category.values else "",
            "status": status if status in dict(STATUS_FILTERS) else "",
            "can_support": ctx.can(Perm.RAISE_CONCERN),
        },
    )
