"""Reading quick-win scores, always within one organisation.

The numbers come from ``koers.textmine.quickwin``; here they are fed from the use cases, the
organisation's weights and the risk pre-screen, and prepared for the quadrant chart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from koers.backlog.models.scoring import ScoringWeights
from koers.backlog.models.usecases import PersonalData, Stage, UseCase
from koers.backlog.selectors.prescreen import usecase_screen
from koers.orgs.models import Organisation
from koers.orgs.tenancy import OrgContext
from koers.textmine import prescreen, quickwin

CLOSED_STAGES = (Stage.REJECTED, Stage.RETIRED)
DECLARED_PERSONAL_DATA = {PersonalData.YES: True, PersonalData.NO: False}

SORTS = ("score", "score_asc", "reference")

# The chart keeps each point this far from the middle lines and the edges (fractions of an axis).
CHART_MARGIN = 0.03
JITTER = 0.04
# Points closer than this (in the chart's 0-100 units) share one numbered dot, so none hides
# another: the dots are drawn with this diameter.
DOT = 6.0


@dataclass(frozen=True)
class ScoredUseCase:
    usecase: UseCase
    score: quickwin.Score
    risk: str  # low, medium or high
    risk_reasons: tuple[str, ...]  # what the pre-screen found in the text
    # Where the risk comes from: "triage" (a signed-off triage, which outranks) or "prescreen".
    risk_source: str = "prescreen"

    @property
    def estimated(self) -> bool:
        return self.score.value_eur is not None or "effort" not in self.score.unknown

    @property
    def chart_x(self) -> float:
        """Effort from 0 (left, little) to 100 (right, much), on its quadrant's side."""
        x = 1 - self.score.low_effort + _jitter(self.usecase.number, JITTER)
        return 100 * _on_side(x, upper=self.score.quadrant in ("big_bet", "money_pit"))

    @property
    def chart_y(self) -> float:
        """Value from 0 (bottom) to 100 (top), as an SVG coordinate (which counts downwards)."""
        y = self.score.value + _jitter(self.usecase.number * 7, JITTER / 3)
        return 100 - 100 * _on_side(y, upper=self.score.quadrant in ("quick_win", "big_bet"))


def _jitter(seed: int, size: float) -> float:
    """A small, repeatable offset so that use cases with the same estimates don't hide each
    other."""
    return ((seed * 37) % 9 - 4) / 4 * size


def _on_side(position: float, *, upper: bool) -> float:
    if upper:
        return min(1 - CHART_MARGIN, max(0.5 + CHART_MARGIN, position))
    return max(CHART_MARGIN, min(0.5 - CHART_MARGIN, position))


def usecase_open(*, organisation: Organisation) -> QuerySet[UseCase]:
    """The backlog: use cases not rejected, retired or merged into another."""
    return UseCase.objects.filter(organisation=organisation, merged_into__isnull=True).exclude(
        stage__in=CLOSED_STAGES
    )


def weights_for(*, organisation: Organisation) -> ScoringWeights:
    """The organisation's weights, created with the defaults the first time they are needed."""
    weights, _created = ScoringWeights.objects.get_or_create(organisation=organisation)
    return weights


def _money(usecase: UseCase, weights: quickwin.Weights) -> float | None:
    return quickwin.value_eur(_inputs(usecase, risk="unknown"), weights)


def value_scale_for(*, organisation: Organisation, weights: quickwin.Weights) -> float:
    """The reference value: the 90th percentile of the open backlog's value per year."""
    # Every field ``_inputs`` reads: one deferred would cost a query per use case.
    rows = usecase_open(organisation=organisation).only(
        "hours_saved_per_month", "other_value_eur_per_year", "effort", "data_readiness"
    )
    return quickwin.value_scale(_money(usecase, weights) for usecase in rows)


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _inputs(usecase: UseCase, *, risk: quickwin.Risk) -> quickwin.Inputs:
    return quickwin.Inputs(
        hours_saved_per_month=_number(usecase.hours_saved_per_month),
        other_value_eur_per_year=_number(usecase.other_value_eur_per_year),
        effort=usecase.effort,  # type: ignore[arg-type]
        risk=risk,
        data_readiness=usecase.data_readiness,  # type: ignore[arg-type]
    )


def usecase_risk(usecase: UseCase) -> tuple[quickwin.Risk, str, prescreen.Screen]:
    """The risk level of ``usecase``, where it comes from ("triage" or "prescreen") and the
    pre-screen of its text: a signed-off triage outranks the pre-screen's guess."""
    screen = usecase_screen(usecase)
    if usecase.assessed_risk:
        return usecase.assessed_risk, "triage", screen  # type: ignore[return-value]
    return quickwin.risk_from_screen(screen.high_impact, screen.personal_data), "prescreen", screen


def _scored(
    usecases: Iterable[UseCase], weights: quickwin.Weights, scale: float
) -> list[ScoredUseCase]:
    scored = []
    for usecase in usecases:
        risk, source, screen = usecase_risk(usecase)
        result = quickwin.score(_inputs(usecase, risk=risk), weights, value_scale_eur=scale)
        scored.append(ScoredUseCase(usecase, result, risk, tuple(screen.reasons()), source))
    return scored


def _weights_and_scale(ctx: OrgContext) -> tuple[quickwin.Weights, float]:
    weights = weights_for(organisation=ctx.organisation).as_weights()
    return weights, value_scale_for(organisation=ctx.organisation, weights=weights)


def usecase_scores(ctx: OrgContext, queryset: QuerySet[UseCase]) -> list[ScoredUseCase]:
    """The score of each use case in ``queryset`` that belongs to the organisation, in the
    queryset's order, with the organisation's weights and its open backlog as the value scale."""
    weights, scale = _weights_and_scale(ctx)
    return _scored(queryset.filter(organisation=ctx.organisation), weights, scale)


def usecase_score(ctx: OrgContext, usecase: UseCase) -> ScoredUseCase:
    """The score of ``usecase`` as the page read it (not read again)."""
    if usecase.organisation_id != ctx.organisation.pk:
        raise UseCase.DoesNotExist
    weights, scale = _weights_and_scale(ctx)
    return _scored([usecase], weights, scale)[0]


@dataclass(frozen=True)
class Dot:
    """A numbered dot of the chart: one use case, or several whose points lie too close to tell
    apart; the list under the chart says which."""

    number: int
    x: float
    y: float
    items: tuple[ScoredUseCase, ...]


def _joins(group: list[ScoredUseCase], item: ScoredUseCase) -> bool:
    """Whether ``item``'s point lies within a dot of the middle of ``group``'s, on its quadrant."""
    x = sum(s.chart_x for s in group) / len(group)
    y = sum(s.chart_y for s in group) / len(group)
    same_quadrant = group[0].score.quadrant == item.score.quadrant
    return same_quadrant and (x - item.chart_x) ** 2 + (y - item.chart_y) ** 2 < DOT**2


def _dots(items: list[ScoredUseCase]) -> list[Dot]:
    """The points gathered into dots, within a quadrant, numbered from the top left."""
    groups: list[list[ScoredUseCase]] = []
    for item in sorted(items, key=lambda s: (s.chart_y, s.chart_x, s.usecase.number)):
        near = next((g for g in groups if _joins(g, item)), None)
        if near is None:
            groups.append([item])
        else:
            near.append(item)
    return [
        Dot(
            number,
            sum(s.chart_x for s in group) / len(group),
            sum(s.chart_y for s in group) / len(group),
            tuple(group),
        )
        for number, group in enumerate(groups, start=1)
    ]


@dataclass(frozen=True)
class Quadrant:
    weights: ScoringWeights
    formula: quickwin.Formula
    items: list[ScoredUseCase]
    sort: str

    @property
    def charted(self) -> list[ScoredUseCase]:
        """The use cases with an estimate of their value or their effort: only these have a
        place in the chart (the others would all sit in its middle)."""
        return [s for s in self.items if s.estimated]

    @property
    def dots(self) -> list[Dot]:
        return _dots(self.charted)

    @property
    def unestimated(self) -> int:
        return len(self.items) - len(self.charted)


def backlog_quadrant(ctx: OrgContext, *, sort: str = "score") -> Quadrant:
    """The open backlog scored and sorted (one of ``SORTS``), with the formula as it applies."""
    stored = weights_for(organisation=ctx.organisation)
    weights = stored.as_weights()
    scale = value_scale_for(organisation=ctx.organisation, weights=weights)
    items = _scored(usecase_open(organisation=ctx.organisation), weights, scale)
    sort = sort if sort in SORTS else "score"
    if sort == "reference":
        items.sort(key=lambda s: s.usecase.number)
    else:
        items.sort(key=lambda s: (s.score.total, -s.usecase.number), reverse=sort == "score")
    return Quadrant(
        weights=stored,
        formula=quickwin.formula(weights, value_scale_eur=scale),
        items=items,
        sort=sort,
    )
