from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from koers.core import clock
from koers.diagnostic.instruments.schema import Calibration
from koers.diagnostic.services.calibration import DEFAULT_DAYS_OPEN


def answer_choices() -> list[tuple[str, Any]]:
    return [
        ("true", pgettext_lazy("calibration", "True")),
        ("false", pgettext_lazy("calibration", "False")),
        ("unsure", pgettext_lazy("calibration", "Not sure")),
    ]


class QuizForm(forms.Form):
    """One true / false / not sure question per statement, in the page's language."""

    def __init__(self, *args: Any, quiz: Calibration, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for statement in quiz.statements:
            self.fields[statement.id] = forms.ChoiceField(
                label=getattr(statement.text, language),
                choices=answer_choices(),
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose true, false or not sure.")},
            )

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.fields}


class RoundStartForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    @classmethod
    def with_defaults(cls) -> RoundStartForm:
        today = clock.today()
        return cls(
            initial={
                "name": _("Calibration %(month)s") % {"month": f"{today:%Y-%m}"},
                "closes_on": today + dt.timedelta(days=DEFAULT_DAYS_OPEN),
            }
        )
