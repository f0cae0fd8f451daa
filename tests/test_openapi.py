"""The OpenAPI document is valid and complete, and the docs page works without the network."""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import Enum
from functools import cache
from html.parser import HTMLParser
from typing import Any, get_args

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from openapi_spec_validator import validate
from pydantic import BaseModel

from koers.api import api

METHODS = {"get", "post", "put", "patch", "delete"}


@cache
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


def _models(annotation: Any) -> Iterator[type[BaseModel] | type[Enum]]:
    """The pydantic models and enums in a type, and in the models' fields, recursively: each is
    a schema of the document, named by its class name."""
    for arg in get_args(annotation):
        yield from _models(arg)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        yield annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models(field.annotation)


def test_no_two_schemas_share_a_name():
    """The document names a schema by its class name, so of two classes with one name, one would
    be documented with the other's fields."""
    found: dict[str, set[str]] = {}
    for bound_router in api._get_bound_routers():
        for path_view in bound_router.path_operations.values():
            for operation in path_view.operations:
                roots = [*operation.models, *operation.response_models.values()]
                for model in (m for root in roots for m in _models(root)):
                    if model.__module__.startswith("koers."):
                        found.setdefault(model.__name__, set()).add(model.__module__)
    assert {name: places for name, places in found.items() if len(places) > 1} == {}


def _inputs() -> Iterator[tuple[str, dict[str, Any]]]:
    """The schema of every query parameter and body of every operation, with where it is. Path
    parameters are left out: an organisation or object that is not there is a 404, and a path is
    never stored."""
    for path, method, operation in _operations():
        where = f"{method.upper()} {path}"
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "path":
                yield f"{where} ?{parameter['name']}", parameter["schema"]
        for media in operation.get("requestBody", {}).get("content", {}).values():
            yield f"{where} body", media["schema"]


def _is_decimal(choices: list[dict[str, Any]]) -> bool:
    # pydantic documents a Decimal as a number or a string; the string gets the number's bounds.
    kinds = {choice.get("type") for choice in choices}
    return {"number", "string"} <= kinds and not any(
        choice.get("type") == "string" and len(choice) > 1 for choice in choices
    )


def _unbounded(schema: dict[str, Any], where: str, seen: frozenset[str]) -> Iterator[str]:
    """The places in ``schema`` that take input without a bound."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            component = _schema()["components"]["schemas"][name]
            yield from _unbounded(component, f"{where} ({name})", seen | {name})
        return
    choices = schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", [])
    if _is_decimal(choices):
        choices = [choice for choice in choices if choice.get("type") != "string"]
    for choice in choices:
        yield from _unbounded(choice, where, seen)
    kind = schema.get("type")
    if "enum" in schema or "const" in schema or kind in (None, "boolean", "null"):
        return
    if kind == "string" and "maxLength" not in schema and "format" not in schema:
        yield f"{where}: a string without maxLength"
    if kind in ("integer", "number") and not (
        {"minimum", "exclusiveMinimum"} & schema.keys()
        and {"maximum", "exclusiveMaximum"} & schema.keys()
    ):
        yield f"{where}: a {kind} without minimum and maximum"
    if kind == "array":
        if "maxItems" not in schema:
            yield f"{where}: a list without maxItems"
        yield from _unbounded(schema.get("items", {}), f"{where}[]", seen)
    if kind == "object":
        extra = schema.get("additionalProperties", True)
        if extra is True:
            yield f"{where}: an object that takes unknown keys"
        if isinstance(extra, dict):
            if "maxProperties" not in schema:
                yield f"{where}: a mapping without maxProperties"
            yield from _unbounded(schema.get("propertyNames", {"type": "string"}), where, seen)
            yield from _unbounded(extra, f"{where}{{}}", seen)
        for name, field in schema.get("properties", {}).items():
            yield from _unbounded(field, f"{where}.{name}", seen)


def test_every_input_is_bounded():
    """Every string has a maximum length, every number a minimum and maximum, every list and
    mapping a maximum size, and no body takes keys it does not know: hostile input is refused
    with a 422 before a service or the database sees it (koers/core/schema_types.py)."""
    found = [
        place for where, schema in _inputs() for place in _unbounded(schema, where, frozenset())
    ]
    assert found == []


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
