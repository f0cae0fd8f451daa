"""Running the leadership calibration quiz: starting and closing rounds, a leader's answers.

Every function takes the acting ``OrgContext``, checks who may act, runs in one transaction and
writes the audit history. What a leader answered is never written to the history: only that they
answered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.services import change_by, change_record
from koers.diagnostic.models import (
    CalibrationAnswer,
    CalibrationRound,
    Instrument,
    InstrumentVersion,
)
from koers.diagnostic.selectors.calibration import ANSWERS, is_leader, quiz_of
from koers.diagnostic.services import instrument_copy_shipped
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

DEFAULT_DAYS_OPEN = 14


def calibration_version(ctx: OrgContext) -> InstrumentVersion:
    """The newest version of the organisation's newest calibration instrument; Koers's own quiz
    is copied in first when the organisation has none."""
    ctx.require(Perm.MANAGE_SCANS)
    instrument = (
        Instrument.objects.filter(organisation=ctx.organisation, kind=Instrument.Kind.CALIBRATION)
        .order_by("-created_at", "-id")
        .first()
    )
    if instrument is None:
        instrument = instrument_copy_shipped(ctx, kind=Instrument.Kind.CALIBRATION)
    return instrument.versions.order_by("-number").first()  # type: ignore[return-value]


@transaction.atomic
def round_start(
    ctx: OrgContext, *, name: str, closes_on: dt.date, opened_on: dt.date | None = None
) -> CalibrationRound:
    """Open a round of the organisation's calibration quiz; the version it runs is frozen, so
    its statements never change under the leaders answering them."""
    ctx.require(Perm.MANAGE_SCANS)
    opened_on = opened_on or clock.today()
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Give the round a name.")]})
    if closes_on < opened_on:
        raise ValidationError({"closes_on": [_("A round closes on or after the day it opens.")]})
    version = calibration_version(ctx)
    quiz_of(version)  # refuses a version that is not a calibration quiz
    version.frozen = True
    version.save(update_fields=["frozen"])
    started = CalibrationRound.objects.create(
        organisation=ctx.organisation,
        version=version,
        name=name,
        opened_on=opened_on,
        closes_on=closes_on,
    )
    change_by(
        ctx,
        started,
        action="created",
        fields={
            "name": [None, name],
            "opened_on": [None, str(opened_on)],
            "closes_on": [None, str(closes_on)],
        },
    )
    return started


@transaction.atomic
def round_close(ctx: OrgContext, *, calibration_round: CalibrationRound) -> CalibrationRound:
    ctx.require(Perm.MANAGE_SCANS)
    locked = CalibrationRound.objects.select_for_update().get(
        pk=calibration_round.pk, organisation=ctx.organisation
    )
    if locked.status == CalibrationRound.Status.CLOSED:
        raise ValidationError(_("This round is closed already."))
    locked.status = CalibrationRound.Status.CLOSED
    locked.save(update_fields=["status"])
    change_by(
        ctx,
        locked,
        action="closed",
        fields={"status": [CalibrationRound.Status.OPEN, CalibrationRound.Status.CLOSED]},
    )
    return locked


def answers_check(
    calibration_round: CalibrationRound, answers: Mapping[str, Any]
) -> dict[str, str]:
    """The answers as stored, or a ValidationError naming every problem: an unknown statement,
    a value other than true, false or unsure, or a statement left unanswered."""
    statements = [s.id for s in quiz_of(calibration_round.version).statements]
    errors: dict[str, list[str]] = {}
    for statement, value in answers.items():
        if statement not in statements:
            errors.setdefault(str(statement), []).append(_("This quiz has no such statement."))
        elif value not in ANSWERS:
            errors.setdefault(statement, []).append(_("Answer true, false or unsure."))
    for statement in statements:
        if statement not in answers:
            errors.setdefault(statement, []).append(_("Answer this statement."))
    if errors:
        raise ValidationError(errors)
    return {statement: str(answers[statement]) for statement in statements}


@transaction.atomic
def answers_submit(
    ctx: OrgContext, *, calibration_round: CalibrationRound, answers: Mapping[str, Any]
) -> CalibrationAnswer:
    """Store the acting leader's answers while the round is open. They are final: the result
    shows the correct answers, so answering again would only measure having seen them."""
    if not is_leader(ctx):
        raise PermissionDenied
    locked = CalibrationRound.objects.select_for_update().get(
        pk=calibration_round.pk, organisation=ctx.organisation
    )
    today = clock.today()
    if locked.status != CalibrationRound.Status.OPEN or today > locked.closes_on:
        raise ValidationError(_("This round is closed: answers can no longer change."))
    if ctx.membership.pk is None:
        raise ValidationError(_("Only members of the organisation can answer the quiz."))
    if CalibrationAnswer.objects.filter(round=locked, membership=ctx.membership).exists():
        raise ValidationError(
            _(
                "You answered this round already. Your answers are final, since you have "
                "seen the correct ones."
            )
        )
    checked = answers_check(locked, answers)
    answer = CalibrationAnswer.objects.create(
        round=locked, membership=ctx.membership, answers=checked, submitted_on=today
    )
    # Who answered, when; never what.
    change_record(
        obj=answer, organisation_id=ctx.organisation.pk, actor=ctx.user, action="answered"
    )
    return answer
