"""The scenarios' forms. They only parse (numbers as text); ``koers.strategy.services.scenarios``
checks every number against its bounds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.strategy.services.scenarios import MAX_DESCRIPTION, MAX_NAME

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


def _percent(label: _StrPromise, help_text: _StrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME)
    description = forms.CharField(
        label=_("Short description"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    price_gap_pct = _percent(
        _("Cheaper (%)"),
        _("A competitor becomes this much cheaper; to match, our costs must fall as much."),
    )
    speed_gap_pct = _percent(
        _("Faster (%)"),
        _("A competitor does the same work in this much less time."),
    )
    quality_gap_pct = _percent(
        _("More creative (%)"),
        _(
            "A competitor puts this much more into quality and new ideas; we need this share of "
            "our time for it."
        ),
    )
    entrant_share_pct = _percent(
        _("Market at risk from a new AI-native entrant (%)"),
        _("The share of our market a new entrant could take."),
    )

    def gaps(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(name, "")
            for name in ("price_gap_pct", "speed_gap_pct", "quality_gap_pct", "entrant_share_pct")
        }
