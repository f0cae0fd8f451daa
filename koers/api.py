"""The JSON API under /api/v1/: one NinjaAPI, with a router per app.

Every error answers with a JSON body ``{"detail": "…"}``; invalid input (422) adds
``"errors": {field: [messages]}``. See docs/api.md.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from koers.backlog.api.scoring import router as scoring_router
from koers.backlog.api.themes import router as themes_router
from koers.backlog.api.usecases import router as backlog_router
from koers.diagnostic.api.scans import router as diagnostic_router
from koers.orgs.api import AUTH
from koers.orgs.api import router as orgs_router
from koers.triage.api import router as triage_router

api = NinjaAPI(
    title="Koers API",
    version="1",
    description=(
        "The Koers use-case register as JSON. Authenticate with a personal API token "
        "(`Authorization: Bearer koers_…`, created under Account → API tokens) or a logged-in "
        "session with a CSRF token. Every call has the same permissions as the web pages."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=AUTH,
)
api.add_router("", orgs_router)
# Before the backlog: its /usecases/{id} would otherwise catch /usecases/scores.
api.add_router("", scoring_router)
api.add_router("", backlog_router)
api.add_router("", themes_router)
api.add_router("", triage_router)
api.add_router("", "koers.diagnostic.api.calibration.router")
api.add_router("", diagnostic_router)
api.add_router("", "koers.voice.api.router")
api.add_router("", "koers.academy.api.router")
api.add_router("", "koers.strategy.api.checker.router")
api.add_router("", "koers.strategy.api.skills.router")
api.add_router("", "koers.strategy.api.vision.router")
api.add_router("", "koers.strategy.api.policy.router")
api.add_router("", "koers.strategy.api.scenarios.router")
api.add_router("", "koers.sprints.api.sprints.router")
api.add_router("", "koers.sprints.api.stories.router")

NON_FIELD = "__all__"


def _invalid(request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
    body = {"detail": _("The input is not valid; nothing was changed."), "errors": errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(DjangoValidationError)
def service_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        return _invalid(request, exc.message_dict)
    return _invalid(request, {NON_FIELD: exc.messages})


@api.exception_handler(NinjaValidationError)
def input_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        # loc is (source, param, field…) for a body and (source, field…) for query and path.
        loc = [str(part) for part in error.get("loc", ())]
        field = ".".join(loc[2:] if loc[:1] == ["body"] else loc[1:]) or NON_FIELD
        errors.setdefault(field, []).append(str(error.get("msg", "")))
    return _invalid(request, errors)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    body = {"detail": _("You do not have permission to do this.")}
    return api.create_response(request, body, status=403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = {"detail": _("Log in or send a valid API token: Authorization: Bearer koers_…")}
    response = api.create_response(request, body, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="koers"'
    return response


def _ninja_messages() -> dict[str, str]:
    """ninja's own error messages, in the requester's language."""
    return {
        "CSRF check Failed": _("CSRF check failed."),
        "Cannot parse request body": _("The request body is not valid JSON."),
    }


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = _ninja_messages().get(exc.message, exc.message)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)
