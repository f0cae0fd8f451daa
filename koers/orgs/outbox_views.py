"""The outbox page: an organisation's e-mails that have not left, why, and *Try again*."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from koers.core.mail import MAX_ATTEMPTS, RETRY_DELAYS
from koers.orgs import services
from koers.orgs.permissions import Perm
from koers.orgs.selectors import outbox_for
from koers.orgs.tenancy import OrgContext, org_view


@org_view(Perm.MANAGE_PEOPLE)
def outbox(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    hours = sum(delay.total_seconds() for delay in RETRY_DELAYS) / 3600
    return TemplateResponse(
        request,
        "core/outbox.html",
        {
            "outbox": outbox_for(organisation=ctx.organisation),
            "attempts": MAX_ATTEMPTS,
            "hours": round(hours, 1),
        },
    )


def _ids(values: list[str]) -> list[str]:
    found = []
    for value in values:
        try:
            found.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return found


@org_view(Perm.MANAGE_PEOPLE)
@require_POST
def outbox_retry(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    every = request.POST.get("all") == "1"
    ids = _ids(request.POST.getlist("mail"))
    count = services.outbox_retry(ctx, ids=None if every else ids) if every or ids else 0
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d e-mail queued to be sent again.",
                "%(count)d e-mails queued to be sent again.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("There was nothing to send again."))
    return redirect("outbox", org_slug=ctx.organisation.slug)
