"""The facilitator's pages of a scan wave: start it, open and close it, invite, remind, and make
shared department links with a printable QR code."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from koers.core import clock
from koers.core.forms import form_add_errors
from koers.core.http import get_or_404
from koers.core.qr import qr_svg
from koers.diagnostic import services
from koers.diagnostic.forms.waves import ReminderForm, SharedLinkForm, WaveForm
from koers.diagnostic.models import SharedLink, Wave
from koers.diagnostic.selectors import waves
from koers.diagnostic.selectors.results import wave_results
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view

SESSION_NEW_LINK = "scan_shared_link_{}"  # the new link's token, for its print page, once


def _wave(ctx: OrgContext, pk: int) -> Wave:
    return get_or_404(waves.wave_get, organisation=ctx.organisation, pk=pk)


def _back(ctx: OrgContext, wave: Wave) -> HttpResponse:
    return redirect("diagnostic:wave", org_slug=ctx.organisation.slug, pk=wave.pk)


def _error(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@org_view(Perm.MANAGE_SCANS)
def wave_new(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    form = WaveForm.for_new(
        request.POST if request.method == "POST" else None,
        organisation=ctx.organisation,
        version_pk=request.GET.get("version"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.wave_create(
                ctx,
                version=form.cleaned_data["version"],
                name=form.cleaned_data["name"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                departments=form.chosen_departments(),
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("The wave is made. Open it when you are ready."))
            return _back(ctx, wave)
    return TemplateResponse(request, "diagnostic/wave_new.html", {"form": form})


@dataclass(frozen=True)
class Figure:
    """Invited and answered people of the organisation or one department; ``answered`` is None
    where the anonymity rule hides it."""

    name: str
    invited: int
    answered: int | None

    @property
    def not_yet(self) -> int | None:
        return None if self.answered is None else max(self.invited - self.answered, 0)


def _figures(ctx: OrgContext, wave: Wave) -> tuple[Figure, list[Figure], int]:
    """(organisation, per department, k): the answered counts are the results' published
    participation, so this page shows nothing the results page would hide."""
    results = wave_results(ctx, wave, figures=False)
    total = Figure(_("Whole audience"), results.invited, results.respondents)
    rows = [
        Figure(results.department_name(p.department), p.invited, p.answered)
        for p in results.participation
    ]
    return total, rows, results.k


@org_view(Perm.MANAGE_SCANS)
def wave(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """The wave's state, figures and actions; a POST saves a draft's name, audience and dates."""
    found = _wave(ctx, pk)
    form = WaveForm.for_wave(request.POST if request.method == "POST" else None, wave=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.wave_update(
                ctx,
                wave=found,
                name=form.cleaned_data["name"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                departments=form.chosen_departments(),
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("The wave is saved."))
            return _back(ctx, found)
    total, rows, k = _figures(ctx, found)
    today = clock.today()
    departments = services.wave_departments(found)
    return TemplateResponse(
        request,
        "diagnostic/wave.html",
        {
            "wave": found,
            "form": form,
            "audience": list(found.departments.order_by("name")),
            "total": total,
            "rows": rows,
            "k": k,
            "answering": services.answering_open(found),
            "can_open": found.status != Wave.Status.OPEN and found.closes_on >= today,
            "not_sent": found.invitations.filter(sent_on__isnull=True, used=False).count(),
            "reminded_today": services.reminded_today(found),
            "reminder_form": ReminderForm(),
            "shared_links": list(found.shared_links.filter(revoked=False)),
            # By name: the order they came in could be matched with the answers' days.
            "volunteers": list(
                found.nominations.select_related(
                    "membership__user", "membership__department"
                ).order_by("membership__user__name", "membership__user__email")
            ),
            "shared_link_form": SharedLinkForm(departments=departments),
        },
    )


def _link_for(request: HttpRequest) -> services.LinkFor:
    return lambda token: request.build_absolute_uri(reverse("scan:answer", args=[token]))


@org_view(Perm.MANAGE_SCANS)
@require_POST
def wave_open(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _wave(ctx, pk)
    try:
        opened = services.wave_open(ctx, wave=found)
    except ValidationError as error:
        _error(request, error)
    else:
        if opened.opens_on > clock.today():
            messages.success(
                request,
                _("The wave is open. Its links can be answered from %(day)s.")
                % {"day": date_format(opened.opens_on)},
            )
        else:
            messages.success(request, _("The wave is open: its links can be answered now."))
    return _back(ctx, found)


@org_view(Perm.MANAGE_SCANS)
@require_POST
def wave_close(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _wave(ctx, pk)
    try:
        services.wave_close(ctx, wave=found)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The wave is closed: its links now say the scan has closed."))
    return _back(ctx, found)


@org_view(Perm.MANAGE_SCANS)
@require_POST
def wave_live_results(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _wave(ctx, pk)
    try:
        services.wave_live_results_start(ctx, wave=found)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Live results are on: the figures move in steps."))
    return redirect("diagnostic:results", org_slug=ctx.organisation.slug, pk=found.pk)


@org_view(Perm.MANAGE_SCANS)
@require_POST
def wave_invite(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _wave(ctx, pk)
    try:
        sent = services.invitations_send(ctx, wave=found, link_for=_link_for(request))
    except ValidationError as error:
        _error(request, error)
        return _back(ctx, found)
    if not sent.queued and not sent.not_sent:
        messages.info(request, _("Everyone in the audience has been sent an invitation already."))
    if sent.queued:
        messages.success(
            request,
            ngettext(
                "%(count)d invitation queued for sending.",
                "%(count)d invitations queued for sending.",
                sent.queued,
            )
            % {"count": sent.queued},
        )
    if sent.not_sent:
        messages.warning(
            request,
            _("Not sent (no e-mail address): %(names)s.")
            % {"names": ", ".join(sent.not_sent_names)},
        )
    return _back(ctx, found)


@org_view(Perm.MANAGE_SCANS)
@require_POST
def wave_remind(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _wave(ctx, pk)
    form = ReminderForm(request.POST)
    again = form.is_valid() and form.cleaned_data["again_today"]
    try:
        sent = services.reminders_send(
            ctx, wave=found, link_for=_link_for(request), again_today=again
        )
    except ValidationError as error:
        _error(request, error)
        return _back(ctx, found)
    if wave_results(ctx, found, figures=False).respondents is None:
        # How many were reminded tells how many answered, which is kept back below k.
        messages.success(request, _("Reminders queued for everyone who has not answered yet."))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d reminder queued for sending.",
                "%(count)d reminders queued for sending.",
                sent.queued,
            )
            % {"count": sent.queued},
        )
    if sent.not_sent:
        messages.warning(
            request,
            ngettext(
                "%(count)d reminder could not be sent: no e-mail address.",
                "%(count)d reminders could not be sent: no e-mail address.",
                sent.not_sent,
            )
            % {"count": sent.not_sent},
        )
    return _back(ctx, found)


@org_view(Perm.MANAGE_SCANS)
@require_POST
def shared_link_new(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _wave(ctx, pk)
    form = SharedLinkForm(request.POST, departments=services.wave_departments(found))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _back(ctx, found)
    try:
        link, token = services.shared_link_create(
            ctx,
            wave=found,
            department=form.cleaned_data["department"],
            cap=form.cleaned_data["cap"],
        )
    except ValidationError as error:
        _error(request, error)
        return _back(ctx, found)
    request.session[SESSION_NEW_LINK.format(link.pk)] = token
    return redirect(
        "diagnostic:shared_link_print", org_slug=ctx.organisation.slug, pk=found.pk, link=link.pk
    )


def _shared_link(ctx: OrgContext, pk: int, link: int) -> SharedLink:
    return get_or_404(waves.shared_link_get, wave=_wave(ctx, pk), pk=link)


@org_view(Perm.MANAGE_SCANS)
@require_POST
def shared_link_revoke(request: HttpRequest, ctx: OrgContext, pk: int, link: int) -> HttpResponse:
    found = _shared_link(ctx, pk, link)
    services.shared_link_revoke(ctx, link=found)
    messages.success(
        request,
        _("The shared link of %(department)s no longer works.")
        % {"department": found.department.name},
    )
    return _back(ctx, found.wave)


@org_view(Perm.MANAGE_SCANS)
def shared_link_print(request: HttpRequest, ctx: OrgContext, pk: int, link: int) -> HttpResponse:
    """The poster of a new shared link: its URL and QR code, shown this once (only the hash is
    kept); opened again later it says to make a new link."""
    found = _shared_link(ctx, pk, link)
    token = request.session.pop(SESSION_NEW_LINK.format(found.pk), None)
    url = (
        request.build_absolute_uri(reverse("scan:shared_answer", args=[token]))
        if token and not found.revoked
        else None
    )
    return TemplateResponse(
        request,
        "diagnostic/shared_link_print.html",
        {"link": found, "wave": found.wave, "url": url, "qr": qr_svg(url) if url else None},
    )
