"""Schemathesis calls every operation of the OpenAPI document with generated input, valid and
invalid (boundary values, integers beyond 2^63, NUL bytes, unknown keys, wrong types), as an admin
with an API token in an organisation that has one object of every kind, and checks each answer:
never a server error, and status, content type, headers and body as the document says.

It runs through the whole WSGI stack (every middleware, as in production) and, in CI, on SQLite
and again on PostgreSQL, which refuses a NUL byte where SQLite stores it. Most generated ids are
turned into ids of the organisation's objects and some texts get a NUL byte, so calls get as far as
storing. Bounded: the coverage phase's boundary values and a fixed number of generated calls per
operation, with a fixed seed, so every run makes the same calls.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, models, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from koers.api import api
from koers.orgs.models import Role
from koers.orgs.services import api_token_create
from koers.testing.factories import make_member, make_org
from koers.testing.world import objects_of

SLUG = "fuzzed"
# Generated calls per operation, beyond the boundary values of the coverage phase.
MAX_EXAMPLES = 5
SEED = 20250613

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True},
        "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}},
        "parameters": {"org": SLUG},
    }
)
schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema())), config=CONFIG
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# The kind of object an {id} addresses, from the path segment before it (Voice's themes and the
# vision's versions apart).
KIND_BY_SEGMENT = {
    "usecases": "usecase",
    "themes": "theme",
    "rounds": "calibration_round",
    "instruments": "instrument",
    "waves": "wave",
    "items": "voice_item",
    "actions": "voice_action",
    "tool-requests": "tool_request",
    "versions": "policy_version",
    "scenarios": "scenario",
    "sprints": "sprint",
    "sprint-items": "sprint_item",
    "dependencies": "dependency",
    "stories": "story",
    "evangelists": "evangelist",
    "modules": "academy_module",
    "sessions": "academy_session",
    "submissions": "academy_submission",
}


# The kind of object an id field of a body addresses.
KIND_BY_FIELD = {
    "department_ids": "department",
    "departments": "department",
    "department_id": "department",
    "version_id": "instrument_version",
    "usecases": "usecase",
    "usecase_id": "usecase",
    "item_ids": "voice_item",
    "action_ids": "voice_action",
    "owner_id": "membership",
    "membership_id": "membership",
    "owner_membership_id": "membership",
    "usecase_ids": "usecase",
    "needs_id": "usecase",
    "item_id": "sprint_item",
    "module_id": "academy_module",
    "trainer_membership_id": "membership",
}


@dataclass
class Seeded:
    token: str
    objects: dict[str, models.Model]

    def plausible(self, kind: str, value: Any) -> Any:
        """Three of four generated ids become the id of a real object, so calls get past the
        check that the object exists, to where their text is stored."""
        if isinstance(value, int) and not isinstance(value, bool) and value % 4:
            pk = self.objects[kind].pk
            assert isinstance(pk, int)
            return pk
        if isinstance(value, list):
            return [self.plausible(kind, item) for item in value]
        return value

    def id_for(self, path: str) -> int:
        segments = path.strip("/").split("/")
        kind = KIND_BY_SEGMENT[segments[segments.index("{id}") - 1]]
        if kind == "theme" and "voice" in segments:
            kind = "voice_theme"
        if kind == "policy_version" and "vision" in segments:
            kind = "vision_version"
        pk = self.objects[kind].pk
        assert isinstance(pk, int)
        return pk


def _with_nul(value: Any) -> Any:
    """Schemathesis generates no NUL byte, which PostgreSQL refuses to store: one in four texts
    gets one."""
    return value + "\x00" if isinstance(value, str) and len(value) % 4 == 1 else value


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[Seeded]:
    """The organisation, built once per module and process in an atomic block that is rolled
    back at the end (as tests/test_isolation.py's world); each test runs in a savepoint in it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            organisation = make_org("Fuzzed")
            organisation.slug = SLUG
            organisation.save(update_fields=["slug"])
            admin = make_member(organisation, Role.ADMIN)
            _token, secret = api_token_create(user=admin, name="fuzz")
            objects = objects_of(organisation, admin)
            seeded = Seeded(secret, objects)
            seeded.objects["instrument_version"] = objects["instrument"].versions.get()
        yield seeded
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded(_seeded_once: Seeded, db: None) -> Iterator[Seeded]:
    # The WSGI handler closes the database connection around each request; the test's
    # transaction must survive them (Django's test client does the same).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield _seeded_once
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


APP = WSGIHandler()
schema.app = APP


@schema.parametrize()
# The fixture's organisation is meant to be shared by the calls of one operation.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_operation_answers_as_documented(case: Any, seeded: Seeded) -> None:
    identifier = (case.path_parameters or {}).get("id")
    # Three of four plausible ids address a real object, so operations get past their 404.
    if isinstance(identifier, int) and identifier % 4:
        case.path_parameters["id"] = seeded.id_for(case.operation.path)
    if isinstance(case.body, dict):
        for field, kind in KIND_BY_FIELD.items():
            if field in case.body:
                case.body[field] = seeded.plausible(kind, case.body[field])
        case.body = {field: _with_nul(value) for field, value in case.body.items()}
    if case.query:
        case.query = {name: _with_nul(value) for name, value in case.query.items()}
    case.call_and_validate(headers={"Authorization": f"Bearer {seeded.token}"}, checks=CHECKS)
