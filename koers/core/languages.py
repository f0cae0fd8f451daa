"""Which language to speak: Koers speaks Dutch and English, and every page, e-mail and report picks
one by the same rules, here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation

LANGUAGES = ("nl", "en")
SESSION_LANGUAGE = "scan_language"  # the respondent's choice on the public pages

View = Callable[[HttpRequest, str], HttpResponse]


def nl_or_en(language: str | None) -> str:
    """Dutch for any flavour of Dutch, else English."""
    return "nl" if (language or "").startswith("nl") else "en"


def active_language() -> str:
    """The language of the page being made, Dutch or English."""
    return nl_or_en(translation.get_language())


def language_for(*preferences: str | None) -> str:
    """The first language set among a person's, their organisation's, ... else the site's."""
    return nl_or_en(next((p for p in preferences if p), settings.LANGUAGE_CODE))


def available_language(requested: str | None, fallback: str | None) -> str:
    """The language asked for if Koers has it, else the fallback (if it has it), else the site's."""
    available = {code for code, _name in settings.LANGUAGES}
    if requested in available:
        return str(requested)
    return fallback if fallback in available else settings.LANGUAGE_CODE


def respondent_language(request: HttpRequest) -> str:
    """``?lang=`` (remembered in the session), else the session's, else the browser's choice."""
    chosen = request.GET.get("lang", "")
    if chosen in LANGUAGES:
        request.session[SESSION_LANGUAGE] = chosen
        return chosen
    remembered = request.session.get(SESSION_LANGUAGE, "")
    if remembered in LANGUAGES:
        return str(remembered)
    return nl_or_en(translation.get_language_from_request(request))


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
