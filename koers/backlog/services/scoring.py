"""Changing an organisation's scoring weights: permission, validation and history in one place."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.backlog.models.scoring import ScoringWeights
from koers.core.services import change_by, diff_fields
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

WEIGHT_FIELDS = ("weight_value", "weight_effort", "weight_risk", "weight_data_readiness")
EDITABLE_FIELDS = ("hourly_cost_eur", *WEIGHT_FIELDS)
CENT = Decimal("0.01")


def _snapshot(weights: ScoringWeights) -> dict[str, Any]:
    data = {name: getattr(weights, name) for name in EDITABLE_FIELDS}
    # 60, 60.0 and 60.00 are the same cost: compare (and record) it as stored, with two decimals.
    data["hourly_cost_eur"] = Decimal(data["hourly_cost_eur"]).quantize(CENT)
    return data


@transaction.atomic
def weights_update(
    ctx: OrgContext,
    *,
    hourly_cost_eur: Decimal,
    weight_value: int,
    weight_effort: int,
    weight_risk: int,
    weight_data_readiness: int,
) -> ScoringWeights:
    """Set the organisation's hourly cost and weights; nothing changes when any is invalid."""
    ctx.require(Perm.MANAGE_SCORING)
    weights, _created = ScoringWeights.objects.select_for_update().get_or_create(
        organisation=ctx.organisation
    )
    before = _snapshot(weights)
    weights.hourly_cost_eur = hourly_cost_eur
    weights.weight_value = weight_value
    weights.weight_effort = weight_effort
    weights.weight_risk = weight_risk
    weights.weight_data_readiness = weight_data_readiness
    weights.full_clean(exclude=["organisation"])
    if sum(getattr(weights, name) for name in WEIGHT_FIELDS) <= 0:
        raise ValidationError({NON_FIELD_ERRORS: _("Give at least one weight a value above zero.")})
    changes = diff_fields(before, _snapshot(weights))
    if changes:
        weights.save(update_fields=[*changes, "updated_at"])
        change_by(
            ctx,
            weights,
            action="updated",
            fields=changes,
        )
    return weights
