"""The filter of the results page's item view: only the cuts ``results.py`` publishes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.anonymity import ORGANISATION, Cell
from koers.diagnostic.models import RoleGroup
from koers.diagnostic.selectors.result_shapes import ROLE_GROUPS, WaveResults


class ItemFilter(forms.Form):
    department = forms.ChoiceField(label=_("Department"), required=False)
    role_group = forms.ChoiceField(label=_("Role group"), required=False)

    def __init__(self, data: Any = None, *, results: WaveResults) -> None:
        super().__init__(data)
        published = results.published
        self.fields["department"].choices = [("", _("Whole organisation"))] + [  # type: ignore[attr-defined]
            (d, results.department_name(d))
            for d in results.departments
            if any(department == d for department, _role in published)
        ]
        self.fields["role_group"].choices = [("", _("All role groups"))] + [  # type: ignore[attr-defined]
            (r, RoleGroup(r).label)
            for r in ROLE_GROUPS
            if any(role == r for _department, role in published)
        ]

    def cell(self) -> Cell:
        """The chosen cut; the organisation when nothing (valid) was chosen."""
        if not self.is_bound or not self.is_valid():
            return ORGANISATION
        return (self.cleaned_data["department"] or None, self.cleaned_data["role_group"] or None)
