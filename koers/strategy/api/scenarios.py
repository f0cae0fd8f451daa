"""Market scenarios over the API: the scenarios with what each asks per department against what
the open backlog is expected to deliver, as the scenarios page shows them (Perm.VIEW_SCENARIOS:
they show the departments' cost bases); the leadership team (Perm.MANAGE_STRATEGY) creates,
changes and deletes scenarios and sets the departments' cost bases."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import P, PathEx, Router

from koers.orgs.api import BODY_ERRORS, ERRORS, OrgSlugWith, api_org_context, of_organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.strategy.market import Outcome
from koers.strategy.models import Scenario
from koers.strategy.schemas.scenarios import (
    BaselineOut,
    BaselinesIn,
    ScenarioBacklogOut,
    ScenarioIn,
    ScenarioOut,
    ScenarioOutcomeOut,
    ScenarioResultOut,
    ScenariosOut,
)
from koers.strategy.selectors import scenarios as selectors
from koers.strategy.services import scenarios as services

router = Router(tags=["strategy"])

ScenarioId = PathEx[Annotated[int, of_organisation(Scenario)], P(description="The scenario's id.")]
Reader = OrgSlugWith[str, Perm.VIEW_SCENARIOS]
Manager = OrgSlugWith[str, Perm.MANAGE_STRATEGY]


def _scenario(ctx: OrgContext, pk: int) -> Scenario:
    try:
        return selectors.scenario_get(ctx.organisation, pk)
    except Scenario.DoesNotExist as error:
        raise Http404 from error


def _outcome(outcome: Outcome) -> ScenarioOutcomeOut:
    return ScenarioOutcomeOut(
        department=outcome.name,
        cost_base_eur=outcome.cost_base_eur,
        needed_eur=outcome.needed_eur,
        reachable_eur=outcome.reachable_eur,
        expected_eur=outcome.expected_eur,
        gap_eur=outcome.gap_eur,
        coverage=outcome.coverage,
        beyond_genai=outcome.beyond_genai,
    )


def _baselines(ctx: OrgContext) -> list[BaselineOut]:
    return [
        BaselineOut(
            department_id=department.pk,
            department=department.name,
            cost_base_eur=baseline.cost_base_eur if baseline else None,
            speedable_pct=baseline.speedable_pct if baseline else None,
        )
        for department, baseline in selectors.baselines(ctx.organisation)
    ]


def _gaps(payload: ScenarioIn) -> dict[str, object]:
    return {field: getattr(payload, field) for field in services.GAP_FIELDS}


@router.get(
    "/orgs/{org}/strategy/scenarios",
    response={200: ScenariosOut, **ERRORS},
    summary="The market scenarios and what each asks per department",
    description="Per scenario and department with a cost base: needed, reachable with GenAI, "
    "expected from the open backlog, the gap and coverage, and the total (docs/strategy.md "
    "gives the formula).",
    operation_id="strategy_scenarios",
)
def scenario_list(request: HttpRequest, org: Reader) -> ScenariosOut:
    ctx = api_org_context(request, org)
    views, value = selectors.scenario_outcomes(ctx.organisation)
    return ScenariosOut(
        scenarios=[
            ScenarioResultOut(
                scenario=ScenarioOut.model_validate(view.scenario),
                needed_share=view.result.needed_share,
                departments=[_outcome(o) for o in view.result.departments],
                total=_outcome(view.result.total),
            )
            for view in views
        ],
        backlog=ScenarioBacklogOut(
            estimated=value.estimated,
            unestimated=value.unestimated,
            unattributed_eur=value.unattributed_eur,
            hourly_cost_eur=value.hourly_cost_eur,
        ),
    )


@router.post(
    "/orgs/{org}/strategy/scenarios",
    response={201: ScenarioOut, **BODY_ERRORS},
    summary="Describe a new scenario",
    description="Whole percentages from 0 to 90; at least one above 0.",
    operation_id="strategy_scenario_create",
)
def scenario_create(
    request: HttpRequest, org: Manager, payload: ScenarioIn
) -> tuple[int, Scenario]:
    ctx = api_org_context(request, org)
    created = services.scenario_create(
        ctx, name=payload.name, description=payload.description, gaps=_gaps(payload)
    )
    return 201, created


@router.put(
    "/orgs/{org}/strategy/scenarios/{id}",
    response={200: ScenarioOut, **BODY_ERRORS},
    summary="Change a scenario",
    operation_id="strategy_scenario_update",
)
def scenario_update(
    request: HttpRequest, org: Manager, id: ScenarioId, payload: ScenarioIn
) -> Scenario:
    ctx = api_org_context(request, org)
    return services.scenario_update(
        ctx,
        scenario=_scenario(ctx, id),
        name=payload.name,
        description=payload.description,
        gaps=_gaps(payload),
    )


@router.delete(
    "/orgs/{org}/strategy/scenarios/{id}",
    response={204: None, **ERRORS},
    summary="Delete a scenario",
    operation_id="strategy_scenario_delete",
)
def scenario_delete(request: HttpRequest, org: Manager, id: ScenarioId) -> tuple[int, None]:
    ctx = api_org_context(request, org)
    services.scenario_delete(ctx, scenario=_scenario(ctx, id))
    return 204, None


@router.get(
    "/orgs/{org}/strategy/baselines",
    response={200: list[BaselineOut], **ERRORS},
    summary="Every department's yearly cost base and share of work GenAI can speed up",
    description="By department name; null where none is set.",
    operation_id="strategy_baselines",
)
def baseline_list(request: HttpRequest, org: Reader) -> list[BaselineOut]:
    ctx = api_org_context(request, org)
    return _baselines(ctx)


@router.put(
    "/orgs/{org}/strategy/baselines",
    response={200: list[BaselineOut], **BODY_ERRORS},
    summary="Set departments' cost bases",
    description="The departments given change; the others stay. One bad row (another "
    "organisation's department, a number out of range) changes nothing.",
    operation_id="strategy_baselines_set",
)
def baselines_set(request: HttpRequest, org: Manager, payload: BaselinesIn) -> list[BaselineOut]:
    ctx = api_org_context(request, org)
    services.baselines_set(
        ctx,
        rows={b.department_id: (b.cost_base_eur, b.speedable_pct) for b in payload.baselines},
    )
    return _baselines(ctx)
