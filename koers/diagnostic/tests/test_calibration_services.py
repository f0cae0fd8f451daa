"""Starting and closing rounds, and a leader's answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.core import clock
from koers.core.models import Change
from koers.diagnostic.models import CalibrationAnswer, CalibrationRound, Instrument
from koers.diagnostic.services import calibration as services
from koers.diagnostic.services import instrument_copy_shipped
from koers.diagnostic.tests.calibration_helpers import (
    FALSE,
    TRUE,
    all_right,
    answer,
    answers,
    start,
)
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def org():
    return make_org("Acme")


def test_it_starts_the_first_round_from_a_copy_of_koers_own_quiz(org):
    started = start(org)
    instrument = Instrument.objects.get(organisation=org)
    assert instrument.kind == Instrument.Kind.CALIBRATION
    assert instrument.copied_from == "leadership_calibration"
    assert started.version.instrument == instrument
    assert started.version.frozen
    assert started.status == CalibrationRound.Status.OPEN


def test_it_runs_the_organisations_own_calibration_instrument_when_it_has_one(org):
    admin = make_member(org, Role.ADMIN)
    own = instrument_copy_shipped(ctx_for(admin, org), kind="calibration")
    instrument_copy_shipped(ctx_for(admin, org), kind="scan")  # a scan is never a quiz
    assert start(org, admin).version.instrument == own
    assert start(org, admin).version.instrument == own
    assert Instrument.objects.filter(organisation=org, kind="calibration").count() == 1


@pytest.mark.parametrize("role", [Role.EVANGELIST, Role.MEMBER, Role.LEGAL])
def test_only_facilitators_start_and_close_rounds(org, role):
    ctx = ctx_for(make_member(org, role), org)
    with pytest.raises(PermissionDenied):
        services.round_start(ctx, name="Spring", closes_on=clock.today())
    started = start(org)
    with pytest.raises(PermissionDenied):
        services.round_close(ctx, calibration_round=started)
    assert Instrument.objects.filter(organisation=org).count() == 1  # only start()'s copy


def test_a_round_closes_on_or_after_the_day_it_opens(org):
    ctx = ctx_for(make_member(org, Role.ADMIN), org)
    yesterday = clock.today() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.round_start(ctx, name="Spring", closes_on=yesterday)
    assert "closes_on" in error.value.message_dict
    assert not CalibrationRound.objects.exists()


def test_closing_a_round_twice_is_refused(org):
    admin = make_member(org, Role.ADMIN)
    started = start(org, admin)
    services.round_close(ctx_for(admin, org), calibration_round=started)
    with pytest.raises(ValidationError):
        services.round_close(ctx_for(admin, org), calibration_round=started)


def test_another_organisations_round_cannot_be_closed(org):
    other = start(make_org("Other"))
    with pytest.raises(CalibrationRound.DoesNotExist):
        services.round_close(ctx_for(make_member(org, Role.ADMIN), org), calibration_round=other)
    other.refresh_from_db()
    assert other.status == CalibrationRound.Status.OPEN


def test_a_leaders_answers_are_final_once_submitted(org):
    # The result shows the correct answers: answering again would measure having seen them.
    started = start(org)
    lead = make_member(org, Role.LEAD)
    answer(started, lead, answers(**{TRUE[0]: "unsure"}))
    with pytest.raises(ValidationError):
        answer(started, lead, all_right())
    stored = CalibrationAnswer.objects.get()
    assert stored.answers == answers(**{TRUE[0]: "unsure"})
    assert stored.submitted_on == clock.today()


def test_a_closed_round_takes_no_more_answers(org):
    admin = make_member(org, Role.ADMIN)
    started = start(org, admin)
    services.round_close(ctx_for(admin, org), calibration_round=started)
    with pytest.raises(ValidationError):
        answer(started, admin)
    assert not CalibrationAnswer.objects.exists()


def test_a_round_past_its_closing_day_takes_no_more_answers(org):
    started = start(org)
    CalibrationRound.objects.filter(pk=started.pk).update(
        opened_on=clock.today() - dt.timedelta(days=9),
        closes_on=clock.today() - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        answer(started, make_member(org, Role.LEAD))


@pytest.mark.parametrize("role", [Role.EVANGELIST, Role.MEMBER, Role.LEGAL])
def test_only_leaders_answer_the_quiz(org, role):
    started = start(org)
    with pytest.raises(PermissionDenied):
        answer(started, make_member(org, role))
    assert not CalibrationAnswer.objects.exists()


@pytest.mark.parametrize(
    ("given", "wrong"),
    [
        ({**all_right(), "can_fly_a_plane": "true"}, "can_fly_a_plane"),
        (answers(**{TRUE[0]: "maybe"}), TRUE[0]),
        (answers(**{FALSE[0]: True}), FALSE[0]),  # type: ignore[arg-type]
        ({k: v for k, v in all_right().items() if k != TRUE[1]}, TRUE[1]),
    ],
    ids=["unknown statement", "unknown value", "not a string", "left out"],
)
def test_answers_to_an_unknown_statement_or_value_are_rejected_with_nothing_saved(
    org, given, wrong
):
    started = start(org)
    lead = make_member(org, Role.LEAD)
    with pytest.raises(ValidationError) as error:
        answer(started, lead, given)
    assert list(error.value.message_dict) == [wrong]
    assert not CalibrationAnswer.objects.exists()
    assert not Change.objects.filter(subject="diagnostic.calibrationanswer").exists()


def test_the_history_says_who_answered_and_when_never_what(org):
    started = start(org)
    lead = make_member(org, Role.LEAD)
    answer(started, lead)
    changes = Change.objects.filter(subject="diagnostic.calibrationanswer").order_by("pk")
    assert [(c.action, c.actor, c.fields) for c in changes] == [("answered", lead, {})]
    started_change = Change.objects.get(subject="diagnostic.calibrationround", action="created")
    assert started_change.fields["name"] == [None, "Spring"]
