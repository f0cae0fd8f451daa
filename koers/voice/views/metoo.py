""" "Me too" on a published concern, or taken back."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.forms import messages_add_errors
from koers.core.http import back_to
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.voice import services
from koers.voice.views.common import _item


@org_view(Perm.RAISE_CONCERN)
@require_POST
def support(request: HttpRequest, ctx: OrgContext, ref: str) -> HttpResponse:
    """ "Me too" on a published concern, or taken back; back to where the button was."""
    item = _item(ctx, ref)
    try:
        now = services.support_toggle(ctx, item=item)
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(
            request, _("You support this concern.") if now else _("You no longer support it.")
        )
    back = back_to(request, within=f"/o/{ctx.organisation.slug}/")
    if back:
        return back
    try:
        return redirect("voice:said_did", org_slug=ctx.organisation.slug)
    except NoReverseMatch:
        return redirect("voice:new", org_slug=ctx.organisation.slug)
