"""The public Voice link: moderators make and revoke it (``voice:links``); anyone holding it raises
an anonymous concern or help request at ``/v/l/<token>/`` without an account.

The public form reads nothing about who sends it (no IP address, user agent or cookie of its own)
and answers the case code in the response to the POST itself, so the code is never kept in a
session. Floods and bots are kept out by ``ratelimit``: a quota per link and hour, a honeypot and
a signed form stamp.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from koers.core.forms import form_add_errors
from koers.core.http import get_or_404
from koers.core.languages import in_respondent_language
from koers.core.qr import qr_svg
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.voice import ratelimit, services
from koers.voice.forms.links import LinkNewForm, PublicItemForm
from koers.voice.models import VoiceLink
from koers.voice.ratelimit import Refusal
from koers.voice.services import links as link_services

SESSION_NEW_LINK = "voice_link_{}"  # the new link's token, for its print page, once


def _link(ctx: OrgContext, pk: int) -> VoiceLink:
    return get_or_404(link_services.link_get, ctx.organisation, pk)


@org_view(Perm.MODERATE_VOICE)
def links(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    """The organisation's working public links; a POST makes a new one and shows it once."""
    form = LinkNewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            link, token = link_services.link_create(
                ctx, quota_per_hour=form.cleaned_data["quota_per_hour"]
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            request.session[SESSION_NEW_LINK.format(link.pk)] = token
            return redirect("voice:link_print", org_slug=ctx.organisation.slug, pk=link.pk)
    working = list(link_services.links_of(ctx.organisation))
    return TemplateResponse(
        request,
        "voice/links.html",
        {
            "form": form,
            "links": [(link, ratelimit.quota_left(link)) for link in working],
        },
    )


@org_view(Perm.MODERATE_VOICE)
def link_print(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """The poster of a new link: its URL and QR code, shown this once (only the hash is kept)."""
    link = _link(ctx, pk)
    token = request.session.pop(SESSION_NEW_LINK.format(link.pk), None)
    url = (
        request.build_absolute_uri(reverse("voice_public:link_form", args=[token]))
        if token and not link.revoked
        else None
    )
    return TemplateResponse(
        request,
        "voice/link_print.html",
        {"link": link, "url": url, "qr": qr_svg(url) if url else None},
    )


@org_view(Perm.MODERATE_VOICE)
@require_POST
def link_revoke(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    link_services.link_revoke(ctx, link=_link(ctx, pk))
    messages.success(request, _("The link no longer works."))
    return redirect("voice:links", org_slug=ctx.organisation.slug)


def _refusal_message(refusal: Refusal) -> str:
    if refusal == Refusal.TOO_FAST:
        return _("That went very quickly. Read your message once more and send it again.")
    if refusal in (Refusal.EXPIRED, Refusal.TAMPERED):
        return _("This form was open for too long. Send it again, please.")
    return _("Your message could not be sent. Send it again, please.")


@never_cache
@in_respondent_language
def link_form(request: HttpRequest, token: str) -> HttpResponse:
    """The public form: an anonymous concern or help request, answered with its case code."""
    try:
        link = link_services.link_for(token)
    except ValidationError:
        return TemplateResponse(request, "voice/link_unknown.html", status=404)
    organisation = link.organisation
    posted = request.method == "POST"
    form = PublicItemForm(request.POST if posted else None, organisation=organisation)
    status = 200
    if posted:
        refusal = ratelimit.form_refusal(link, request.POST)
        if refusal is not None:
            form.add_error(None, _refusal_message(refusal))
            status = 400
        elif form.is_valid():
            with transaction.atomic():
                if not ratelimit.quota_take(link):
                    return _busy(request, link)
                try:
                    raised = services.item_raise_anonymously(
                        organisation,
                        kind=form.cleaned_data["kind"],
                        text=form.cleaned_data["text"],
                        category=form.chosen_category(),
                        department_id=form.chosen_department(),
                    )
                except ValidationError as error:
                    transaction.set_rollback(True)
                    form_add_errors(form, error)
                else:
                    return TemplateResponse(
                        request,
                        "voice/link_thanks.html",
                        {"organisation": organisation, "case_code": raised.case_code},
                    )
    # Each showing gets a fresh stamp: a refused form may be sent again after a moment.
    stamp = ratelimit.stamp_issue(link)
    if posted:
        shown = request.POST.copy()
        shown[ratelimit.STAMP_FIELD] = stamp
        shown[ratelimit.HONEYPOT_FIELD] = ""
        form.data = shown
    else:
        form.initial[ratelimit.STAMP_FIELD] = stamp
    return TemplateResponse(
        request,
        "voice/link_form.html",
        {"form": form, "organisation": organisation},
        status=status,
    )


def _busy(request: HttpRequest, link: VoiceLink) -> HttpResponse:
    """Over the link's quota of this hour: nothing was stored; try again later."""
    response = TemplateResponse(
        request, "voice/link_busy.html", {"organisation": link.organisation}, status=429
    )
    response["Retry-After"] = str(ratelimit.seconds_to_next_hour())
    return response
