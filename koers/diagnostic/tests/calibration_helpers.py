"""Shared arrangements of the calibration tests: an organisation, its leaders and a round."""

from __future__ import annotations

from koers.core import clock
from koers.diagnostic.instruments.loader import load_calibration
from koers.diagnostic.models import CalibrationAnswer, CalibrationRound
from koers.diagnostic.services import calibration as services
from koers.orgs.models import Organisation, Role, User
from koers.testing.factories import ctx_for, make_member

QUIZ = load_calibration()
TRUE = [s.id for s in QUIZ.statements if s.answer]
FALSE = [s.id for s in QUIZ.statements if not s.answer]


def all_right() -> dict[str, str]:
    return {s.id: "true" if s.answer else "false" for s in QUIZ.statements}


def answers(**overrides: str) -> dict[str, str]:
    """Every statement answered right, except ``overrides``."""
    return {**all_right(), **overrides}


def start(organisation: Organisation, facilitator: User | None = None) -> CalibrationRound:
    facilitator = facilitator or make_member(organisation, Role.ADMIN)
    return services.round_start(
        ctx_for(facilitator, organisation), name="Spring", closes_on=clock.today()
    )


def answer(
    calibration_round: CalibrationRound, leader: User, given: dict[str, str] | None = None
) -> CalibrationAnswer:
    return services.answers_submit(
        ctx_for(leader, calibration_round.organisation),
        calibration_round=calibration_round,
        answers=all_right() if given is None else given,
    )


def leaders_answer(calibration_round: CalibrationRound, count: int) -> list[User]:
    made = [make_member(calibration_round.organisation, Role.LEAD) for _ in range(count)]
    for leader in made:
        answer(calibration_round, leader)
    return made
