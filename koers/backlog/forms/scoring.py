from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.backlog.models.scoring import MAX_HOURLY_COST, MAX_WEIGHT
from koers.backlog.services.scoring import WEIGHT_FIELDS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _weight(label: StrOrPromise, help_text: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(label=label, help_text=help_text, min_value=0, max_value=MAX_WEIGHT)


class WeightsForm(forms.Form):
    hourly_cost_eur = forms.DecimalField(
        label=_("Hourly cost in euros"),
        help_text=_("What an hour of work costs your organisation; turns hours saved into euros."),
        min_value=0,
        max_value=MAX_HOURLY_COST,
        decimal_places=2,
    )
    weight_value = _weight(_("Weight of value"), _("Hours saved and other value per year."))
    weight_effort = _weight(
        _("Weight of low effort"), _("Days of work score best, more than three months worst.")
    )
    weight_risk = _weight(
        _("Weight of low risk"), _("From the risk pre-screen: high impact, personal data.")
    )
    weight_data_readiness = _weight(
        _("Weight of data readiness"), _("Whether the data it needs is available and usable.")
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        weights = [cleaned.get(name) for name in WEIGHT_FIELDS]
        if all(w is not None for w in weights) and sum(weights) <= 0:  # type: ignore[arg-type]
            raise forms.ValidationError(_("Give at least one weight a value above zero."))
        return cleaned
