"""Help requests: the helpers' list, picking one up and marking it helped."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core import clock
from koers.core.forms import messages_add_errors
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.voice import selectors, services
from koers.voice.views.common import _item


@org_view(Perm.HELP_COLLEAGUES)
def help_list(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    queue = selectors.help_queue(ctx.organisation)
    today = clock.today()
    for items in queue.values():
        for item in items:
            item.age = selectors.age_in_days(item, today)  # type: ignore[attr-defined]
            item.overdue = item.age > selectors.HELP_OVERDUE_DAYS  # type: ignore[attr-defined]
    return TemplateResponse(
        request,
        "voice/help.html",
        {"queue": queue, "overdue_days": selectors.HELP_OVERDUE_DAYS},
    )


def _help_step(request: HttpRequest, ctx: OrgContext, ref: str, step: str) -> HttpResponse:
    item = _item(ctx, ref)
    try:
        if step == "pick_up":
            services.help_pick_up(ctx, item=item)
            messages.success(request, _("You picked up this request."))
        else:
            services.help_done(ctx, item=item)
            messages.success(request, _("Marked as helped. Thank you!"))
    except ValidationError as error:
        messages_add_errors(request, error)
    return redirect("voice:help", org_slug=ctx.organisation.slug)


@org_view(Perm.HELP_COLLEAGUES)
@require_POST
def help_pick_up(request: HttpRequest, ctx: OrgContext, ref: str) -> HttpResponse:
    return _help_step(request, ctx, ref, "pick_up")


@org_view(Perm.HELP_COLLEAGUES)
@require_POST
def help_done(request: HttpRequest, ctx: OrgContext, ref: str) -> HttpResponse:
    return _help_step(request, ctx, ref, "done")
