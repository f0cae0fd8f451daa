"""Showing quick-win scores in templates: translated names for the core's codes."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.backlog.models.usecases import DataReadiness, Effort, UseCase
from koers.backlog.selectors import scoring as selectors
from koers.backlog.selectors.scoring import ScoredUseCase
from koers.textmine.quickwin import DATA_READY, LOW_EFFORT, UNKNOWN, Formula, Score

register = template.Library()

QUADRANTS = {
    "quick_win": _("Quick win"),
    "big_bet": _("Big bet"),
    "fill_in": _("Fill-in"),
    "money_pit": _("Money pit"),
}
COMPONENTS = {
    "value": _("Value"),
    "low_effort": _("Low effort"),
    "low_risk": _("Low risk"),
    "data_ready": _("Data readiness"),
}
RISKS = {"low": _("low"), "medium": _("medium"), "high": _("high")}


@register.simple_tag(takes_context=True)
def usecase_score(context: template.Context, usecase: UseCase) -> ScoredUseCase | None:
    """``{% usecase_score usecase as scored %}``: the score in the page's organisation."""
    ctx = context.get("org_ctx")
    if ctx is None or usecase.organisation_id != ctx.organisation.pk:
        return None
    return selectors.usecase_score(ctx, usecase)


@register.filter
def quadrant_label(code: str) -> Any:
    return QUADRANTS.get(code, code)


@register.filter
def risk_label(code: str) -> Any:
    return RISKS.get(code, code)


@register.filter
def components(score: Score) -> list[tuple[Any, float, bool]]:
    """``(name, value, unknown)`` per component, in the formula's order."""
    unknown = set(score.unknown_components())
    return [
        (COMPONENTS[name], value, name in unknown) for name, value in score.components().items()
    ]


@register.filter
def formula_terms(formula: Formula) -> list[tuple[Any, int]]:
    """``(component name, percentage of the score)`` for the components that count."""
    return [
        (COMPONENTS[name], round(share * 100)) for name, share in formula.shares.items() if share
    ]


@register.simple_tag
def scale_levels(component: str) -> list[tuple[Any, float]]:
    """``(answer, part)`` per known answer of the effort or data-readiness question, from the
    core's own table, so the explanation cannot drift from the formula."""
    levels: dict[str, tuple[type[models.TextChoices], dict[str, float]]] = {
        "low_effort": (Effort, LOW_EFFORT),
        "data_ready": (DataReadiness, DATA_READY),
    }
    choices, table = levels[component]
    return [
        (label, table[value])
        for value, label in choices.choices
        if value in table and value != UNKNOWN
    ]
