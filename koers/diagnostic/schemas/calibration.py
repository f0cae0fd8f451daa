"""API schemas of the leadership calibration quiz."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.urls import reverse
from ninja import Schema
from pydantic import Field

from koers.core.schema_types import Line
from koers.diagnostic.models import CalibrationRound
from koers.diagnostic.schemas.scans import IntervalOut
from koers.orgs.schemas import BodyIn, FromObject


# Read from a round of ``selectors.round_list_for``; the ``request`` of the validation context
# makes ``url`` absolute.
class RoundOut(FromObject):
    id: int
    name: str
    opened_on: dt.date
    closes_on: dt.date
    status: str = Field(description="open or closed.")
    answered: int = Field(description="Leaders who answered.")
    answered_by_me: bool
    url: str = Field(description="The quiz page.")

    @staticmethod
    def resolve_url(calibration_round: CalibrationRound, context: dict[str, Any]) -> str:
        kwargs = {"org_slug": calibration_round.organisation.slug, "pk": calibration_round.pk}
        return context["request"].build_absolute_uri(
            reverse("diagnostic:calibration_quiz", kwargs=kwargs)
        )


class StatementShareOut(Schema):
    id: str
    text: str = Field(description="In the caller's language.")
    answer: bool = Field(description="Whether the statement is true.")
    correct: float = Field(description="Share of the leaders who answered it right.")
    underestimated: float | None = Field(
        description="True statements: share of the leaders who answered false or unsure."
    )


class TeamOut(Schema):
    round_id: int
    answered: int
    leaders: int
    min_answers: int = Field(description="Below this many answers no figure is given.")
    shown: bool = Field(description="False below min_answers: every figure is then null.")
    calibration: float | None = Field(
        description="Share of answers right, averaged over leaders (0-1)."
    )
    calibration_interval: IntervalOut | None
    underestimation_index: float | None = Field(
        description="Share of the true statements (things GenAI can do) that leaders answered "
        "false or unsure, averaged over leaders (0-1)."
    )
    underestimation_interval: IntervalOut | None
    statements: list[StatementShareOut]
    url: str = Field(description="The team page.")


Answer = Literal["true", "false", "unsure"]
StatementId = Annotated[Line, Field(max_length=64)]
# More statements than any quiz has (the shipped one has 20).
MAX_STATEMENTS = 200


class AnswersIn(BodyIn):
    answers: Annotated[dict[StatementId, Answer], Field(max_length=MAX_STATEMENTS)] = Field(
        description="Every statement id of the round's quiz → true, false or unsure."
    )


class StatementResultOut(Schema):
    id: str
    text: str
    answer: bool
    given: str | None
    right: bool
    source: str
    as_of: dt.date


class MyResultOut(Schema):
    round_id: int
    answered: int
    right: int
    score: float | None = Field(description="Share of the answered statements right (0-1).")
    underestimation: float | None = Field(
        description="Share of the true statements answered false or unsure (0-1)."
    )
    overestimation: float | None = Field(
        description="Share of the false statements answered true (0-1)."
    )
    statements: list[StatementResultOut]
