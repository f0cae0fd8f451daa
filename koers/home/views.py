"""The organisation's home: the programme's home for whoever runs it (admins and programme leads),
a member's home for everyone else. It only reads, through the other apps' selectors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from koers.home import selectors, services
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.sprints.selectors.stories import latest_win
from koers.strategy.selectors.policy import has_acknowledged
from koers.strategy.selectors.vision import vision_blocks


@org_view(Perm.VIEW)
def start(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    reads = selectors.Reads(ctx)
    vision, policy = reads.vision, reads.policy
    previous = services.visit_record(ctx)
    context: dict[str, object] = {
        "vision": vision,
        "blocks": vision_blocks(vision.text) if vision else [],
        "may_write_vision": ctx.can(Perm.MANAGE_STRATEGY),
        "policy": policy,
        "acknowledged": policy is not None and has_acknowledged(ctx.membership, policy),
        "news": selectors.member_news(ctx, reads),
        "latest_win": latest_win(organisation=ctx.organisation),
    }
    if selectors.is_programme_lead(ctx):
        new_ideas = selectors.new_ideas_since(ctx, previous)
        context.update(
            lead=True,
            steps=selectors.programme_steps(ctx, reads),
            waiting=selectors.waiting_for(ctx, reads, new_ideas=new_ideas),
            since=selectors.changes_since(ctx, reads, previous, new_ideas),
        )
    return TemplateResponse(request, "home/start.html", context)
