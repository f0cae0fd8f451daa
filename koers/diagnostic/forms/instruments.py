"""The instrument builder's forms: plain fields in both languages, options one per line."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koers.diagnostic.instruments.edit import Problem
from koers.diagnostic.instruments.schema import BARRIER_IDS
from koers.diagnostic.models import Instrument

LINES_HELP = _("One per line, Dutch and English separated by a bar: “%(example)s”.")
LINES_EXAMPLE = "Ja | Yes"  # not translated: it shows the format, in both languages

QUESTION_TYPES: dict[str, Promise] = {
    "likert5": _("Agree or disagree, 5 points"),
    "likert7": _("Agree or disagree, 7 points"),
    "single": _("Single choice"),
    "multiple": _("Multiple choice"),
    "matrix": _("Rating matrix"),
    "scale10": _("Scale from 0 to 10"),
    "text": _("Free text"),
}

PROBLEMS: dict[str, Promise] = {
    "blank": _("Write this in both Dutch and English."),
    "line_format": _(
        "Line %(detail)s: write the Dutch and the English text separated by one bar, "
        "like “%(example)s”."
    ),
    "too_few": _("Give at least %(detail)s lines."),
    "too_many": _("Give at most %(detail)s lines."),
    "duplicate": _("Two items would get the same id; change the wording of one of them."),
    "opt_in_required": _("Offering to help is voluntary: an opt-in question can't be required."),
    "opt_in_yes": _("An opt-in question needs a “yes” option as its first line."),
    "one_opt_in": _("This instrument has an opt-in question already; there can be only one."),
    "barrier_and_motivation": _("An item measures a barrier or motivation, not both."),
    "reverse_needs_measure": _(
        "Only an item that measures a barrier or motivation can be reverse-coded."
    ),
    "barrier_undeclared": _("This barrier is not part of the instrument."),
    "section_empty": _(
        "A section needs at least one question: add another question first, or delete the "
        "whole section."
    ),
    "last_section": _("An instrument needs at least one section."),
    "not_found": _(
        "That section or question is not there any more; the page was out of date. Nothing "
        "was saved."
    ),
    "type_changed": _("The type of a question can't change; add a new question instead."),
    "unknown_type": _("Choose one of the question types."),
    "invalid": _("This is not valid: %(detail)s"),
}


def problem_message(problem: Problem) -> str:
    message = PROBLEMS.get(problem.code, PROBLEMS["invalid"])
    return str(message) % {"detail": problem.detail, "example": LINES_EXAMPLE}


def add_problems(form: forms.BaseForm, problems: Iterable[Problem]) -> None:
    """Each problem on its field when the form has that field, else on the form."""
    for problem in problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem_message(problem))


def _text_pair(
    form: forms.Form, name: str, label: Promise, *, required: bool = True, area: bool = False
) -> None:
    widget = forms.Textarea(attrs={"rows": 2}) if area else forms.TextInput
    form.fields[f"{name}_nl"] = forms.CharField(
        label=_("%(what)s in Dutch") % {"what": label}, required=required, widget=widget
    )
    form.fields[f"{name}_en"] = forms.CharField(
        label=_("%(what)s in English") % {"what": label}, required=required, widget=widget
    )


class NewInstrumentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class CopyForm(forms.Form):
    kind = forms.ChoiceField(choices=Instrument.Kind.choices)


class DetailsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"] = forms.CharField(
            label=_("Name"),
            max_length=200,
            help_text=_("What facilitators see in Koers; respondents see the title."),
        )
        _text_pair(self, "title", _("Title"))
        _text_pair(self, "intro", _("Introduction"), area=True)
        self.fields["intro_en"].help_text = _(
            "Respondents see {k} as your organisation's minimum number of people per result, and "
            "{min_minutes} and {max_minutes} as how long the questions take, counted from them."
        )


class SectionForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _text_pair(self, "title", _("Title"))
        _text_pair(self, "intro", _("Introduction"), required=False, area=True)


class QuestionForm(forms.Form):
    """The fields of one question type; ``barriers`` names the barriers in the reader's
    language."""

    def __init__(self, *args: Any, kind: str, barriers: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        lines_help = LINES_HELP % {"example": LINES_EXAMPLE}
        _text_pair(self, "text", _("Question"), area=True)
        _text_pair(self, "help", _("Explanation"), required=False)
        self.fields["required"] = forms.BooleanField(
            label=_("An answer is required"), required=False
        )
        if kind in ("likert5", "likert7"):
            choices = [("", _("No barrier"))] + [(b, barriers.get(b, b)) for b in BARRIER_IDS]
            self.fields["barrier"] = forms.ChoiceField(
                label=_("Measures the barrier"),
                choices=choices,
                required=False,
                help_text=_("Agreeing with the statement means this barrier holds more strongly."),
            )
            self.fields["reverse"] = forms.BooleanField(
                label=_("Reverse-coded: agreeing means the barrier (or motivation) is weaker"),
                required=False,
            )
            self.fields["motivation"] = forms.BooleanField(
                label=_("Measures motivation (points to potential evangelists)"), required=False
            )
            self.fields["dont_know"] = forms.BooleanField(
                label=_("Offer “Don't know”"), required=False
            )
        elif kind in ("single", "multiple"):
            self.fields["options"] = forms.CharField(
                label=_("Options"), widget=forms.Textarea(attrs={"rows": 5}), help_text=lines_help
            )
            if kind == "single":
                self.fields["evangelist_opt_in"] = forms.BooleanField(
                    label=_("This is the “I'd like to help colleagues with AI” question"),
                    required=False,
                    help_text=_(
                        "Whoever answers the first option becomes a nomination with their "
                        "name, stored apart from their answers. Such a question can't be "
                        "required."
                    ),
                )
        elif kind == "matrix":
            self.fields["rows"] = forms.CharField(
                label=_("Rows"), widget=forms.Textarea(attrs={"rows": 5}), help_text=lines_help
            )
            self.fields["scale"] = forms.CharField(
                label=_("Scale, from low to high"),
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=lines_help,
            )
        elif kind == "scale10":
            _text_pair(self, "low_label", _("Label at 0"))
            _text_pair(self, "high_label", _("Label at 10"))
        elif kind == "text":
            self.fields["max_length"] = forms.IntegerField(
                label=_("Maximum length in characters"),
                min_value=1,
                max_value=10_000,
                initial=2000,
            )
            self.fields["destination"] = forms.ChoiceField(
                label=_("After the anonymity checks, the answers go to"),
                choices=[
                    ("", _("Only this scan")),
                    ("voice", _("Voice (worries and questions)")),
                    ("backlog", _("The backlog, as anonymous ideas")),
                ],
                required=False,
            )


class ItemForm(forms.Form):
    """Which section or question a move or delete is about."""

    what = forms.ChoiceField(choices=[("section", "section"), ("question", "question")])
    id = forms.CharField(max_length=64)
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")], required=False)
