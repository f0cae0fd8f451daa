"""The backlog as candidates for a sprint plan, within one organisation.

Each open use case not yet taken into a sprint, piloted or live, with an effort estimate,
becomes a candidate: its value is the quick-win
score's value component weighted by confidence, its effort the estimate in person-days, its risk
the signed-off triage's or else the pre-screen's (``usecase_risk``). The planner itself is
``koers.sprints.planner``; docs/sprints.md explains the numbers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from koers.backlog.models.themes import ThemeMember
from koers.backlog.models.usecases import Stage
from koers.backlog.selectors.scoring import (
    ScoredUseCase,
    _scored,
    usecase_open,
    value_scale_for,
    weights_for,
)
from koers.orgs.models import Organisation
from koers.textmine import naming, quickwin

# An effort estimate in person-days: what a sprint's capacity is counted in.
EFFORT_DAYS = {"days": 3.0, "weeks": 10.0, "months": 40.0, "quarters": 120.0}
# The stages of a use case that may still go into a sprint: later ones are in one or past it.
PLANNABLE_STAGES = (Stage.IDEA, Stage.ASSESSED, Stage.SELECTED)


@dataclass(frozen=True)
class PlanCandidate:
    id: int
    number: int
    title: str
    value: float  # the quick-win value (0 to 1) times the confidence
    effort_days: float
    risk: str  # low, medium or high
    data_readiness: str
    departments: frozenset[int]
    theme: int | None
    cross_departmental: bool  # its theme spans several departments
    score: float  # the quick-win score, which the naive pick sorts on

    @property
    def reference(self) -> str:
        return f"UC-{self.number}"


def confidence(score: quickwin.Score) -> float:
    """The share of the score's components that rest on an estimate, not the neutral middle."""
    return 1 - len(score.unknown_components()) / len(quickwin.COMPONENTS)


def _theme_departments(organisation: Organisation) -> dict[int, set[int]]:
    """Each theme's departments, over its members not merged into another (as the themes page
    counts them)."""
    rows = ThemeMember.objects.filter(
        theme__organisation=organisation, usecase__merged_into__isnull=True
    ).values_list("theme_id", "usecase__departments")
    departments: dict[int, set[int]] = defaultdict(set)
    for theme, department in rows:
        if department is not None:
            departments[theme].add(department)
    return departments


def _candidate(item: ScoredUseCase, themes: dict[int, set[int]]) -> PlanCandidate:
    usecase = item.usecase
    member = getattr(usecase, "theme_member", None)
    theme = member.theme_id if member is not None else None
    return PlanCandidate(
        id=usecase.pk,
        number=usecase.number,
        title=usecase.title,
        value=round(item.score.value * confidence(item.score), 4),
        effort_days=EFFORT_DAYS[usecase.effort],
        risk=item.risk,
        data_readiness=usecase.data_readiness,
        departments=frozenset(d.pk for d in usecase.departments.all()),
        theme=theme,
        cross_departmental=theme is not None
        and naming.cross_departmental(len(themes.get(theme, ()))),
        score=item.score.total,
    )


def plan_candidates(*, organisation: Organisation) -> list[PlanCandidate]:
    """The organisation's open use cases not yet in a sprint, piloted or live, with an effort
    estimate, by reference number."""
    weights = weights_for(organisation=organisation).as_weights()
    scale = value_scale_for(organisation=organisation, weights=weights)
    usecases = (
        usecase_open(organisation=organisation)
        .filter(effort__in=EFFORT_DAYS, stage__in=PLANNABLE_STAGES)
        .select_related("theme_member")
        .prefetch_related("departments")
        .order_by("number")
    )
    themes = _theme_departments(organisation)
    return [_candidate(item, themes) for item in _scored(usecases, weights, scale)]
