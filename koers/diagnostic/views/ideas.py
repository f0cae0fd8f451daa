"""The facilitator picks which "where could AI help" answers of a wave go to the backlog."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core.http import get_or_404
from koers.diagnostic.selectors import waves
from koers.diagnostic.services import scan_settings
from koers.diagnostic.services.ideas import ideas_hand_off, wave_ideas
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view


@org_view(Perm.MANAGE_SCANS)
def ideas(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    wave = get_or_404(waves.wave_get, organisation=ctx.organisation, pk=pk)
    if request.method == "POST":
        try:
            created = ideas_hand_off(ctx, wave=wave, chosen=request.POST.getlist("idea"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if created:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s idea was added to the backlog, anonymously.",
                        "%(n)s ideas were added to the backlog, anonymously.",
                        len(created),
                    )
                    % {"n": len(created)},
                )
            else:
                messages.info(request, _("Nothing was added: choose one or more new ideas."))
        return redirect("diagnostic:ideas", org_slug=ctx.organisation.slug, pk=wave.pk)
    found = wave_ideas(ctx, wave=wave)
    departments = {str(d.pk): d.name for d in ctx.organisation.departments.all()}
    return TemplateResponse(
        request,
        "diagnostic/ideas.html",
        {
            "wave": wave,
            "ideas": [(idea, departments.get(idea.department or "", "")) for idea in found],
            "new": sum(1 for idea in found if idea.usecase is None),
            "k": scan_settings(ctx.organisation).min_respondents,
            "can_submit": ctx.can(Perm.SUBMIT_USECASE),
        },
    )
