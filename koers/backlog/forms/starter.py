from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class StarterAddForm(forms.Form):
    """One click on "add to the backlog": which use, for which department."""

    key = forms.CharField(max_length=50)
    department = forms.IntegerField(
        min_value=1, error_messages={"invalid": _("Choose a department of this organisation.")}
    )
    add_anyway = forms.BooleanField(required=False)
