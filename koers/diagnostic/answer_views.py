"""The respondent's side of a scan: ``/s/<token>/``, no account needed (the link is the proof).

The page speaks the respondent's language (Dutch or English): ``?lang=`` chooses and is kept in
the session only; otherwise the browser's preference decides. Nothing about the person is shown,
only the organisation's name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from koers.core.forms import form_add_errors
from koers.diagnostic import services
from koers.diagnostic.answer_forms import AnswerForm
from koers.diagnostic.models import Invitation, ScanSettings, Wave
from koers.diagnostic_data.schema import Instrument

LANGUAGES = ("nl", "en")
SESSION_LANGUAGE = "scan_language"

View = Callable[[HttpRequest, str], HttpResponse]


def respondent_language(request: HttpRequest) -> str:
    """``?lang=`` (remembered in the session), else the session's, else the browser's choice."""
    chosen = request.GET.get("lang", "")
    if chosen in LANGUAGES:
        request.session[SESSION_LANGUAGE] = chosen
        return chosen
    remembered = request.session.get(SESSION_LANGUAGE, "")
    if remembered in LANGUAGES:
        return str(remembered)
    preferred = translation.get_language_from_request(request)
    return "nl" if preferred.startswith("nl") else "en"


def in_respondent_language(view: View) -> View:
    """Run and render the view in the respondent's language, whatever the site's language is."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        language = respondent_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, token)
            if isinstance(response, TemplateResponse):
                response.render()
        response.headers["Content-Language"] = language
        return response

    return wrapper


def _min_respondents(wave: Wave) -> int:
    # Read without creating: a public page does not write settings rows.
    found = ScanSettings.objects.filter(organisation_id=wave.organisation_id).first()
    default = ScanSettings._meta.get_field("min_respondents").get_default()
    return found.min_respondents if found else int(default)


def _unavailable(request: HttpRequest, token: str) -> HttpResponse:
    """Why a link cannot be answered: unknown (404), used (200, thank you), or not open (410)."""
    invitation = (
        Invitation.objects.select_related("wave__organisation")
        .filter(token_hash=services.token_hash(token))
        .first()
    )
    if invitation is None:
        return TemplateResponse(request, "diagnostic/answer_unknown.html", status=404)
    wave = invitation.wave
    context = {"organisation": wave.organisation, "token": token}
    if invitation.used:
        context["min_respondents"] = _min_respondents(wave)
        return TemplateResponse(request, "diagnostic/answer_thanks.html", context)
    context["closed"] = wave.status == Wave.Status.CLOSED or wave.closes_on < timezone.localdate()
    return TemplateResponse(request, "diagnostic/answer_closed.html", context, status=410)


@never_cache
@in_respondent_language
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_for(token)
    except ValidationError:
        return _unavailable(request, token)
    wave = invitation.wave
    instrument = Instrument.model_validate(wave.version.definition)
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
            "instrument_intro": getattr(instrument.intro, language),
            "wave": wave,
            "token": token,
        },
    )
