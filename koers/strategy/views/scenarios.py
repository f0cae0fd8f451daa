"""Market scenarios: leaders and AI ambassadors read them; the leadership team edits them and the
departments' cost bases."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.forms import form_add_errors, messages_add_errors
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.strategy.forms.scenarios import ScenarioForm
from koers.strategy.market import MAX_GAP
from koers.strategy.models import Scenario
from koers.strategy.selectors.scenarios import baselines, scenario_get, scenario_outcomes
from koers.strategy.services.scenarios import (
    GAP_FIELDS,
    baselines_set,
    scenario_create,
    scenario_delete,
    scenario_update,
)


def _scenario(ctx: OrgContext, pk: int) -> Scenario:
    try:
        return scenario_get(ctx.organisation, pk)
    except Scenario.DoesNotExist:
        raise Http404 from None


@org_view(Perm.VIEW_SCENARIOS)
def scenarios(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    views, value = scenario_outcomes(ctx.organisation)
    return TemplateResponse(
        request,
        "strategy/scenarios.html",
        {
            "views": views,
            "value": value,
            "has_baselines": any(b for _d, b in baselines(ctx.organisation)),
            "can_manage": ctx.can(Perm.MANAGE_STRATEGY),
            "max_gap": round(MAX_GAP * 100),
        },
    )


def _scenario_form(
    request: HttpRequest, ctx: OrgContext, scenario: Scenario | None
) -> HttpResponse:
    if request.method == "POST":
        form = ScenarioForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if scenario is None:
                    scenario_create(
                        ctx, name=data["name"], description=data["description"], gaps=form.gaps()
                    )
                else:
                    scenario_update(
                        ctx,
                        scenario=scenario,
                        name=data["name"],
                        description=data["description"],
                        gaps=form.gaps(),
                    )
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("The scenario is saved."))
                return redirect("strategy:scenarios", org_slug=ctx.organisation.slug)
    elif scenario is not None:
        form = ScenarioForm(
            initial={
                "name": scenario.name,
                "description": scenario.description,
                **{field: getattr(scenario, field) for field in GAP_FIELDS},
            }
        )
    else:
        form = ScenarioForm()
    return TemplateResponse(
        request, "strategy/scenario_form.html", {"form": form, "scenario": scenario}
    )


@org_view(Perm.MANAGE_STRATEGY)
def scenario_new(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    return _scenario_form(request, ctx, None)


@org_view(Perm.MANAGE_STRATEGY)
def scenario_edit(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    return _scenario_form(request, ctx, _scenario(ctx, pk))


@org_view(Perm.MANAGE_STRATEGY)
@require_POST
def scenario_remove(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    scenario_delete(ctx, scenario=_scenario(ctx, pk))
    messages.success(request, _("The scenario is deleted."))
    return redirect("strategy:scenarios", org_slug=ctx.organisation.slug)


@org_view(Perm.MANAGE_STRATEGY)
def scenario_departments(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    rows = baselines(ctx.organisation)
    if request.method == "POST":
        posted: dict[int, tuple[str, str]] = {
            department.pk: (
                request.POST.get(f"cost_{department.pk}", ""),
                request.POST.get(f"share_{department.pk}", ""),
            )
            for department, _baseline in rows
        }
        try:
            baselines_set(ctx, rows=posted)
        except ValidationError as error:
            messages_add_errors(request, error)
            values = posted
        else:
            messages.success(request, _("The cost bases are saved."))
            return redirect("strategy:scenarios", org_slug=ctx.organisation.slug)
    else:
        values = {
            d.pk: (str(b.cost_base_eur), str(b.speedable_pct)) if b else ("", "") for d, b in rows
        }
    return TemplateResponse(
        request,
        "strategy/scenario_departments.html",
        {"rows": [(d, *values[d.pk]) for d, _b in rows]},
    )
