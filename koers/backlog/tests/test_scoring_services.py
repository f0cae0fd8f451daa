"""Changing the scoring weights: leads and admins only, all or nothing, always in the history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.backlog.models.scoring import ScoringWeights
from koers.backlog.selectors.scoring import weights_for
from koers.backlog.services.scoring import WEIGHT_FIELDS, weights_update
from koers.core.models import Change
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member

pytestmark = pytest.mark.django_db

NEW = {
    "hourly_cost_eur": Decimal("75"),
    "weight_value": 50,
    "weight_effort": 30,
    "weight_risk": 10,
    "weight_data_readiness": 10,
}


def test_it_starts_every_organisation_with_the_default_weights(org):
    weights = weights_for(organisation=org)
    assert (weights.hourly_cost_eur, weights.weight_value, weights.weight_effort) == (60, 40, 30)
    assert (weights.weight_risk, weights.weight_data_readiness) == (15, 15)
    assert weights_for(organisation=org) == weights  # created once


@pytest.mark.parametrize("role", [Role.LEAD, Role.ADMIN])
def test_it_lets_leads_and_admins_change_the_weights(org, role):
    user = make_member(org, role)
    weights_update(ctx_for(user, org), **NEW)
    weights = ScoringWeights.objects.get(organisation=org)
    assert weights.hourly_cost_eur == Decimal("75.00")
    assert weights.weight_value == 50


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EVANGELIST])
def test_it_refuses_members_and_evangelists(org, role):
    user = make_member(org, role)
    with pytest.raises(PermissionDenied):
        weights_update(ctx_for(user, org), **NEW)
    assert weights_for(organisation=org).weight_value == 40


def test_it_records_who_changed_which_weight_from_what_to_what(org, lead):
    weights_update(ctx_for(lead, org), **NEW)
    change = Change.objects.get(subject="backlog.scoringweights")
    assert change.actor == lead
    assert change.action == "updated"
    assert change.fields == {
        "hourly_cost_eur": ["60.00", "75.00"],
        "weight_value": [40, 50],
        "weight_risk": [15, 10],
        "weight_data_readiness": [15, 10],
    }


def test_it_records_nothing_when_nothing_changes(org, lead):
    weights_update(ctx_for(lead, org), **{**NEW, "hourly_cost_eur": Decimal("75.0")})
    weights_update(ctx_for(lead, org), **NEW)
    assert Change.objects.filter(subject="backlog.scoringweights").count() == 1


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (dict.fromkeys(WEIGHT_FIELDS, 0), "__all__"),
        ({"weight_effort": 101}, "weight_effort"),
        ({"hourly_cost_eur": Decimal("-1")}, "hourly_cost_eur"),
    ],
)
def test_it_refuses_impossible_weights_and_changes_nothing(org, lead, bad, field):
    with pytest.raises(ValidationError) as error:
        weights_update(ctx_for(lead, org), **{**NEW, **bad})
    assert field in error.value.message_dict
    weights = weights_for(organisation=org)
    assert (weights.hourly_cost_eur, weights.weight_value) == (60, 40)
    assert not Change.objects.filter(subject="backlog.scoringweights").exists()
