"""An organisation's weights for the quick-win score (the formula itself is in koers.textmine)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.textmine.quickwin import Weights

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DEFAULTS = Weights()
MAX_WEIGHT = 100
MAX_HOURLY_COST = Decimal("10000")


def _weight_field(label: StrOrPromise, default: float) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, default=int(default), validators=[MaxValueValidator(MAX_WEIGHT)]
    )


class ScoringWeights(models.Model):
    """One row per organisation, created with the defaults the first time it is needed."""

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="scoring_weights"
    )
    hourly_cost_eur = models.DecimalField(
        _("hourly cost (EUR)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal(DEFAULTS.hourly_cost_eur).quantize(Decimal("0.01")),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_HOURLY_COST)],
    )
    weight_value = _weight_field(_("weight of value"), DEFAULTS.value)
    weight_effort = _weight_field(_("weight of low effort"), DEFAULTS.effort)
    weight_risk = _weight_field(_("weight of low risk"), DEFAULTS.risk)
    weight_data_readiness = _weight_field(_("weight of data readiness"), DEFAULTS.data_readiness)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scoring weights")
        verbose_name_plural = _("scoring weights")

    def __str__(self) -> str:
        return str(_("Scoring weights"))

    def as_weights(self) -> Weights:
        return Weights(
            hourly_cost_eur=float(self.hourly_cost_eur),
            value=self.weight_value,
            effort=self.weight_effort,
            risk=self.weight_risk,
            data_readiness=self.weight_data_readiness,
        )
