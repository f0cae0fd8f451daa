"""The strategy overview: the vision, the AI policy, the checker, the market scenarios and the
skills, each with where it stands and what to do next."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.strategy.selectors.overview import strategy_overview


@org_view(Perm.VIEW)
def home(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    return TemplateResponse(request, "strategy/home.html", {"overview": strategy_overview(ctx)})
