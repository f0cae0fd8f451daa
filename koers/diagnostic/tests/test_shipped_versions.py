"""A new version of Koers's own scan and quiz (migration 0007): an organisation's unedited copy
gets it for its next rounds; the rounds that exist, open or closed, keep the version they were
made with, and their answers and results; a copy the organisation edited stays its own."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from importlib import resources
from typing import Any

import pytest
from django.apps import apps
from django.utils import translation

from koers.core import clock
from koers.core.models import Change
from koers.diagnostic import services
from koers.diagnostic.instruments import load_calibration, load_default_scan
from koers.diagnostic.models import CalibrationRound, Instrument, Response, Wave
from koers.diagnostic.selectors.results import wave_results
from koers.diagnostic.services import calibration as calibration_services
from koers.diagnostic.tests.test_report import answer
from koers.testing.factories import ctx_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

MIGRATION = importlib.import_module("koers.diagnostic.migrations.0007_shipped_instruments_v2")


def previous(name: str) -> dict[str, Any]:
    files = resources.files("koers.diagnostic.instruments.previous")
    return json.loads(files.joinpath(name).read_text(encoding="utf-8"))


SCAN_V1 = previous("default_scan_v1.json")
QUIZ_V1 = previous("calibration_v1.json")


def migrate() -> None:
    MIGRATION.bring_copies_up_to_date(apps, None)


@pytest.fixture
def ctx(org, lead):
    return ctx_for(lead, org)


def copy_of_version_1(ctx: Any, kind: str = "scan") -> Instrument:
    """An organisation's copy made before version 2 shipped, exactly as it was stored."""
    definition = SCAN_V1 if kind == "scan" else QUIZ_V1
    return services.instrument_create(
        ctx,
        name=definition["title"]["nl"],
        kind=kind,
        definition=definition,
        copied_from=definition["id"],
    )


def a_round(ctx: Any, instrument: Instrument, name: str, *, status: str) -> Wave:
    today = clock.today()
    wave = services.wave_create(
        ctx,
        version=instrument.versions.get(number=1),
        name=name,
        opens_on=today - dt.timedelta(days=20),
        closes_on=today + dt.timedelta(days=1),
    )
    Wave.objects.filter(pk=wave.pk).update(status=status)
    wave.refresh_from_db()
    return wave


def test_a_closed_round_keeps_its_version_its_answers_and_its_results(ctx, org):
    instrument = copy_of_version_1(ctx)
    closed = a_round(ctx, instrument, "Baseline", status=Wave.Status.CLOSED)
    for department in org.departments.all():
        answer(closed, department, "staff", 8)
    with translation.override("nl"):
        before = repr(wave_results(ctx, closed))
    assert "te rommelig of te verspreid" in before

    migrate()

    closed.refresh_from_db()
    assert closed.version.number == 1 and closed.version.definition == SCAN_V1
    assert Response.objects.filter(wave=closed).count() == 8 * org.departments.count()
    with translation.override("nl"):
        assert repr(wave_results(ctx, closed)) == before
    newest = instrument.versions.order_by("-number").first()
    assert newest.number == 2 and not newest.frozen
    assert newest.definition == load_default_scan().model_dump(mode="json")


def test_an_open_round_keeps_asking_its_version_and_a_new_round_asks_the_new_one(
    ctx, org, member, client
):
    instrument = copy_of_version_1(ctx)
    running = a_round(ctx, instrument, "Running", status=Wave.Status.OPEN)
    (token,) = [
        t
        for inv, t in services.invitations_issue(ctx, wave=running)
        if inv.membership.user == member
    ]
    link = f"/s/{token}/?lang=nl"

    migrate()

    page = client.get(link).content.decode()
    assert "te rommelig of te verspreid" in page  # the questions its respondents started on
    newest = instrument.versions.order_by("-number").first()
    pulse = services.wave_create(
        ctx,
        version=newest,
        name="Pulse",
        opens_on=clock.today(),
        closes_on=clock.today(),
    )
    assert pulse.version.definition["version"] == 2
    assert running.version.definition == SCAN_V1


def test_an_unused_copy_is_brought_up_to_date_in_place(ctx):
    instrument = copy_of_version_1(ctx)
    migrate()
    (version,) = instrument.versions.all()
    assert version.number == 1
    assert version.definition == load_default_scan().model_dump(mode="json")
    change = Change.objects.get(
        subject="diagnostic.instrument", subject_id=instrument.pk, action="revised"
    )
    assert change.actor is None and change.actor_label == "Koers"


def test_a_copy_the_organisation_edited_stays_its_own(ctx):
    instrument = copy_of_version_1(ctx)
    edited = json.loads(json.dumps(SCAN_V1))
    edited["title"]["nl"] = "Onze eigen scan"
    services.instrument_revise(ctx, instrument=instrument, definition=edited)
    migrate()
    (version,) = instrument.versions.all()
    assert version.definition == edited


def test_a_calibration_round_keeps_its_statements_and_the_next_gets_the_new_ones(ctx):
    instrument = copy_of_version_1(ctx, kind="calibration")
    earlier = calibration_services.round_start(
        ctx, name="Autumn", closes_on=clock.today() + dt.timedelta(days=7)
    )
    assert earlier.version.instrument_id == instrument.pk
    migrate()
    earlier.refresh_from_db()
    assert earlier.version.definition == QUIZ_V1
    CalibrationRound.objects.filter(pk=earlier.pk).update(status=CalibrationRound.Status.CLOSED)
    later = calibration_services.round_start(
        ctx, name="Spring", closes_on=clock.today() + dt.timedelta(days=7)
    )
    assert later.version.definition == load_calibration().model_dump(mode="json")
    assert later.version.number == 2


def test_the_migration_does_nothing_twice(ctx):
    instrument = copy_of_version_1(ctx)
    a_round(ctx, instrument, "Baseline", status=Wave.Status.CLOSED)
    migrate()
    migrate()
    assert instrument.versions.count() == 2
