from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.backlog.models.themes import Granularity, Theme


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, required=False)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Theme.objects.none())

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Theme.objects.filter(organisation_id=theme.organisation_id).exclude(
            pk=theme.pk
        )


class SplitForm(forms.Form):
    name = forms.CharField(label=_("Name of the new theme"), max_length=120)
    usecases = forms.TypedMultipleChoiceField(label=_("Use cases"), coerce=int, choices=())

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["usecases"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [
            (m.usecase_id, str(m.usecase)) for m in theme.members.select_related("usecase")
        ]


class GranularityForm(forms.Form):
    granularity = forms.TypedChoiceField(
        label=_("How fine"), coerce=int, choices=Granularity.choices
    )
