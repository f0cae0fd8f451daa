"""The organisation's start page. It only reads, through the other apps' selectors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.strategy.selectors.policy import has_acknowledged, published_version
from koers.strategy.selectors.vision import vision_blocks, vision_current


@org_view(Perm.VIEW)
def start(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    vision = vision_current(ctx.organisation)
    policy = published_version(ctx.organisation)
    return TemplateResponse(
        request,
        "home/start.html",
        {
            "vision": vision,
            "blocks": vision_blocks(vision.text) if vision else [],
            "may_write_vision": ctx.can(Perm.MANAGE_STRATEGY),
            "policy": policy,
            "acknowledged": policy is not None and has_acknowledged(ctx.membership, policy),
        },
    )
