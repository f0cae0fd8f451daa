"""The leaders' dashboard of Voice: open against answered, the median time to a first answer,"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.voice.selectors.dashboard import dashboard_build


@org_view(Perm.MODERATE_VOICE)
def dashboard_page(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    return TemplateResponse(request, "voice/dashboard.html", {"board": dashboard_build(ctx)})
