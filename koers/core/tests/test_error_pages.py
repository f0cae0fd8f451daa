"""The error pages a user sees: translated and styled, also in development mode (make run), unless
a developer asks for Django's technical pages; and /favicon.ico is there."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import translation

from koers.core.middleware import ErrorPagesAsInProduction


def _view_raising(error: Exception):
    def view(request: HttpRequest) -> HttpResponse:
        raise error

    return view


def test_favicon_ico_is_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header


@pytest.mark.django_db
def test_a_missing_page_is_the_dutch_not_found_page_in_production_mode(client):
    response = client.get("/o/nowhere/nothing/", headers={"accept-language": "nl"})
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="nl">' in page and "Niet gevonden" in page and "koers.css" in page


def test_the_server_error_page_is_translated_and_styled():
    with translation.override("nl"):
        middleware = ErrorPagesAsInProduction(lambda request: HttpResponse())
        request = RequestFactory().get("/o/demo/")
        logging.disable(logging.ERROR)
        try:
            response = middleware.process_exception(request, RuntimeError("boom"))
        finally:
            logging.disable(logging.NOTSET)
    assert response is not None and response.status_code == 500
    page = response.content.decode()
    assert '<html lang="nl">' in page and "Er ging iets mis" in page and "koers.css" in page
    assert "Something went wrong" not in page


@pytest.mark.django_db
def test_in_development_mode_an_unknown_address_shows_the_users_not_found_page(rf):
    """Django's DEBUG answer to an unknown address is its list of URL patterns; a user (and a
    developer trying Koers with make run) sees the page production shows."""
    technical = HttpResponse("Using the URLconf defined in koers.urls", status=404)
    middleware = ErrorPagesAsInProduction(lambda request: technical)
    request = rf.get("/nothing-here/")
    request.user = _anonymous()
    with translation.override("nl"), override_settings(DEBUG=True):
        response = middleware(request)
    page = response.content.decode()
    assert response.status_code == 404 and "Niet gevonden" in page and "URLconf" not in page


@pytest.mark.django_db
def test_in_development_mode_a_view_raising_http404_shows_the_users_not_found_page(rf):
    middleware = ErrorPagesAsInProduction(_view_raising(Http404("no such use case")))
    request = rf.get("/o/demo/usecases/999/")
    request.user = _anonymous()
    with translation.override("nl"):
        response = middleware.process_exception(request, Http404("no such use case"))
    assert response is not None and response.status_code == 404
    assert "Niet gevonden" in response.content.decode()


def test_the_api_keeps_its_json_errors(rf):
    middleware = ErrorPagesAsInProduction(lambda request: HttpResponse(status=404))
    request = rf.get("/api/v1/nothing")
    assert middleware.process_exception(request, Http404()) is None
    assert middleware(request).content == b""


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _middleware_with(tmp_path: Path, **env: str) -> list[str]:
    """The middleware Koers's settings install with ``env``, read in a fresh interpreter."""
    settings = {
        name: value for name, value in os.environ.items() if name != "KOERS_TECHNICAL_ERRORS"
    }
    settings.update(KOERS_DATA_DIR=str(tmp_path), **env)
    code = "import koers.settings as s; print('\\n'.join(s.MIDDLEWARE))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=settings, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    ("env", "installed"),
    [
        ({"KOERS_DEBUG": "1"}, True),  # make run
        ({"KOERS_DEBUG": "1", "KOERS_TECHNICAL_ERRORS": "1"}, False),  # a developer asks
        ({"KOERS_DEBUG": "0", "KOERS_SECRET_KEY": "x" * 50}, False),  # production: Django's own
    ],
)
def test_users_error_pages_are_installed_in_development_unless_a_developer_asks(
    tmp_path, env, installed
):
    middleware = _middleware_with(tmp_path, **env)
    assert ("koers.core.middleware.ErrorPagesAsInProduction" in middleware) is installed
