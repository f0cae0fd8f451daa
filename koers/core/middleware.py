"""Every answer under /api/ is JSON, also the errors Django makes before or after the API does:
an address no operation has (404), a method an operation does not take (405), a body that is too
large (413), a CSRF failure (403) and an unexpected error (500, logged as usual). The API's own
errors (koers/api.py) already are, with the same ``{"detail": "…"}`` body."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found, server_error

API_PREFIX = "/api/"
# The largest body an API call may send. Far above any valid one (every text and list of a body
# is bounded, see koers.core.schema_types), far below DATA_UPLOAD_MAX_MEMORY_SIZE for the forms.
MAX_API_BODY = 1024 * 1024
logger = logging.getLogger("django.request")


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def api_error(status: int, detail: str) -> HttpResponse:
    return HttpResponse(
        json.dumps({"detail": detail}), status=status, content_type="application/json"
    )


def _detail(response: HttpResponseBase) -> str:
    messages = {
        400: _("The request is not valid."),
        403: _("You do not have permission to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        500: _("Something went wrong on our side; it has been logged."),
    }
    return messages.get(response.status_code, response.reason_phrase)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class ApiErrorsAsJson:
    """For requests under /api/: refuses a body over ``MAX_API_BODY`` before anything reads it,
    and turns an error answer that is not JSON into one, keeping its status and headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_api(request):
            return self.get_response(request)
        if _content_length(request) > MAX_API_BODY:
            # Before anything reads it: Django would answer a body over its own limit with 400.
            size = MAX_API_BODY // 1024
            detail = _("The request body is over %(size)d KB; send less.") % {"size": size}
            return api_error(413, detail)
        response = self.get_response(request)
        if response.status_code < 400 or response.streaming:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        assert isinstance(response, HttpResponse)
        response.content = json.dumps({"detail": _detail(response)}).encode()
        response["Content-Type"] = "application/json"
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response


class ErrorPagesAsInProduction:
    """Development mode (``KOERS_DEBUG=1``, as ``make run`` sets) shows the error pages a user
    sees in production, in their language: "not found" for an address nothing answers or a view
    that raised Http404, "something went wrong" for a crash, whose traceback still goes to the
    console. Django's technical pages instead with ``KOERS_TECHNICAL_ERRORS=1``; settings.py
    installs this only in development mode and without that. Not for /api/, whose errors are
    JSON (``ApiErrorsAsJson``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        # No view matched the address: in development mode Django wrote its list of URL patterns.
        if response.status_code == 404 and request.resolver_match is None and not is_api(request):
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_api(request):
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, (PermissionDenied, BadRequest, SuspiciousOperation)):
            return None  # Django answers these with their own pages in either mode
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return server_error(request)
