from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.ratelimit import seconds_until
from koers.orgs import throttle


class UserLanguageMiddleware:
    """Use the language a logged-in person chose in their profile, over the browser's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user and user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", language)
        return response


# Session keys: when the session logged in, and when it was last used (POSIX seconds).
SESSION_STARTED = "koers_started"
SESSION_SEEN = "koers_seen"
# The last-seen moment is written at most this often, not on every request.
SEEN_RESOLUTION = 60


@receiver(user_logged_in, dispatch_uid="koers.orgs.middleware.session_start")
def _session_start(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """Both limits count from the login itself: logging in again in a browser whose session
    carries the times of an earlier login starts them anew."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED] = request.session[SESSION_SEEN] = clock.now().timestamp()


class SessionLimitMiddleware:
    """Log a session out after ``KOERS_SESSION_IDLE_MINUTES`` without a request and
    ``KOERS_SESSION_MAX_HOURS`` after it began, by the clock of ``koers.core.clock``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = clock.now().timestamp()
        started = session.get(SESSION_STARTED)
        seen = session.get(SESSION_SEEN)
        if not isinstance(started, int | float) or not isinstance(seen, int | float):
            # A session from before this limit existed: its clock starts now.
            session[SESSION_STARTED] = session[SESSION_SEEN] = now
            return
        idle = now - seen > settings.KOERS_SESSION_IDLE_MINUTES * 60
        too_old = now - started > settings.KOERS_SESSION_MAX_HOURS * 3600
        if idle or too_old:
            logout(request)
            messages.info(request, _("Your session has ended. Please log in again."))
        elif now - seen >= SEEN_RESOLUTION:
            session[SESSION_SEEN] = now


class LoginThrottleMiddleware:
    """Refuse a login (or password-reset request) the throttle has shut, with a 429 and a
    Retry-After, before the view and so before any password is hashed (``koers/orgs/throttle.py``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if request.method != "POST" or match is None:
            return None
        field = throttle.GUARDED_VIEWS.get(match.view_name)
        if field is None:
            return None
        account = str(request.POST.get(field, ""))
        until = throttle.login_refused_until(request, account=account)
        if until is None:
            if match.view_name in throttle.RESET_VIEWS:
                throttle.login_failure_count(request, account=account)
            return None
        return throttled_response(request, until)


def throttled_response(request: HttpRequest, until: dt.datetime) -> HttpResponse:
    seconds = seconds_until(until)
    response = TemplateResponse(
        request,
        "orgs/login_throttled.html",
        {"minutes": math.ceil(seconds / 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    response.render()
    return response
