"""The checker's question, a tool request and the programme team's answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.strategy.policy.checker import MAX_QUERY
from koers.strategy.policy.content import PolicyContent
from koers.strategy.services.checker import MAX_ANSWER, MAX_PURPOSE


def _class_choices(content: PolicyContent | None) -> list[tuple[str, str]]:
    return [(d.key, d.label) for d in content.data_classes] if content else []


class CheckerForm(forms.Form):
    tool = forms.CharField(
        label=_("Tool"),
        max_length=MAX_QUERY,
        help_text=_("Pick one from the list or type its name."),
    )
    data_class = forms.ChoiceField(label=_("Kind of data"), choices=())

    def __init__(self, *args: Any, content: PolicyContent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["data_class"].choices = _class_choices(content)  # type: ignore[attr-defined]


class ToolRequestForm(forms.Form):
    tool = forms.CharField(label=_("Tool"), max_length=MAX_QUERY)
    data_class = forms.ChoiceField(label=_("Kind of data"), choices=(), required=False)
    purpose = forms.CharField(
        label=_("What would you like to use it for? (optional)"),
        max_length=MAX_PURPOSE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, content: PolicyContent | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *_class_choices(content)]
        self.fields["data_class"].choices = choices  # type: ignore[attr-defined]


class ToolRequestAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 3})
    )
