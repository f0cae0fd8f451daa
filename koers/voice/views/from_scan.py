"""Moderators take a scan wave's written worries into Voice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from koers.core.http import get_or_404
from koers.diagnostic.selectors import waves
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.voice.selectors import k_of
from koers.voice.services.from_scan import scan_waves, worries_take


@org_view(Perm.MODERATE_VOICE)
def from_scan(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    if request.method == "POST":
        wave = get_or_404(
            waves.wave_get, organisation=ctx.organisation, pk=request.POST.get("wave") or 0
        )
        try:
            taken = worries_take(ctx, wave=wave)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s worry is in the moderation queue.",
                    "%(n)s worries are in the moderation queue.",
                    len(taken),
                )
                % {"n": len(taken)},
            )
        return redirect("voice:from_scan", org_slug=ctx.organisation.slug)
    return TemplateResponse(
        request,
        "voice/from_scan.html",
        {"waves": scan_waves(ctx), "k": k_of(ctx.organisation)},
    )
