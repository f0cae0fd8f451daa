"""The respondent's form, built from a frozen instrument definition in the respondent's language.

Answers are stored per question id, in the shape the results read:

* Likert 5/7: the chosen point ``1..points``, or ``None`` for "don't know";
* single choice: the option id; multiple choice: a list of option ids;
* rating matrix: ``{row_id: 1..len(scale)}`` with the rows answered;
* 0-10 scale: the number; free text: the text (stripped).

A question left unanswered is absent. The evangelist opt-in is never part of the answers: its
"yes" is handed to ``response_submit`` as ``help_colleagues`` (a draft keeps it, because a draft
lives on the invitation until submitting clears it).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from koers.diagnostic.instruments.schema import (
    Instrument,
    LikertQuestion,
    MatrixQuestion,
    MultipleChoiceQuestion,
    Question,
    Scale10Question,
    SingleChoiceQuestion,
    TextQuestion,
    text_in,
)

DONT_KNOW = "dont_know"
REQUIRED_MESSAGE = _("Please answer this question.")


@dataclass
class QuestionBlock:
    """One question on the page: its text and the form field(s) that answer it."""

    question: Question
    text: str
    help: str
    kind: str
    fields: list[tuple[str, forms.BoundField]]  # (row label or "", field)
    low_label: str = ""
    high_label: str = ""

    @property
    def anchor(self) -> str:
        return f"q-{self.question.id}"

    @property
    def required(self) -> bool:
        return self.question.required

    @property
    def has_errors(self) -> bool:
        return any(bound.errors for _label, bound in self.fields)

    @property
    def rows(self) -> list[tuple[str, forms.BoundField, SafeString]]:
        """(row label or "", field, its options' markup) per field of a choice question."""
        return [(label, bound, choice_inputs(bound)) for label, bound in self.fields]


def choice_inputs(bound: forms.BoundField) -> SafeString:
    """The radio buttons or check boxes of a choice field, each in its label, as Django's
    ``RadioSelect`` and ``CheckboxSelectMultiple`` render them (``required``, ``checked``,
    ``aria-invalid``), written directly: the scan has some 140 of them, and rendering each
    through the widget's template made the answering page cost 70 ms."""
    field = bound.field
    assert isinstance(field, forms.ChoiceField)
    kind = "checkbox" if isinstance(field.widget, forms.CheckboxSelectMultiple) else "radio"
    value = bound.value()
    chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    extra = ""
    if kind == "radio" and field.required and bound.form.use_required_attribute:
        extra += " required"
    if bound.errors:
        extra += ' aria-invalid="true"'
    name, base = escape(bound.html_name), escape(bound.auto_id)
    parts = []
    for index, (option, label) in enumerate(cast("list[tuple[Any, Any]]", field.choices)):
        ident = f"{base}_{index}"
        checked = " checked" if str(option) in chosen else ""
        parts.append(
            f'<label class="scan-option" for="{ident}"><input type="{kind}" name="{name}" '
            f'value="{escape(str(option))}" id="{ident}"{extra}{checked}>'
            f"<span>{escape(str(label))}</span></label>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@dataclass
class SectionBlock:
    """A section of the page, with where it stands in the whole: part ``number`` of ``parts``,
    its questions ``first`` to ``last`` of ``total`` (a matrix counts as one question)."""

    title: str
    intro: str
    questions: list[QuestionBlock] = field(default_factory=list)
    number: int = 0
    parts: int = 0
    first: int = 0
    last: int = 0
    total: int = 0

    @property
    def done_before(self) -> int:
        """How many questions come before this part: how far a respondent is on reaching it."""
        return self.first - 1


def _matrix_field_name(question: MatrixQuestion, row_id: str) -> str:
    return f"{question.id}__{row_id}"


class AnswerForm(forms.Form):
    """One field per question (one per row of a matrix). ``for_draft`` makes every question
    optional, so a half-answered scan can be saved; the values are still checked."""

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        instrument: Instrument,
        language: str,
        answers: Mapping[str, Any] | None = None,
        for_draft: bool = False,
    ) -> None:
        super().__init__(data, initial=_initial_from(instrument, answers or {}))
        self.instrument = instrument
        self.language = language
        for name, prototype, required in _prototypes(instrument, language):
            form_field = _fresh(prototype)
            form_field.required = required and not for_draft
            form_field.error_messages["required"] = REQUIRED_MESSAGE
            self.fields[name] = form_field

    @staticmethod
    def fields_for(question: Question, lang: str) -> list[tuple[str, forms.Field]]:
        if isinstance(question, LikertQuestion):
            choices = [(str(n), text_in(label, lang)) for n, label in enumerate(question.labels, 1)]
            if question.dont_know:
                choices.append((DONT_KNOW, text_in(question.dont_know_label, lang)))
            return [(question.id, forms.ChoiceField(choices=choices, widget=forms.RadioSelect))]
        if isinstance(question, SingleChoiceQuestion):
            choices = [(o.id, text_in(o.label, lang)) for o in question.options]
            return [(question.id, forms.ChoiceField(choices=choices, widget=forms.RadioSelect))]
        if isinstance(question, MultipleChoiceQuestion):
            choices = [(o.id, text_in(o.label, lang)) for o in question.options]
            checkboxes = forms.CheckboxSelectMultiple
            return [(question.id, forms.MultipleChoiceField(choices=choices, widget=checkboxes))]
        if isinstance(question, MatrixQuestion):
            choices = [(str(n), text_in(label, lang)) for n, label in enumerate(question.scale, 1)]
            return [
                (
                    _matrix_field_name(question, row.id),
                    forms.ChoiceField(choices=choices, widget=forms.RadioSelect),
                )
                for row in question.rows
            ]
        if isinstance(question, Scale10Question):
            choices = [(str(n), str(n)) for n in range(11)]
            return [(question.id, forms.ChoiceField(choices=choices, widget=forms.RadioSelect))]
        assert isinstance(question, TextQuestion)
        textarea = forms.Textarea(attrs={"rows": 4, "maxlength": question.max_length})
        return [(question.id, forms.CharField(max_length=question.max_length, widget=textarea))]

    def sections(self) -> list[SectionBlock]:
        """The questions grouped by section, with their texts in the respondent's language."""
        lang = self.language
        blocks = []
        for section in self.instrument.sections:
            block = SectionBlock(text_in(section.title, lang), text_in(section.intro, lang))
            for question in section.questions:
                if isinstance(question, MatrixQuestion):
                    fields = [
                        (text_in(row.label, lang), self[_matrix_field_name(question, row.id)])
                        for row in question.rows
                    ]
                else:
                    fields = [("", self[question.id])]
                block.questions.append(
                    QuestionBlock(
                        question=question,
                        text=text_in(question.text, lang),
                        help=text_in(question.help, lang),
                        kind=question.type,
                        fields=fields,
                        low_label=text_in(getattr(question, "low_label", None), lang),
                        high_label=text_in(getattr(question, "high_label", None), lang),
                    )
                )
            blocks.append(block)
        total = sum(len(b.questions) for b in blocks)
        seen = 0
        for number, block in enumerate(blocks, 1):
            block.number, block.parts, block.total = number, len(blocks), total
            block.first, block.last = seen + 1, seen + len(block.questions)
            seen = block.last
        return blocks

    def questions_with_errors(self) -> list[QuestionBlock]:
        return [q for s in self.sections() for q in s.questions if q.has_errors]

    def answers(self) -> dict[str, Any]:
        """The cleaned answers in their stored shape, the opt-in question included."""
        data = self.cleaned_data
        answers: dict[str, Any] = {}
        for question in self.instrument.questions():
            value: Any
            if isinstance(question, MatrixQuestion):
                rows = {
                    row.id: int(data[_matrix_field_name(question, row.id)])
                    for row in question.rows
                    if data.get(_matrix_field_name(question, row.id))
                }
                value = rows or None
            else:
                value = data.get(question.id)
            if value in (None, "", []):
                continue
            if isinstance(question, LikertQuestion):
                value = None if value == DONT_KNOW else int(value)
            elif isinstance(question, Scale10Question):
                value = int(value)
            elif isinstance(question, TextQuestion):
                value = value.strip()
            answers[question.id] = value
        return answers

    def submission(self) -> tuple[dict[str, Any], bool]:
        """(answers without the opt-in question, whether the respondent opted in)."""
        answers = self.answers()
        help_colleagues = False
        for question in self.instrument.opt_in_questions():
            help_colleagues = answers.pop(question.id, None) == "yes"
        return answers, help_colleagues


# The fields of an instrument in a language, built once and copied for each form: building them
# costs more than copying (every answer posted builds a form). (id, instrument, language) -> fields;
# the instrument is kept so that a reused id cannot match another instrument.
_PROTOTYPES: dict[tuple[int, str], tuple[Instrument, list[tuple[str, forms.Field, bool]]]] = {}
_PROTOTYPES_KEPT = 64


def _fresh(prototype: forms.Field) -> forms.Field:
    """A form's own copy of a prototype field: what a form changes (required, the error messages,
    the widget's attributes) is copied; the choices, which nothing changes, are shared. Cheaper
    than ``deepcopy``, which copies every choice."""
    form_field = copy.copy(prototype)
    form_field.widget = copy.copy(prototype.widget)
    form_field.widget.attrs = dict(prototype.widget.attrs)
    form_field.error_messages = dict(prototype.error_messages)
    form_field.validators = list(prototype.validators)
    return form_field


def _prototypes(instrument: Instrument, language: str) -> list[tuple[str, forms.Field, bool]]:
    key = (id(instrument), language)
    cached = _PROTOTYPES.get(key)
    if cached is not None and cached[0] is instrument:
        return cached[1]
    built = [
        (name, form_field, question.required)
        for question in instrument.questions()
        for name, form_field in AnswerForm.fields_for(question, language)
    ]
    if len(_PROTOTYPES) >= _PROTOTYPES_KEPT:
        _PROTOTYPES.clear()
    _PROTOTYPES[key] = (instrument, built)
    return built


def _initial_from(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Stored answers (a draft) turned back into form values, so the page comes prefilled."""
    initial: dict[str, Any] = {}
    for question in instrument.questions():
        if question.id not in answers:
            continue
        value = answers[question.id]
        if isinstance(question, MatrixQuestion):
            if isinstance(value, Mapping):
                for row_id, point in value.items():
                    initial[_matrix_field_name(question, row_id)] = str(point)
        elif isinstance(question, LikertQuestion):
            initial[question.id] = DONT_KNOW if value is None else str(value)
        elif isinstance(question, Scale10Question):
            initial[question.id] = str(value)
        else:
            initial[question.id] = value
    return initial
