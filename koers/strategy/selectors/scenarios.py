"""Reading market scenarios and working out, per scenario and department, what is needed to keep
pace against what the open backlog is expected to deliver (``koers.strategy.market``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from koers.backlog.selectors.scoring import usecase_open, weights_for
from koers.core.charts import BLUE, ORANGE, paired_bar_chart
from koers.orgs.models import Department, Organisation
from koers.strategy import market
from koers.strategy.models import DepartmentBaseline, Scenario
from koers.textmine import quickwin


@dataclass(frozen=True)
class BacklogValue:
    """The open backlog's value per year as the quick-win score reads it, per department."""

    by_department: dict[int, float]
    unattributed_eur: float  # use cases without a department
    estimated: int  # open use cases with hours or other value
    unestimated: int  # open use cases without either
    hourly_cost_eur: float


@dataclass(frozen=True)
class ScenarioView:
    scenario: Scenario
    result: market.Result
    chart: SafeString


def scenario_list(organisation: Organisation) -> QuerySet[Scenario]:
    return Scenario.objects.filter(organisation=organisation)


def scenario_get(organisation: Organisation, pk: int) -> Scenario:
    """``Scenario.DoesNotExist`` outside the organisation."""
    return Scenario.objects.get(organisation=organisation, pk=pk)


def baselines(organisation: Organisation) -> list[tuple[Department, DepartmentBaseline | None]]:
    """Every department of the organisation by name, with its cost base where one is set."""
    rows = DepartmentBaseline.objects.filter(organisation=organisation)
    known = {b.department_id: b for b in rows}
    return [
        (d, known.get(d.pk))
        for d in Department.objects.filter(organisation=organisation).order_by("name")
    ]


def backlog_value(organisation: Organisation) -> BacklogValue:
    """Each open use case's value per year (hours saved per month * 12 * the hourly cost, plus
    other value per year, as ``quickwin.value_eur``), split evenly over its departments."""
    weights = weights_for(organisation=organisation).as_weights()
    usecases = (
        usecase_open(organisation=organisation)
        .only("hours_saved_per_month", "other_value_eur_per_year")
        .prefetch_related(Prefetch("departments", queryset=Department.objects.only("pk")))
    )
    by_department: dict[int, float] = {}
    unattributed = 0.0
    estimated = unestimated = 0
    for usecase in usecases:
        value = quickwin.value_eur(
            quickwin.Inputs(
                hours_saved_per_month=_number(usecase.hours_saved_per_month),
                other_value_eur_per_year=_number(usecase.other_value_eur_per_year),
            ),
            weights,
        )
        if value is None:
            unestimated += 1
            continue
        estimated += 1
        shares = market.split_evenly(value, [d.pk for d in usecase.departments.all()])
        if not shares:
            unattributed += value
        for department_id, share in shares.items():
            by_department[department_id] = by_department.get(department_id, 0.0) + share
    return BacklogValue(
        by_department, unattributed, estimated, unestimated, weights.hourly_cost_eur
    )


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def scenario_outcomes(organisation: Organisation) -> tuple[list[ScenarioView], BacklogValue]:
    """Every scenario worked out over the departments that have a cost base."""
    value = backlog_value(organisation)
    departments = [
        market.Department(
            name=department.name,
            cost_base_eur=float(baseline.cost_base_eur),
            speedable_share=baseline.speedable_pct / 100,
            expected_eur=value.by_department.get(department.pk, 0.0),
        )
        for department, baseline in baselines(organisation)
        if baseline is not None and baseline.cost_base_eur > 0
    ]
    views = []
    for scenario in scenario_list(organisation):
        result = market.keep_pace(
            market.Scenario(
                price_gap=scenario.price_gap_pct / 100,
                speed_gap=scenario.speed_gap_pct / 100,
                quality_gap=scenario.quality_gap_pct / 100,
                entrant_share=scenario.entrant_share_pct / 100,
            ),
            departments,
        )
        chart = paired_bar_chart(
            f"scenario-{scenario.pk}",
            _("%(scenario)s: needed and expected per department (EUR per year)")
            % {"scenario": scenario.name},
            [(o.name, o.needed_eur, o.expected_eur) for o in result.departments],
            first=(_("Needed to keep pace"), ORANGE),
            second=(_("Expected from the backlog"), BLUE),
        )
        views.append(ScenarioView(scenario, result, chart))
    return views, value
