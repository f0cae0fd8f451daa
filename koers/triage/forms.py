from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.triage.rules.schema import Facts
from koers.triage.texts import DONT_KNOW, NONE_OF_THESE, UNKNOWN, Question, questions


def _bool_value(value: bool | None) -> str:
    return UNKNOWN if value is None else ("yes" if value else "no")


def _initial(question: Question, value: Any) -> Any:
    if question.kind == "bool":
        return _bool_value(value)
    if question.kind == "multi":
        if value is None:
            return [UNKNOWN]
        return list(value) or [NONE_OF_THESE]
    return UNKNOWN if value is None else value


class TriageForm(forms.Form):
    """One field per fact. Every question has "Don't know" (stored as unknown); a list question
    also has "None of these" (stored as an empty list). In a list, nothing ticked but "Don't
    know" is unknown."""

    def __init__(self, *args: Any, facts: Facts, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions()
        for key, question in self.questions.items():
            choices = [(value, question.option_label(value)) for value in question.values]
            if question.kind == "multi":
                choices += [(NONE_OF_THESE, _("None of these")), (UNKNOWN, DONT_KNOW)]
                field: forms.Field = forms.MultipleChoiceField(
                    choices=choices, required=False, widget=forms.CheckboxSelectMultiple
                )
            else:
                field = forms.ChoiceField(
                    choices=[*choices, (UNKNOWN, DONT_KNOW)],
                    required=False,
                    widget=forms.RadioSelect,
                )
            field.label = str(question.label)
            field.help_text = str(question.help)
            field.initial = _initial(question, getattr(facts, key))
            self.fields[key] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for key, question in self.questions.items():
            values = cleaned.get(key)
            if question.kind == "multi" and values:
                items = [v for v in values if v not in (UNKNOWN, NONE_OF_THESE)]
                if items and NONE_OF_THESE in values:
                    self.add_error(key, _("Tick the ones that apply, or 'None of these'."))
        return cleaned

    def to_facts(self) -> Facts:
        data: dict[str, Any] = {}
        for key, question in self.questions.items():
            value = self.cleaned_data.get(key)
            if question.kind == "multi":
                # An item or "None of these" ticked beside a left-over "Don't know" wins over it.
                values = [v for v in value or [] if v != UNKNOWN]
                data[key] = [v for v in values if v != NONE_OF_THESE] if values else None
            elif not value or value == UNKNOWN:
                data[key] = None
            elif question.kind == "bool":
                data[key] = value == "yes"
            else:
                data[key] = value
        return Facts.model_validate(data)


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Why re-open? (optional, kept in the history)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
