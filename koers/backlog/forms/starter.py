from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

CHOOSE_DEPARTMENT = _("Choose a department of this organisation.")


class StarterAddForm(forms.Form):
    """One click on "add to the backlog": which use, for which department."""

    key = forms.CharField(
        max_length=50,
        error_messages={
            "required": _("Choose a use from the starter catalogue."),
            "max_length": _("Choose a use from the starter catalogue."),
        },
    )
    department = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": CHOOSE_DEPARTMENT,
            "invalid": CHOOSE_DEPARTMENT,
            "min_value": CHOOSE_DEPARTMENT,
        },
    )
    add_anyway = forms.BooleanField(required=False)
