"""Tenant isolation: nobody reaches another organisation's data through any page or API call.

The cases are generated, not listed: every URL pattern of the root URLconf and every operation of
the OpenAPI document is requested by an active *admin* of organisation A

* with organisation B in the path (B's slug, and B's objects for any object parameter), and
* with A in the path but B's objects in every object parameter (``<int:pk>``, ``{id}``, …),

with GET and POST (the API: its documented method), and must answer 404 or 403 while nothing of
B changes. A URL parameter is recognised by the path segment before it (``usecases/<int:pk>``); a
new pattern whose parameter is not recognised fails here until it is added to
``OBJECT_BY_SEGMENT`` or ``OBJECT_BY_NAME``. A positive control requests every object-addressed
URL with A's own object and expects it to work, which proves the mapping names the right kind of
object (a 404 for B's object then means isolation, not a wrong id).

The two organisations and their objects (the world) are built once per test module and process,
in a transaction that is rolled back at the module's end; every test runs in its own savepoint
inside it (pytest-django's ``db``), so what one test changes or deletes is gone for the next.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from koers.api import api
from koers.orgs.models import ApiToken, Organisation, Role, User
from koers.orgs.services import api_token_create
from koers.testing.factories import make_member, make_org
from koers.testing.world import objects_of

# Whether a URL refuses another organisation's object is decided by the views and selectors (the
# ORM's filters), not by the database: the 870 generated cases run in the SQLite pass only.
pytestmark = [pytest.mark.django_db, pytest.mark.database_neutral]

# Included URLconfs that are not ours to test here: Django's admin (site superusers only), the
# language switch, and the API, which is covered operation by operation from its OpenAPI document.
SKIPPED_PREFIXES = ("admin/", "i18n/", "api/")

# Patterns that name neither an organisation nor an object of one: nothing of B to reach.
NOT_ORGANISATION_SCOPED = {
    "home",  # redirects to one of *my* organisations
    "healthz",
    "favicon",
    "login",
    "logout",
    "organisation_list",  # lists my organisations only (tested in koers/orgs/tests)
    "organisation_new",  # site superusers only
    "account",  # my own settings
    "token_list",  # my own API tokens
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    # Addressed by a secret one-time link, not an id: holding the link is the permission.
    "invitation_accept",
    "password_reset_confirm",
    "scan:answer",  # a respondent's one-time scan link
    "scan:shared_answer",  # a department's shared scan link
    "voice_public:link_form",  # an organisation's public Voice link
    "voice_public:case",  # the case page: the POSTed case code is the permission
}
# API operations that are about the caller only.
API_NOT_ORGANISATION_SCOPED = {"me_get", "organisation_list", "triage"}

ORG_PARAMS = {"org_slug", "org"}

# The kind of object a parameter addresses, from the path segment before it.
OBJECT_BY_SEGMENT = {
    "usecases": "usecase",
    "departments": "department",
    "people": "membership",
    "invitations": "invitation",
    "tokens": "token",
    "uploads": "upload",
    "imports": "upload",
    "import": "upload",
    "themes": "theme",
    "waves": "wave",
    "instruments": "instrument",
    "links": "shared_link",
    "calibration": "calibration_round",
    "rounds": "calibration_round",
    "items": "voice_item",
    "actions": "voice_action",
    "requests": "tool_request",
    "tool-requests": "tool_request",
    "versions": "policy_version",
    "scenarios": "scenario",
    "sprints": "sprint",
    "team": "team_member",
    "board": "sprint_item",
    "measure": "sprint_item",
    "sprint-items": "sprint_item",
    "dependencies": "dependency",
    "wins": "story",
    "stories": "story",
    "evangelists": "evangelist",
    "modules": "academy_module",
    "sessions": "academy_session",
    "materials": "academy_material",
    "submissions": "academy_submission",
}
# Where the segment would mislead: (URL name or operationId, parameter) → kind.
OBJECT_BY_NAME: dict[tuple[str, str], str] = {
    ("strategy:vision_version", "pk"): "vision_version",
    ("strategy:scenario_edit", "pk"): "scenario",
    ("strategy:scenario_delete", "pk"): "scenario",
    ("strategy_vision_version", "id"): "vision_version",
    ("strategy_policy_version_diff", "since"): "policy_version",
    ("voice:link_print", "pk"): "voice_link",
    ("voice:link_revoke", "pk"): "voice_link",
    # voice-themes: Voice's themes, not the backlog's
    **{
        (name, "pk"): "voice_theme"
        for name in (
            "voice:theme",
            "voice:theme_rename",
            "voice:theme_merge",
            "voice:theme_split",
            "voice:theme_support",
        )
    },
    **{
        (operation, "id"): "voice_theme"
        for operation in (
            "voice_theme_rename",
            "voice_theme_merge",
            "voice_theme_split",
            "voice_theme_answer",
            "voice_theme_support",
        )
    },
}

PAGE_METHODS = ("GET", "POST")
REFUSED = {403, 404}

# Known gaps, each a strict xfail: it fails the suite as soon as the gap is fixed, so the entry
# gets removed. Organisation B's data is still checked (and unchanged) before the status fails.
KNOWN_GAPS: dict[str, str] = {}


@dataclass(frozen=True)
class Endpoint:
    name: str
    template: str  # the path with parameters as {name}
    methods: tuple[str, ...]
    api: bool = False

    @property
    def params(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.template)

    def object_params(self) -> dict[str, str | None]:
        """Each non-organisation parameter and the kind of object it addresses (None: unknown)."""
        segments = self.template.strip("/").split("/")
        kinds: dict[str, str | None] = {}
        for param in self.params:
            if param in ORG_PARAMS:
                continue
            position = segments.index("{" + param + "}")
            segment = segments[position - 1] if position else ""
            kinds[param] = OBJECT_BY_NAME.get((self.name, param), OBJECT_BY_SEGMENT.get(segment))
        return kinds

    def url(self, org: Organisation, objects: dict[str, models.Model]) -> str:
        # A parameter named ref (a Voice item's) takes the object's reference, any other its id.
        values = {
            param: str(getattr(objects[kind], "ref" if param == "ref" else "pk"))
            for param, kind in self.object_params().items()
        }
        values.update({param: org.slug for param in ORG_PARAMS})
        return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], self.template)


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Endpoint]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        assert isinstance(pattern.pattern, RoutePattern), f"{route}: use path(), not re_path()"
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner)
        else:
            assert isinstance(pattern, URLPattern)
            template = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
            yield Endpoint(namespace + (pattern.name or route), template, PAGE_METHODS)


def page_endpoints() -> list[Endpoint]:
    return list(_walk(get_resolver().url_patterns))


def api_endpoints() -> list[Endpoint]:
    document = json.loads(json.dumps(api.get_openapi_schema()))
    return [
        Endpoint(operation["operationId"], path, (method.upper(),), api=True)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


@dataclass(frozen=True)
class Case:
    endpoint: Endpoint
    method: str
    own_org: bool  # False: B's slug in the path; True: A's slug with B's objects

    def __str__(self) -> str:
        if not self.own_org:
            where = "B's org"
        elif ORG_PARAMS & set(self.endpoint.params):
            where = "A's org, B's objects"
        else:
            where = "B's objects"
        return f"{self.method} {self.endpoint.template} [{where}]"


def cases(endpoints: list[Endpoint], not_scoped: set[str]) -> list[Case]:
    generated = []
    for endpoint in endpoints:
        if endpoint.name in not_scoped:
            continue
        for method in endpoint.methods:
            if ORG_PARAMS & set(endpoint.params):
                generated.append(Case(endpoint, method, own_org=False))
            if endpoint.object_params():
                generated.append(Case(endpoint, method, own_org=True))
    return generated


def object_addressed(endpoints: list[Endpoint], not_scoped: set[str]) -> list[Endpoint]:
    return [e for e in endpoints if e.name not in not_scoped and e.object_params()]


@dataclass
class World:
    requester: User
    a: Organisation
    b: Organisation
    a_objects: dict[str, models.Model]
    b_objects: dict[str, models.Model]
    # B's rows as built; every test starts from them (see _world_once).
    b_rows: dict[str, list[dict[str, Any]]] = dataclasses.field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        """Plausible input for any form or API operation, pointing at B wherever it can."""
        department = self.b_objects["department"].pk
        return {
            "title": "Isolation probe",
            "into": self.b_objects["usecase"].pk,
            "usecases": [self.b_objects["usecase"].pk],
            "problem": "Probe.",
            "solution": "Probe.",
            "name": "Isolation probe",
            "email": "probe@example.org",
            "role": Role.ADMIN,
            "department": department,
            "departments": [department],
            "department_ids": [department],
            "stage": "assessed",
            "reason": "Probe.",
            "body": "Probe.",
            "vote": "1",
            "active": "0",
            "version_id": self.b_objects["instrument"].versions.first().pk,
            "opens_on": "2025-01-01",
            "closes_on": "2025-01-14",
            "text": "Probe.",
            "public_text": "Probe.",
            "category": "other",
            "status": "done",
            "action_ids": [self.b_objects["voice_action"].pk],
            "item_refs": [self.b_objects["voice_item"].ref],
            "tool": "Probe tool",
            "answer": "Probe.",
        }


def _build_world() -> World:
    a = make_org("Org A")
    b = make_org("Org B", departments=("Legal", "Sales"))
    requester = make_member(a, Role.ADMIN)
    b_admin = make_member(b, Role.ADMIN)
    a_objects = objects_of(a, requester)
    # The requester's own token: the positive control for URLs that address a token.
    a_objects["token"] = (
        ApiToken.objects.filter(user=requester).first()
        or api_token_create(user=requester, name="own")[0]
    )
    world = World(requester, a, b, a_objects, objects_of(b, b_admin))
    world.b_rows = fingerprint(b)
    return world


@pytest.fixture(scope="module")
def _world_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world, built once for the module (per xdist worker), in an atomic block that is rolled
    back when the module is done, so no other module ever sees it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            built = _build_world()
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_world_once: World, db: None) -> World:
    """The module's world; ``db`` wraps the test in a savepoint inside ``_world_once``'s atomic
    block and rolls back to it afterwards, so each test starts from the same, untouched world."""
    return _world_once


def fingerprint(org: Organisation) -> dict[str, list[dict[str, Any]]]:
    """Every row that belongs to ``org``, directly or through one foreign key, and the API tokens
    of its people: found from the models, so new apps' tables are included automatically."""
    rows: dict[str, list[dict[str, Any]]] = {}
    with connection.cursor() as cursor:
        for label, sql, params in _fingerprint_queries(org.pk):
            cursor.execute(sql, params)
            columns = [column[0] for column in cursor.description]
            rows[label] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return rows


@functools.cache
def _fingerprint_queries(org_pk: int) -> list[tuple[str, str, tuple[Any, ...]]]:
    """The fingerprint's queries as SQL, compiled once: the ORM's compiling was half of the time
    of every isolation test."""
    querysets: dict[str, models.QuerySet[Any]] = {}
    for model in apps.get_models(include_auto_created=True):
        lookup = _organisation_lookup(model)
        if lookup is not None:
            querysets[model._meta.label] = model._default_manager.filter(
                **{lookup: org_pk}
            ).order_by("pk")
    querysets["tokens"] = ApiToken.objects.filter(user__memberships__organisation=org_pk).order_by(
        "pk"
    )
    return [(label, *qs.values().query.sql_with_params()) for label, qs in querysets.items()]


def _organisation_lookup(model: type[models.Model]) -> str | None:
    if model is Organisation:
        return "pk"
    for field in model._meta.fields:
        if (field.many_to_one or field.one_to_one) and field.related_model is Organisation:
            return field.name
    for field in model._meta.fields:
        if (field.many_to_one or field.one_to_one) and field.related_model is not None:
            inner = _direct_organisation_field(field.related_model)
            if inner:
                return f"{field.name}__{inner}"
    return None


def _direct_organisation_field(model: Any) -> str | None:
    for field in model._meta.fields:
        if (field.many_to_one or field.one_to_one) and field.related_model is Organisation:
            return field.name
    return None


def _request(client: Client, method: str, url: str, data: Any, api: bool) -> Any:
    if api:
        return client.generic(method, url, json.dumps(data), content_type="application/json")
    if method == "POST":
        return client.post(url, data)
    return client.get(url)


def _client(world: World, api: bool) -> Client:
    if api:
        _token, secret = api_token_create(user=world.requester, name="isolation")
        return Client(headers={"Authorization": f"Bearer {secret}"})
    client = Client(enforce_csrf_checks=False)
    client.force_login(world.requester)
    return client


def _assert_isolated(case: Case, world: World, payload: Any = None) -> None:
    endpoint = case.endpoint
    unknown = [param for param, kind in endpoint.object_params().items() if kind is None]
    assert not unknown, (
        f"{endpoint.name} ({endpoint.template}) has parameters {unknown} that the isolation "
        "test cannot fill: add their kind to OBJECT_BY_SEGMENT or OBJECT_BY_NAME."
    )
    client = _client(world, endpoint.api)
    url = endpoint.url(world.a if case.own_org else world.b, world.b_objects)
    if not endpoint.api:
        assert "{" not in url and resolve(url).route, url

    sent = world.payload() if payload is None else payload
    response = _request(client, case.method, url, sent, endpoint.api)

    assert fingerprint(world.b) == world.b_rows, f"{case} changed organisation B's data"
    if response.status_code == 405:
        # Only acceptable when the view refuses the method before looking at any object.
        own = endpoint.url(world.a, world.a_objects)
        assert _request(client, case.method, own, {}, endpoint.api).status_code == 405
    else:
        assert response.status_code in REFUSED, f"{case} answered {response.status_code}"


def _assert_reaches_own_object(endpoint: Endpoint, world: World) -> None:
    client = _client(world, endpoint.api)
    url = endpoint.url(world.a, world.a_objects)
    method = endpoint.methods[0]
    response = _request(client, method, url, {}, endpoint.api)
    if response.status_code == 405:
        method = "POST"
        response = _request(client, method, url, {}, endpoint.api)
    assert response.status_code not in REFUSED | {405}, (
        f"{method} {url} answered {response.status_code} for organisation A's own object: "
        "the isolation test fills this parameter with the wrong kind of object (see "
        "OBJECT_BY_NAME), or the URL is broken."
    )
    assert response.status_code < 500


PAGES = page_endpoints()
APIS = api_endpoints()
# The operations that take a request body, by operationId.
WITH_BODY = {
    operation["operationId"]
    for item in json.loads(json.dumps(api.get_openapi_schema()))["paths"].values()
    for operation in item.values()
    if "requestBody" in operation
}
# A body that no operation accepts (every body is one JSON object).
INVALID_BODY = ["not", "an", "object"]


def test_it_exercises_every_url_pattern_outside_a_small_allow_list():
    exercised = {case.endpoint.name for case in cases(PAGES, NOT_ORGANISATION_SCOPED)}
    names = {endpoint.name for endpoint in PAGES}
    assert names - exercised == NOT_ORGANISATION_SCOPED, "the allow-list is stale"
    for endpoint in PAGES:
        if endpoint.name in NOT_ORGANISATION_SCOPED:
            assert not ORG_PARAMS & set(endpoint.params), f"{endpoint.name} names an organisation"


def test_it_exercises_every_api_operation_outside_a_small_allow_list():
    exercised = {case.endpoint.name for case in cases(APIS, API_NOT_ORGANISATION_SCOPED)}
    names = {endpoint.name for endpoint in APIS}
    assert names - exercised == API_NOT_ORGANISATION_SCOPED, "the allow-list is stale"
    assert len(APIS) >= 13


def test_the_fingerprint_sees_every_kind_of_object_of_organisation_b(world):
    rows = fingerprint(world.b)
    for obj in world.b_objects.values():
        label = "tokens" if isinstance(obj, ApiToken) else obj._meta.label
        assert any(row["id"] == obj.pk for row in rows[label]), label
    assert rows["backlog.Vote"] and rows["backlog.Comment"] and rows["core.Change"]


def test_the_fingerprint_notices_one_changed_field(world):
    usecase = world.b_objects["usecase"]
    type(usecase).objects.filter(pk=usecase.pk).update(title="Changed by someone else")
    assert fingerprint(world.b) != world.b_rows


@pytest.mark.parametrize("turn", [1, 2])
def test_what_a_test_deletes_is_back_for_the_next_test(world, turn):
    """The world is shared by the module's tests: each turn finds what the other deleted."""
    assert fingerprint(world.b) == world.b_rows
    usecase = world.b_objects["usecase"]
    type(usecase).objects.filter(organisation=world.b).delete()
    world.b.departments.all().delete()
    assert not type(usecase).objects.filter(pk=usecase.pk).exists()


def _with_known_gaps(generated: list[Case]) -> list[Any]:
    return [
        pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[str(case)]))
        if str(case) in KNOWN_GAPS
        else case
        for case in generated
    ]


@pytest.mark.parametrize("case", _with_known_gaps(cases(PAGES, NOT_ORGANISATION_SCOPED)), ids=str)
def test_a_page_refuses_another_organisations_data(case, world):
    _assert_isolated(case, world)


@pytest.mark.parametrize("case", cases(APIS, API_NOT_ORGANISATION_SCOPED), ids=str)
def test_an_api_operation_refuses_another_organisations_data(case, world):
    _assert_isolated(case, world)


@pytest.mark.parametrize(
    "case",
    [c for c in cases(APIS, API_NOT_ORGANISATION_SCOPED) if c.endpoint.name in WITH_BODY],
    ids=str,
)
def test_an_api_operation_refuses_before_it_reads_the_body(case, world):
    """The organisation, the permission and the objects of the path are checked before the body:
    an invalid body gets the same 404 (or 403), not a 422 that tells the outsider anything."""
    _assert_isolated(case, world, payload=INVALID_BODY)


def test_every_api_operation_with_a_body_is_checked_before_its_body():
    assert len(WITH_BODY) >= 20
    checked = {case.endpoint.name for case in cases(APIS, API_NOT_ORGANISATION_SCOPED)}
    assert WITH_BODY - checked == {"triage"}  # POST /triage reads no organisation's data


@pytest.mark.parametrize(
    "endpoint",
    object_addressed(PAGES, NOT_ORGANISATION_SCOPED) + object_addressed(APIS, set()),
    ids=lambda e: f"{e.methods[0] if e.api else 'GET/POST'} {e.template}",
)
def test_it_fills_each_parameter_with_the_right_kind_of_object(endpoint, world):
    _assert_reaches_own_object(endpoint, world)


@pytest.mark.parametrize(
    "endpoint",
    [e for e in APIS if e.name in WITH_BODY and e.name not in API_NOT_ORGANISATION_SCOPED],
    ids=lambda e: f"{e.methods[0]} {e.template}",
)
def test_an_api_operation_refuses_a_body_that_is_not_one_json_object(endpoint, world):
    """The other side of the control above: with A's own organisation and objects, the body is
    read, and one that is not a JSON object gets 422 and changes nothing."""
    client = _client(world, api=True)
    before = fingerprint(world.a)
    url = endpoint.url(world.a, world.a_objects)
    response = _request(client, endpoint.methods[0], url, INVALID_BODY, api=True)
    assert response.status_code == 422, f"{endpoint.name} answered {response.status_code}"
    assert list(response.json()["errors"]) == ["__all__"]  # about the body as a whole
    after = fingerprint(world.a)
    del before["tokens"], after["tokens"]  # the token's last use is recorded
    assert after == before
