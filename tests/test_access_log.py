"""The access log that `koers run` writes (gunicorn's) has no line for the anonymous ways in: the
readiness scan's answering pages and Voice's public and anonymous raising. A line would hold the
sender's address and the second it came in; see koers/cli/access_log.py."""

from __future__ import annotations

import json
import time

import pytest
from django.urls import reverse

from koers.api import api
from koers.cli.access_log import is_anonymous_route
from koers.testing.serving import koers_running

TOKEN = "tok3n-only-this-test-knows"


def _api_path(operation_id: str) -> str:
    schema = json.loads(json.dumps(api.get_openapi_schema()))
    for path, operations in schema["paths"].items():
        if any(op.get("operationId") == operation_id for op in operations.values()):
            return path.replace("{org}", "acme")
    raise LookupError(operation_id)


def anonymous_paths() -> list[str]:
    """Every way in that may be anonymous, by its URL name or API operation."""
    return [
        reverse("scan:answer", kwargs={"token": TOKEN}),
        reverse("scan:shared_answer", kwargs={"token": TOKEN}),
        reverse("voice_public:link_form", kwargs={"token": TOKEN}),
        reverse("voice_public:case"),
        reverse("voice:new", kwargs={"org_slug": "acme"}),
        reverse("voice:raised", kwargs={"org_slug": "acme"}),
        _api_path("voice_item_raise"),
    ]


def test_every_anonymous_way_in_is_kept_out_of_the_access_log():
    assert all(is_anonymous_route(path) for path in anonymous_paths())


@pytest.mark.parametrize(
    "path",
    [
        "/login/",
        "/healthz",
        "/o/acme/voice/moderate/",
        "/o/acme/voice/items/7K3M9QXA/",
        "/o/acme/voice/mine/",
        "/o/acme/scans/",
        "/api/v1/orgs/acme/voice/items/7K3M9QXA",
        "/api/v1/orgs/acme/voice/moderation/items",
        "/static/koers/koers.css",
        "/sso/",
        "/voice/new/",
    ],
)
def test_the_other_requests_are_logged(path):
    assert not is_anonymous_route(path)


def test_koers_run_writes_no_line_for_an_anonymous_request(tmp_path):
    log = tmp_path / "access.log"
    with koers_running(
        tmp_path, migrated=True, KOERS_ACCESS_LOG=str(log), KOERS_RUN_WORKER="0"
    ) as koers:
        assert koers.request("/login/")[0] == 200
        for path in anonymous_paths():
            koers.request(path)
            koers.request(path, data=b"text=mijn+zorg")
        koers.request(f"//s/{TOKEN}/")
        # The page after raising an item comes from the raise page.
        raised = f"http://127.0.0.1:{koers.port}/o/acme/voice/new/code/"
        koers.request("/login/?after=raising", headers={"Referer": raised})
        assert koers.request("/healthz?last")[0] == 200
        deadline = time.monotonic() + 30
        while "/healthz?last" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline, "gunicorn wrote no access log"
            time.sleep(0.2)
    written = log.read_text()
    lines = [line for line in written.splitlines() if '"GET /healthz HTTP' not in line]
    requests = [line.split('"')[1] for line in lines]  # without the start-up's waiting

    assert written.startswith("127.0.0.1 - - [")  # the other lines as gunicorn writes them
    assert requests[0] == "GET /login/ HTTP/1.1" and requests[-1] == "GET /healthz?last HTTP/1.1"
    # What is left of the anonymous requests: the login page they were sent to (logged out),
    # without the ?next= that says where to.
    assert set(requests[1:-2]) == {"GET /login/?- HTTP/1.1"}
    assert requests[-2] == "GET /login/?after=raising HTTP/1.1"
    assert '"-" "Python-urllib' in lines[-2]  # the referrer left out
    for trace in (TOKEN, "/s/", "/v/", "voice/new", "voice/items"):
        assert trace not in written
