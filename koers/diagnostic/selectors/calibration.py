"""Reading the calibration quiz: rounds, a leader's own result and the team's aggregate.

A leader's result is shown to that leader only. The team's figures are aggregates over leaders
and exist only from ``MIN_ANSWERS`` answers up, so no one leader's answers can be read from them.
The scoring itself is ``koers.diagnostic.stats.measures.calibration``; overestimation (a false
statement taken for true) is its mirror image and is worked out here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet

from koers.core.languages import active_language
from koers.diagnostic.instruments.schema import Calibration, CalibrationStatement
from koers.diagnostic.models import (
    CalibrationAnswer,
    CalibrationRound,
    Instrument,
    InstrumentVersion,
)
from koers.diagnostic.services import LEADERSHIP_ROLES
from koers.diagnostic.stats import measures as stats
from koers.orgs.models import Membership, Organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

ANSWERS = ("true", "false", "unsure")
# No team figure rests on fewer leaders than this.
MIN_ANSWERS = 3
# The team page lists at most this many of the most often underestimated statements.
TOP_UNDERESTIMATED = 5


def is_leader(ctx: OrgContext) -> bool:
    return ctx.membership.is_active and ctx.role in LEADERSHIP_ROLES


def may_see_rounds(ctx: OrgContext) -> bool:
    return is_leader(ctx) or ctx.can(Perm.MANAGE_SCANS)


def quiz_of(version: InstrumentVersion) -> Calibration:
    if version.instrument.kind != Instrument.Kind.CALIBRATION:
        raise ValueError(f"{version} is not a calibration quiz")
    return Calibration.model_validate(version.definition)


def language() -> str:
    """The language to show statements in: the page's, Dutch or English."""
    return active_language()


def leaders(organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(
        organisation=organisation, is_active=True, role__in=LEADERSHIP_ROLES
    )


class RoundCounts(TypedDict):
    answered: int


def round_list(
    *, organisation: Organisation
) -> QuerySet[WithAnnotations[CalibrationRound, RoundCounts]]:
    """The rounds, each with how many leaders ``answered``."""
    return CalibrationRound.objects.filter(organisation=organisation).annotate(
        answered=Count("answers")
    )


class RoundOfLeader(TypedDict):
    answered: int
    answered_by_me: bool


def round_list_for(ctx: OrgContext) -> QuerySet[WithAnnotations[CalibrationRound, RoundOfLeader]]:
    """``round_list`` with whether the caller answered each (``answered_by_me``)."""
    mine = CalibrationAnswer.objects.filter(round=OuterRef("pk"), membership_id=ctx.membership.pk)
    return (
        round_list(organisation=ctx.organisation)
        .select_related("organisation")
        .annotate(answered_by_me=Exists(mine))
    )


def round_get(*, organisation: Organisation, pk: int) -> CalibrationRound:
    """Raises ``CalibrationRound.DoesNotExist`` for another organisation's round."""
    return CalibrationRound.objects.select_related("organisation", "version__instrument").get(
        organisation=organisation, pk=pk
    )


def answer_of(
    calibration_round: CalibrationRound, membership: Membership
) -> CalibrationAnswer | None:
    if membership.pk is None:
        return None
    return CalibrationAnswer.objects.filter(round=calibration_round, membership=membership).first()


def is_answerable(calibration_round: CalibrationRound, today: dt.date) -> bool:
    return (
        calibration_round.status == CalibrationRound.Status.OPEN
        and today <= calibration_round.closes_on
    )


def _truth(quiz: Calibration) -> dict[str, bool]:
    return {s.id: s.answer for s in quiz.statements}


# --- a leader's own result -------------------------------------------------------------------


@dataclass(frozen=True)
class StatementResult:
    statement: CalibrationStatement
    text: str
    source: str
    given: str | None
    right: bool

    @property
    def correct(self) -> str:
        return "true" if self.statement.answer else "false"


@dataclass(frozen=True)
class PersonalResult:
    answered: int
    right: int
    score: float | None  # share of the answered statements got right
    underestimation: float | None  # share of the true statements answered false or unsure
    overestimation: float | None  # share of the false statements answered true
    statements: list[StatementResult]


def personal_result(quiz: Calibration, answers: Mapping[str, Any]) -> PersonalResult:
    given = {s: a for s, a in answers.items() if a in ANSWERS}
    scored = stats.calibration(_truth(quiz), {"me": given})
    lang = language()
    rows = [
        StatementResult(
            statement=s,
            text=getattr(s.text, lang),
            source=getattr(s.source, lang),
            given=given.get(s.id),
            right=given.get(s.id) == ("true" if s.answer else "false"),
        )
        for s in quiz.statements
    ]
    on_false = [given[s.id] for s in quiz.statements if not s.answer and s.id in given]
    return PersonalResult(
        answered=len(given),
        right=sum(row.right for row in rows),
        score=scored.accuracy.get("me"),
        underestimation=scored.underestimation.get("me"),
        overestimation=sum(a == "true" for a in on_false) / len(on_false) if on_false else None,
        statements=rows,
    )


@transaction.atomic
def latest_result_of(membership: Membership) -> PersonalResult | None:
    """A leader's own result in the latest round they answered (the Academy shows it beside
    their progress on the leadership track); None before they answered one."""
    answer = (
        CalibrationAnswer.objects.filter(
            membership=membership, round__organisation_id=membership.organisation_id
        )
        .select_related("round__version__instrument")
        .order_by("-submitted_on", "-pk")
        .first()
    )
    if answer is None:
        return None
    return personal_result(quiz_of(answer.round.version), answer.answers)


def answers_release(calibration_round: CalibrationRound) -> list[int]:
    """The answers the team's figures may rest on: those released before, and every answer
    once at least ``MIN_ANSWERS`` came in since (kept on the round, readers queue on its row)."""
    locked = CalibrationRound.objects.select_for_update().get(pk=calibration_round.pk)
    now = set(CalibrationAnswer.objects.filter(round=locked).values_list("pk", flat=True))
    before = set(locked.released_ids) & now
    if len(now - before) >= MIN_ANSWERS or len(set(locked.released_ids) - now) >= MIN_ANSWERS:
        before = now
    if sorted(before) != sorted(locked.released_ids):
        locked.released_ids = sorted(before)
        locked.save(update_fields=["released_ids"])
    return sorted(before)


# --- the team --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A team average over leaders with its 95% t-interval, kept within 0..1 (None when the
    leaders' shares do not vary)."""

    value: float
    interval: stats.Interval | None

    @classmethod
    def of(cls, shares: Mapping[str, float]) -> Figure | None:
        mean = stats.mean_of(shares.values())
        if mean.mean is None:
            return None
        found = mean.interval()
        # Leaders who all scored the same give a zero-width interval, which says nothing.
        if found is None or found.high <= found.low:
            return cls(mean.mean, None)
        return cls(mean.mean, stats.Interval(max(0.0, found.low), min(1.0, found.high)))


@dataclass(frozen=True)
class StatementFigures:
    statement: CalibrationStatement
    text: str
    correct: stats.Share  # leaders who got it right, of those who answered it
    underestimated: stats.Share | None  # true statements: answered false or unsure

    @property
    def percent_correct(self) -> float:
        return 100 * (self.correct.value or 0.0)


@dataclass(frozen=True)
class TeamResult:
    round: CalibrationRound
    answered: int
    leaders: int
    shown: bool  # False below MIN_ANSWERS: then every figure below is empty
    calibration: Figure | None
    underestimation: Figure | None
    statements: list[StatementFigures]

    @property
    def most_underestimated(self) -> list[StatementFigures]:
        found = [s for s in self.statements if s.underestimated and s.underestimated.hits]
        found.sort(key=lambda s: (-(s.underestimated.value or 0.0), s.statement.id))  # type: ignore[union-attr]
        return found[:TOP_UNDERESTIMATED]


def team_result(calibration_round: CalibrationRound) -> TeamResult:
    """The team's figures over the answers released so far (``answers_release``): they move
    only once at least ``MIN_ANSWERS`` more leaders answered, so the team page before and after
    one leader's answers never shows that leader's answers."""
    released = answers_release(calibration_round)
    answered = CalibrationAnswer.objects.filter(round=calibration_round)
    given = {
        str(membership_id): answers
        for membership_id, answers in answered.filter(pk__in=released).values_list(
            "membership_id", "answers"
        )
    }
    counted = set(leaders(calibration_round.organisation).values_list("pk", flat=True))
    counted |= set(answered.values_list("membership_id", flat=True))
    total = answered.count()
    if len(given) < MIN_ANSWERS:
        return TeamResult(calibration_round, total, len(counted), False, None, None, [])
    quiz = quiz_of(calibration_round.version)
    scored = stats.calibration(_truth(quiz), given)
    lang = language()
    rows = []
    for s in quiz.statements:
        answers = [a[s.id] for a in given.values() if s.id in a]
        right = "true" if s.answer else "false"
        rows.append(
            StatementFigures(
                statement=s,
                text=getattr(s.text, lang),
                correct=stats.Share(sum(a == right for a in answers), len(answers)),
                underestimated=stats.Share(sum(a != "true" for a in answers), len(answers))
                if s.answer
                else None,
            )
        )
    return TeamResult(
        calibration_round,
        total,
        len(counted),
        True,
        Figure.of(scored.accuracy),
        Figure.of(scored.underestimation),
        rows,
    )


@dataclass(frozen=True)
class TeamSummary:
    """The newest round's team figures, for the scan's results page."""

    round: CalibrationRound
    answered: int
    leaders: int
    calibration: float
    underestimation_index: float
    underestimation_interval: stats.Interval | None


def team_summary(organisation: Organisation) -> TeamSummary | None:
    """The latest round that at least ``MIN_ANSWERS`` leaders answered, or None."""
    latest = (
        CalibrationRound.objects.filter(organisation=organisation)
        .annotate(answered=Count("answers"))
        .filter(answered__gte=MIN_ANSWERS)
        .select_related("organisation", "version__instrument")
        .first()
    )
    if latest is None:
        return None
    result = team_result(latest)
    if result.calibration is None or result.underestimation is None:
        return None
    return TeamSummary(
        round=latest,
        answered=result.answered,
        leaders=result.leaders,
        calibration=result.calibration.value,
        underestimation_index=result.underestimation.value,
        underestimation_interval=result.underestimation.interval,
    )
