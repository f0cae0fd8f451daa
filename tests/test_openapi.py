"""The OpenAPI document is valid and complete, and the docs page works without the network."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from openapi_spec_validator import validate

from koers.api import api

METHODS = {"get", "post", "put", "patch", "delete"}


def _schema() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema()))


def _operations() -> list[tuple[str, str, dict]]:
    return [
        (path, method, operation)
        for path, item in _schema()["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_it_serves_a_valid_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate(response.json())


@pytest.mark.parametrize(
    ("path", "method", "operation"),
    _operations(),
    ids=[f"{method.upper()} {path}" for path, method, _operation in _operations()],
)
def test_it_documents_every_operation(path, method, operation):
    assert operation.get("summary"), "every operation needs a summary"
    assert operation.get("tags"), "every operation needs a tag"
    assert operation.get("operationId")
    assert operation.get("security"), "every operation needs authentication"
    codes = set(operation["responses"])
    assert "401" in codes
    if "{org}" in path:
        assert {"403", "404", "422"} <= codes


def test_it_gives_every_operation_a_unique_id():
    ids = [operation["operationId"] for _path, _method, operation in _operations()]
    assert len(ids) == len(set(ids))


class _AssetCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)


def test_it_serves_the_docs_page_with_local_assets_only(db, settings):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    collector = _AssetCollector()
    collector.feed(response.content.decode())
    scripts = [u for u in collector.urls if u.endswith(".js")]
    assert scripts, "the docs page loads swagger-ui from somewhere"
    for url in collector.urls:
        assert url.startswith(settings.STATIC_URL), f"{url} is not one of our static files"
        name = url.removeprefix(settings.STATIC_URL)
        assert finders.find(name), f"{url} is not shipped with the installed packages"
