"""The vision's forms. They only parse; ``koers.strategy.services.vision`` validates and writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.strategy.services.vision import MAX_ANSWER, MAX_TEXT, QUESTIONS


class VisionQuestionsForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for question in QUESTIONS:
            self.fields[question.key] = forms.CharField(
                label=question.question,
                help_text=question.explanation,
                required=False,
                max_length=MAX_ANSWER,
                widget=forms.Textarea(
                    attrs={"rows": 4, "aria-describedby": f"id_{question.key}-help"}
                ),
            )


class VisionTextForm(forms.Form):
    text = forms.CharField(
        label=_("The vision"),
        help_text=_(
            "Plain text. A line starting with “## ” becomes a heading; an empty line starts a "
            "new paragraph."
        ),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 24}),
    )
