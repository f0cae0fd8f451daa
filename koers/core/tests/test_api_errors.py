"""Every answer under /api/ is JSON, also the errors Django makes itself (koers/core/middleware.py);
the pages keep their HTML error pages."""

from __future__ import annotations

import json

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from koers.backlog.models.usecases import UseCase
from koers.core.middleware import MAX_API_BODY
from koers.testing.api import api_client
from koers.urls import urlpatterns as koers_urlpatterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def _fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def _takes_a_form(request: HttpRequest) -> HttpResponse:
    return HttpResponse("stored")


# Koers's addresses, and two under /api/ that no operation of the API has: one that fails and
# one that Django's CSRF check guards (the API's own operations do their own CSRF check).
urlpatterns = [
    path("api/v1/test-fails", _fails),
    path("api/v1/test-form", _takes_a_form),
    path("test-fails", _fails),
    *koers_urlpatterns,
]


def _is_json_detail(response, status: int, detail: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": detail}


def test_an_address_no_operation_has_is_a_json_404(member):
    _is_json_detail(api_client(member).get("/api/v1/no-such-thing"), 404, "Not found.")


def test_a_method_an_operation_does_not_take_is_a_json_405_that_says_which_it_takes(member):
    response = api_client(member).delete("/api/v1/me")
    _is_json_detail(response, 405, "This method is not allowed here.")
    assert response["Allow"] == "GET"


@pytest.mark.parametrize("size", [MAX_API_BODY + 1, 6 * 1024 * 1024])
def test_a_body_over_the_limit_is_a_json_413_and_nothing_is_stored(org, member, size):
    # 6 MB was over DATA_UPLOAD_MAX_MEMORY_SIZE, answered with an HTML 400.
    body = json.dumps({"title": "Big", "problem": "x" * size, "solution": "Less."})
    response = api_client(member).post(
        f"/api/v1/orgs/{org.slug}/usecases", body, content_type="application/json"
    )
    _is_json_detail(response, 413, "The request body is over 1024 KB; send less.")
    assert not UseCase.objects.exists()


def test_the_413_is_in_the_requesters_language(org, member):
    response = api_client(member).post(
        f"/api/v1/orgs/{org.slug}/usecases",
        "x" * (MAX_API_BODY + 1),
        content_type="application/json",
        headers={"Accept-Language": "nl"},
    )
    assert response.status_code == 413
    assert response.json()["detail"] != "The request body is over 1024 KB; send less."


def test_an_unexpected_error_is_a_json_500(member):
    response = api_client(member, raise_request_exception=False).get("/api/v1/test-fails")
    _is_json_detail(response, 500, "Something went wrong on our side; it has been logged.")


def test_a_csrf_failure_is_a_json_403(member, password):
    client = Client(enforce_csrf_checks=True)
    client.login(username=member.email, password=password)
    response = client.post("/api/v1/test-form", {"anything": "1"})
    _is_json_detail(response, 403, "CSRF check failed.")


def test_pages_keep_their_html_error_pages(member):
    client = Client(raise_request_exception=False)
    for url, status in (("/no-such-page/", 404), ("/test-fails", 500)):
        response = client.get(url)
        assert response.status_code == status
        assert response["Content-Type"].startswith("text/html")
