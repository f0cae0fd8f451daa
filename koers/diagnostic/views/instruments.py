"""The facilitator's scan home (instruments and waves, copying Koers's own instrument, starting a
new one), an instrument's page and its preview. The builder's edits are in ``instrument_builder``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from koers.core.http import get_or_404
from koers.core.languages import active_language
from koers.diagnostic.forms.answer import AnswerForm
from koers.diagnostic.forms.instruments import QUESTION_TYPES, CopyForm, NewInstrumentForm
from koers.diagnostic.instruments import edit as instrument_edit
from koers.diagnostic.instruments.schema import Calibration, Text, intro_filled, text_in
from koers.diagnostic.instruments.schema import Instrument as Scan
from koers.diagnostic.models import Instrument
from koers.diagnostic.selectors import waves
from koers.diagnostic.services import instrument_copy_shipped, scan_settings
from koers.diagnostic.services import instruments as instrument_services
from koers.diagnostic.views.settings import ScanSettingsForm
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view

MODULES = {
    "voice": gettext_lazy("Voice"),
    "academy": gettext_lazy("Academy"),
    "policy": gettext_lazy("Policy"),
    "backlog": gettext_lazy("Backlog"),
    "sprints": gettext_lazy("Sprints"),
    "quickwins": gettext_lazy("Quick wins"),
    "strategy": gettext_lazy("Strategy"),
}


def _other(language: str) -> str:
    return "en" if language == "nl" else "nl"


def _instrument(ctx: OrgContext, pk: int) -> Instrument:
    return get_or_404(instrument_services.instrument_get, ctx, pk=pk)


def _back(ctx: OrgContext, instrument: Instrument, anchor: str = "") -> HttpResponse:
    response = redirect("diagnostic:instrument", org_slug=ctx.organisation.slug, pk=instrument.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


# --- the scan home ----------------------------------------------------------------------------


@org_view(Perm.MANAGE_SCANS)
def scans(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    return TemplateResponse(
        request,
        "diagnostic/scans.html",
        {
            "instruments": instrument_services.instruments_list(ctx),
            "waves": instrument_services.waves_list(ctx),
            "new_form": NewInstrumentForm(),
            "k": scan_settings(ctx.organisation).min_respondents,
            "settings_form": ScanSettingsForm(
                initial={
                    "min_respondents": scan_settings(ctx.organisation).min_respondents,
                    "language": ctx.organisation.language,
                }
            ),
        },
    )


@org_view(Perm.MANAGE_SCANS)
@require_POST
def instrument_copy(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the readiness scan or the calibration quiz to copy."))
        return redirect("diagnostic:scans", org_slug=ctx.organisation.slug)
    instrument = instrument_copy_shipped(ctx, kind=form.cleaned_data["kind"])
    messages.success(
        request, _("“%(name)s” is copied; edit it or start a wave.") % {"name": instrument}
    )
    return _back(ctx, instrument)


@org_view(Perm.MANAGE_SCANS)
@require_POST
def instrument_new(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    form = NewInstrumentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new instrument a name."))
        return redirect("diagnostic:scans", org_slug=ctx.organisation.slug)
    instrument = instrument_services.instrument_new(ctx, name=form.cleaned_data["name"])
    messages.success(
        request,
        _("“%(name)s” is created with one open question to start from.") % {"name": instrument},
    )
    return _back(ctx, instrument)


# --- one instrument ---------------------------------------------------------------------------


@org_view(Perm.MANAGE_SCANS)
def instrument(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _instrument(ctx, pk)
    latest = instrument_services.version_latest(found)
    language = active_language()
    context: dict[str, Any] = {
        "instrument": found,
        "latest": latest,
        "versions": instrument_services.versions_list(found),
        "language": language,
        "other_language": _other(language),
        "show_other": request.GET.get("both") == "1",
        "question_types": QUESTION_TYPES.items(),
    }
    if found.kind == Instrument.Kind.CALIBRATION:
        context.update(
            _calibration_context(Calibration.model_validate(latest.definition), language)
        )
    else:
        context.update(_scan_context(Scan.model_validate(latest.definition), language))
    return TemplateResponse(request, "diagnostic/instrument.html", context)


def _pair(text: Text | None, language: str) -> dict[str, str]:
    return {"this": text_in(text, language), "other": text_in(text, _other(language))}


def _scan_context(scan: Scan, language: str) -> dict[str, Any]:
    names: dict[str, str] = {b.id: text_in(b.name, language) for b in scan.barriers}
    sections = []
    for section in scan.sections:
        questions = []
        for question in section.questions:
            details = []
            barrier = getattr(question, "barrier", None)
            if barrier:
                details.append(
                    _("measures: %(barrier)s") % {"barrier": names.get(barrier, barrier)}
                )
            if getattr(question, "motivation", False):
                details.append(_("measures motivation"))
            if getattr(question, "reverse", False):
                details.append(_("reverse-coded"))
            if getattr(question, "dont_know", False):
                details.append(_("with “don't know”"))
            if getattr(question, "evangelist_opt_in", False):
                details.append(_("evangelist opt-in"))
            destination = getattr(question, "destination", None)
            if destination:
                details.append(_("answers go to: %(module)s") % {"module": MODULES[destination]})
            choices = [_pair(o.label, language) for o in getattr(question, "options", ())]
            choices += [_pair(r.label, language) for r in getattr(question, "rows", ())]
            questions.append(
                {
                    "id": question.id,
                    "type": QUESTION_TYPES[question.type],
                    "text": _pair(question.text, language),
                    "help": _pair(question.help, language),
                    "required": question.required,
                    "details": details,
                    "choices": choices,
                    "scale": [_pair(s, language) for s in getattr(question, "scale", ())],
                }
            )
        sections.append(
            {
                "id": section.id,
                "title": _pair(section.title, language),
                "intro": _pair(section.intro, language),
                "questions": questions,
            }
        )
    coverage = [
        {"name": names.get(c.barrier, c.barrier), "items": c.items, "reliable": c.reliable}
        for c in instrument_edit.coverage(scan)
    ]
    return {
        "title": _pair(scan.title, language),
        "intro": _pair(scan.intro, language),
        "sections": sections,
        "barriers": [
            {
                "name": _pair(b.name, language),
                "actions": [(_pair(a.text, language), MODULES[a.module]) for a in b.actions],
            }
            for b in scan.barriers
        ],
        "coverage": coverage,
        "weak_coverage": [c for c in coverage if not c["reliable"]],
    }


def _calibration_context(quiz: Calibration, language: str) -> dict[str, Any]:
    return {
        "title": _pair(quiz.title, language),
        "intro": _pair(quiz.intro, language),
        "statements": [
            {
                "text": _pair(s.text, language),
                "answer": s.answer,
                "source": _pair(s.source, language),
                "as_of": s.as_of,
            }
            for s in quiz.statements
        ],
    }


@org_view(Perm.MANAGE_SCANS)
def instrument_preview(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """The newest version as a respondent sees it, in ``?lang=`` (else the facilitator's
    language); nothing can be submitted."""
    found = _instrument(ctx, pk)
    if found.kind != Instrument.Kind.SCAN:
        return _back(ctx, found)
    latest = instrument_services.version_latest(found)
    scan = Scan.model_validate(latest.definition)
    language = request.GET.get("lang", "")
    if language not in instrument_edit.LANGUAGES:
        language = active_language()
    return TemplateResponse(
        request,
        "diagnostic/instrument_preview.html",
        {
            "instrument": found,
            "latest": latest,
            "form": AnswerForm(instrument=scan, language=language),
            "language": language,
            "other_language": _other(language),
            "scan_title": text_in(scan.title, language),
            "scan_intro": intro_filled(
                text_in(scan.intro, language),
                k=waves.min_respondents_of(ctx.organisation.pk),
                minutes=scan.minutes(),
            ),
        },
    )
