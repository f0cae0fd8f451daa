"""Writing market scenarios and the departments' cost bases. Every number is checked against its
bounds before anything is written; one bad number changes nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.services import change_by, diff_fields
from koers.orgs.models import Department
from koers.orgs.permissions import Perm
from koers.strategy.market import MAX_COST_BASE_EUR, MAX_GAP
from koers.strategy.models import DepartmentBaseline, Scenario

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext

MAX_NAME = 120
MAX_DESCRIPTION = 2000
MAX_SCENARIOS = 50
MAX_GAP_PCT = round(MAX_GAP * 100)
GAP_FIELDS = ("price_gap_pct", "speed_gap_pct", "quality_gap_pct", "entrant_share_pct")


def _whole(value: object, *, low: int, high: int) -> int | None:
    """``value`` as a whole number within low..high, or None."""
    text = str(value if value is not None else "").strip().replace(" ", "").replace("_", "")
    if text == "":
        return low
    try:
        number = int(text)
    except ValueError:
        return None
    return number if low <= number <= high else None


def _scenario_fields(
    *, name: str, description: str, gaps: Mapping[str, object]
) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    clean: dict[str, object] = {
        "name": str(name or "").strip(),
        "description": str(description or "").strip(),
    }
    if not clean["name"]:
        errors["name"] = [_("Give the scenario a name.")]
    elif len(str(clean["name"])) > MAX_NAME:
        errors["name"] = [_("Keep it under %(most)s characters, please.") % {"most": MAX_NAME}]
    if len(str(clean["description"])) > MAX_DESCRIPTION:
        errors["description"] = [
            _("Keep it under %(most)s characters, please.") % {"most": MAX_DESCRIPTION}
        ]
    for field in GAP_FIELDS:
        number = _whole(gaps.get(field), low=0, high=MAX_GAP_PCT)
        if number is None:
            errors[field] = [
                _("Enter a whole percentage from 0 to %(most)s.") % {"most": MAX_GAP_PCT}
            ]
        clean[field] = number
    if not errors and not any(clean[field] for field in GAP_FIELDS):
        errors["price_gap_pct"] = [_("Give at least one of the percentages.")]
    if errors:
        raise ValidationError(errors)
    return clean


def _snapshot(scenario: Scenario) -> dict[str, object]:
    return {f: getattr(scenario, f) for f in ("name", "description", *GAP_FIELDS)}


def scenario_create(
    ctx: OrgContext, *, name: str, description: str = "", gaps: Mapping[str, object]
) -> Scenario:
    """A new scenario; ``gaps`` holds the four percentages (``GAP_FIELDS``), missing ones 0."""
    ctx.require(Perm.MANAGE_STRATEGY)
    clean = _scenario_fields(name=name, description=description, gaps=gaps)
    if Scenario.objects.filter(organisation=ctx.organisation).count() >= MAX_SCENARIOS:
        raise ValidationError(
            _("An organisation can have at most %(most)s scenarios.") % {"most": MAX_SCENARIOS}
        )
    now = clock.now()
    with transaction.atomic():
        scenario = Scenario.objects.create(
            organisation=ctx.organisation, created_at=now, updated_at=now, **clean
        )
        change_by(ctx, scenario, action="created", fields=diff_fields({}, clean))
    return scenario


def _own(ctx: OrgContext, scenario: Scenario) -> None:
    if scenario.organisation_id != ctx.organisation.pk:
        raise Scenario.DoesNotExist


def scenario_update(
    ctx: OrgContext,
    *,
    scenario: Scenario,
    name: str,
    description: str = "",
    gaps: Mapping[str, object],
) -> Scenario:
    ctx.require(Perm.MANAGE_STRATEGY)
    _own(ctx, scenario)
    clean = _scenario_fields(name=name, description=description, gaps=gaps)
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        before = _snapshot(scenario)
        if before == clean:
            return scenario
        for field, value in clean.items():
            setattr(scenario, field, value)
        scenario.updated_at = clock.now()
        scenario.save(update_fields=[*clean, "updated_at"])
        change_by(ctx, scenario, action="changed", fields=diff_fields(before, clean))
    return scenario


def scenario_delete(ctx: OrgContext, *, scenario: Scenario) -> None:
    ctx.require(Perm.MANAGE_STRATEGY)
    _own(ctx, scenario)
    with transaction.atomic():
        change_by(ctx, scenario, action="deleted", fields=diff_fields(_snapshot(scenario), {}))
        scenario.delete()


def baselines_set(ctx: OrgContext, *, rows: Mapping[int, tuple[object, object]]) -> int:
    """Set each department's yearly cost base (whole euros) and the share of its work GenAI can
    speed up (whole percent), ``rows`` by department id; returns how many changed. All rows are
    checked first: one bad number changes nothing."""
    ctx.require(Perm.MANAGE_STRATEGY)
    departments = {d.pk: d for d in Department.objects.filter(organisation=ctx.organisation)}
    errors: dict[str, list[str]] = {}
    clean: dict[int, tuple[int, int]] = {}
    for department_id, (cost, share) in rows.items():
        department = departments.get(department_id)
        if department is None:
            errors.setdefault("__all__", []).append(_("Choose a department of the organisation."))
            continue
        cost_eur = _whole(cost, low=0, high=int(MAX_COST_BASE_EUR))
        pct = _whole(share, low=0, high=100)
        if cost_eur is None:
            errors.setdefault(f"cost_{department_id}", []).append(
                _("%(department)s: enter the cost base as whole euros from 0 to 10 billion.")
                % {"department": department.name}
            )
        if pct is None:
            errors.setdefault(f"share_{department_id}", []).append(
                _("%(department)s: enter a whole percentage from 0 to 100.")
                % {"department": department.name}
            )
        if cost_eur is not None and pct is not None:
            clean[department_id] = (cost_eur, pct)
    if errors:
        raise ValidationError(errors)
    changed = 0
    with transaction.atomic():
        existing = {
            b.department_id: b
            for b in DepartmentBaseline.objects.select_for_update().filter(
                organisation=ctx.organisation
            )
        }
        for department_id, (cost_eur, pct) in clean.items():
            baseline = existing.get(department_id)
            after = {"cost_base_eur": cost_eur, "speedable_pct": pct}
            if baseline is None:
                baseline = DepartmentBaseline.objects.create(
                    organisation=ctx.organisation, department_id=department_id, **after
                )
                change_by(ctx, baseline, action="created", fields=diff_fields({}, after))
                changed += 1
                continue
            before = {
                "cost_base_eur": baseline.cost_base_eur,
                "speedable_pct": baseline.speedable_pct,
            }
            if before == after:
                continue
            baseline.cost_base_eur, baseline.speedable_pct = cost_eur, pct
            baseline.save(update_fields=list(after))
            change_by(ctx, baseline, action="changed", fields=diff_fields(before, after))
            changed += 1
    return changed
