"""The respondent's side of a scan: ``/s/<token>/``, no account needed (the link is the proof).

The page speaks the respondent's language (Dutch or English): ``?lang=`` chooses and is kept in
the session only; otherwise the browser's preference decides. Nothing about the person is shown,
only the organisation's name.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from koers.core import clock
from koers.core.forms import form_add_errors
from koers.core.languages import in_respondent_language
from koers.diagnostic import services
from koers.diagnostic.forms.answer import AnswerForm
from koers.diagnostic.instruments.schema import Instrument, intro_filled, text_in
from koers.diagnostic.models import Wave
from koers.diagnostic.selectors import waves

# A shared link cannot tell people apart: a signed cookie per wave keeps one browser from
# answering twice, and a draft is kept in that browser's session.
SHARED_COOKIE = "scan_answered_{}"
SHARED_COOKIE_SALT = "koers.diagnostic.shared"
SHARED_COOKIE_MAX_AGE = 400 * 24 * 3600
SESSION_SHARED_DRAFT = "scan_shared_draft_{}"


def _min_respondents(wave: Wave) -> int:
    return waves.min_respondents_of(wave.organisation_id)


def _intro(instrument: Instrument, language: str, wave: Wave) -> str:
    """The instrument's intro with the organisation's threshold and the time the questions take."""
    return intro_filled(
        text_in(instrument.intro, language),
        k=_min_respondents(wave),
        minutes=instrument.minutes(),
    )


def _unavailable(request: HttpRequest, token: str) -> HttpResponse:
    """Why a link cannot be answered: unknown (404), used (200, thank you), or not open (410)."""
    invitation = waves.invitation_by_token(token)
    if invitation is None:
        return TemplateResponse(request, "diagnostic/answer_unknown.html", status=404)
    wave = invitation.wave
    context = {"organisation": wave.organisation, "token": token}
    if invitation.used:
        context["min_respondents"] = _min_respondents(wave)
        return TemplateResponse(request, "diagnostic/answer_thanks.html", context)
    context["closed"] = wave.status == Wave.Status.CLOSED or wave.closes_on < clock.today()
    return TemplateResponse(request, "diagnostic/answer_closed.html", context, status=410)


@never_cache
@in_respondent_language
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_for(token)
    except ValidationError:
        return _unavailable(request, token)
    wave = invitation.wave
    instrument = services.definition_of(wave.version)
    language = translation.get_language()
    saving = request.POST.get("action") == "save"
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        instrument=instrument,
        language=language,
        answers=invitation.draft,
        for_draft=saving,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if saving:
                services.draft_save(token, form.answers())
                messages.success(
                    request,
                    _("Your answers are saved. Open the same link to continue later."),
                )
            else:
                answers, help_colleagues = form.submission()
                services.response_submit(
                    token,
                    answers,
                    language=language,
                    help_colleagues=help_colleagues,
                    instrument=instrument,
                    invitation=invitation,
                )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            return redirect("scan:answer", token=token)
    return TemplateResponse(
        request,
        "diagnostic/answer.html",
        {
            "form": form,
            "organisation": wave.organisation,
            "instrument_title": getattr(instrument.title, language),
            "instrument_intro": _intro(instrument, language, wave),
            "wave": wave,
            "token": token,
        },
    )


def _without_opt_in(instrument: Instrument) -> Instrument:
    """The questions without the "I'd like to help colleagues" opt-in: a shared link knows no
    person to nominate."""
    opt_in = {q.id for q in instrument.opt_in_questions()}
    if not opt_in:
        return instrument
    sections = [
        section.model_copy(
            update={"questions": tuple(q for q in section.questions if q.id not in opt_in)}
        )
        for section in instrument.sections
    ]
    return instrument.model_copy(update={"sections": tuple(s for s in sections if s.questions)})


def _shared_unavailable(request: HttpRequest, token: str) -> HttpResponse:
    """Why a shared link cannot be answered: unknown or replaced (404) or not open (410)."""
    link = waves.shared_link_by_token(token)
    if link is None:
        return TemplateResponse(request, "diagnostic/answer_unknown.html", status=404)
    wave = link.wave
    context = {
        "organisation": wave.organisation,
        "token": token,
        "closed": wave.status == Wave.Status.CLOSED or wave.closes_on < clock.today(),
    }
    return TemplateResponse(request, "diagnostic/answer_closed.html", context, status=410)


def _answered_here(request: HttpRequest, wave: Wave) -> bool:
    cookie = request.get_signed_cookie(
        SHARED_COOKIE.format(wave.pk), default=None, salt=SHARED_COOKIE_SALT
    )
    return cookie == "1"


def _shared_refused(request: HttpRequest, wave: Wave, code: str | None) -> HttpResponse:
    """The link takes no more answers: at all (its cap) or from this address this hour."""
    busy = code == services.LINK_BUSY
    response = TemplateResponse(
        request,
        "diagnostic/shared_link_full.html",
        {"organisation": wave.organisation, "busy": busy},
        status=429 if busy else 410,
    )
    if busy:
        response["Retry-After"] = str(services.shared_link_busy_seconds())
    return response


@never_cache
@in_respondent_language
def shared_answer(request: HttpRequest, token: str) -> HttpResponse:
    """Answering through a department's shared link (``/s/d/<token>/``): the answers count for
    that department as staff. Saving for later keeps the draft in this browser's session."""
    try:
        link = services.shared_link_for(token)
    except ValidationError:
        return _shared_unavailable(request, token)
    wave = link.wave
    thanks = {
        "organisation": wave.organisation,
        "department": link.department,
        "min_respondents": _min_respondents(wave),
    }
    if _answered_here(request, wave):
        return TemplateResponse(request, "diagnostic/shared_link_thanks.html", thanks)
    if services.shared_link_full(link):
        return _shared_refused(request, wave, services.LINK_FULL)
    instrument = _without_opt_in(services.definition_of(wave.version))
    language = translation.get_language()
    draft_key = SESSION_SHARED_DRAFT.format(link.pk)
    saving = request.POST.get("action") == "save"
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        instrument=instrument,
        language=language,
        answers=request.session.get(draft_key, {}),
        for_draft=saving,
    )
    if request.method == "POST" and form.is_valid():
        if saving:
            request.session[draft_key] = form.answers()
            messages.success(
                request,
                _("Your answers are saved in this browser. Open the same link here to continue."),
            )
            return redirect("scan:shared_answer", token=token)
        try:
            services.shared_response_submit(
                token, form.answers(), language=language, instrument=instrument, request=request
            )
        except ValidationError as error:
            if error.code in (services.LINK_FULL, services.LINK_BUSY):
                return _shared_refused(request, wave, error.code)
            form_add_errors(form, error)
        else:
            request.session.pop(draft_key, None)
            response = TemplateResponse(request, "diagnostic/shared_link_thanks.html", thanks)
            response.set_signed_cookie(
                SHARED_COOKIE.format(wave.pk),
                "1",
                salt=SHARED_COOKIE_SALT,
                max_age=SHARED_COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    return TemplateResponse(
        request,
        "diagnostic/answer.html",
        {
            "form": form,
            "organisation": wave.organisation,
            "instrument_title": getattr(instrument.title, language),
            "instrument_intro": _intro(instrument, language, wave),
            "wave": wave,
            "token": token,
        },
    )
