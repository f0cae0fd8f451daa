"""The Academy's forms: each one feeds one service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.academy.models import Module
from koers.academy.quiz import (
    MAX_OPTION_CHARS,
    MAX_OPTIONS,
    MAX_QUESTION_CHARS,
    MAX_QUESTIONS,
    MIN_OPTIONS,
    Question,
)
from koers.orgs.models import Department, Membership, Organisation


def _member_choices(organisation: Organisation) -> Any:
    return Membership.objects.filter(organisation=organisation, is_active=True).select_related(
        "user", "department"
    )


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return (
            f"{obj.user.name or obj.user.email} ({obj.user.email})"
            if obj.user.name
            else obj.user.email
        )


class MembersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # The department tells apart colleagues with the same name.
        name = obj.user.name or obj.user.email
        return f"{name} · {obj.department.name}" if obj.department else name


class NominateForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why would you like to be an AI evangelist?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    hours_per_month = forms.IntegerField(
        label=_("Hours available per month"), min_value=0, max_value=200, initial=4
    )


class NominateOtherForm(NominateForm):
    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"] = MemberChoice(
            label=_("Colleague"), queryset=_member_choices(organisation)
        )
        self.fields["motivation"].label = _("Why this colleague?")
        self.order_fields(["membership", "motivation", "hours_per_month"])


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )
    message = forms.CharField(
        label=_("A kind message (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class RatioForm(forms.Form):
    people_per_evangelist = forms.IntegerField(
        label=_("One evangelist per how many people?"), min_value=1, max_value=1000
    )


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["title", "goals", "hours", "assessment"]
        localized_fields = ["hours"]  # 1,5 in Dutch
        widgets = {"goals": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(forms.Form):
    """One quiz question: its text, up to six options, and which of them are right."""

    question = forms.CharField(
        label=_("Question"),
        max_length=MAX_QUESTION_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(MAX_OPTIONS):
            self.fields[f"option_{i}"] = forms.CharField(
                label=_("Option %(n)d") % {"n": i + 1}, max_length=MAX_OPTION_CHARS, required=False
            )
            self.fields[f"right_{i}"] = forms.BooleanField(label=_("right"), required=False)

    def option_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"option_{i}"], self[f"right_{i}"]) for i in range(MAX_OPTIONS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        options: list[str] = []
        correct: list[int] = []
        for i in range(MAX_OPTIONS):
            text = (data.get(f"option_{i}") or "").strip()
            if data.get(f"right_{i}") and not text:
                raise forms.ValidationError(_("An option marked right needs a text."))
            if text:
                if data.get(f"right_{i}"):
                    correct.append(len(options))
                options.append(text)
        question = (data.get("question") or "").strip()
        empty = not question and not options
        if not empty and not (self.can_delete and data.get("DELETE")):
            if not question:
                raise forms.ValidationError(_("Give the question a text."))
            if len(options) < MIN_OPTIONS:
                raise forms.ValidationError(_("Give at least %(n)d options.") % {"n": MIN_OPTIONS})
            if not correct:
                raise forms.ValidationError(_("Mark at least one option as right."))
        data["parsed"] = (
            None if empty else {"question": question, "options": options, "correct": correct}
        )
        return data

    @property
    def can_delete(self) -> bool:
        return "DELETE" in self.fields


QuestionFormSet = forms.formset_factory(
    QuestionForm, extra=1, can_delete=True, max_num=MAX_QUESTIONS, validate_max=True
)


def quiz_initial(quiz: Sequence[Question]) -> list[dict[str, Any]]:
    """The formset's starting values for a module's questions."""
    rows = []
    for q in quiz:
        row: dict[str, Any] = {"question": q.question}
        for i, option in enumerate(q.options):
            row[f"option_{i}"] = option
            row[f"right_{i}"] = i in q.correct
        rows.append(row)
    return rows


def quiz_from(formset: Any) -> list[dict[str, Any]]:
    """The questions a valid formset holds, in order, without the deleted and empty ones."""
    return [
        f.cleaned_data["parsed"]
        for f in formset.forms
        if f.cleaned_data.get("parsed") and not f.cleaned_data.get("DELETE")
    ]


class SkillsForm(forms.Form):
    skills = forms.MultipleChoiceField(
        label=_("Skills this module trains"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["skills"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = list(choices)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(
        label=_("or a file (PDF, PowerPoint, Word, Excel, PNG, JPG or text; at most 20 MB)"),
        required=False,
    )


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=15, max_value=1440, initial=90
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("Online link"), required=False, max_length=500, assume_scheme="https"
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=1000, initial=20)

    def __init__(self, *args: Any, organisation: Organisation, lead: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modules = Module.objects.filter(organisation=organisation).select_related("track")
        self.fields["module"] = forms.ModelChoiceField(label=_("Module"), queryset=modules)
        order = ["module", "starts_at", "minutes", "place", "online_link", "capacity"]
        if lead:
            self.fields["trainer"] = MemberChoice(
                label=_("Trainer"), queryset=_member_choices(organisation), required=False
            )
            self.fields["trainer_label"] = forms.CharField(
                label=_("or a trainer from outside (name)"), max_length=200, required=False
            )
            order[1:1] = ["trainer", "trainer_label"]
        self.order_fields(order)


class AttendanceForm(forms.Form):
    def __init__(
        self, *args: Any, organisation: Organisation, listed: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"] = forms.TypedMultipleChoiceField(
            choices=[(pk, pk) for pk in listed], coerce=int, required=False
        )
        self.fields["add"] = MembersChoice(
            label=_("Add people who took part"),
            queryset=_member_choices(organisation).exclude(pk__in=listed),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 6}),
        )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("One comment for the trainer (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )


class InviteForm(forms.Form):
    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"] = forms.ModelChoiceField(
            label=_("Invite a department"),
            queryset=Department.objects.filter(organisation=organisation),
            required=False,
        )
        self.fields["people"] = MembersChoice(
            label=_("or people"),
            queryset=_member_choices(organisation),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 5}),
        )


class AssignmentForm(forms.Form):
    text = forms.CharField(
        label=_("Your assignment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A short text, or a link to your work."),
    )


class ReviewForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Verdict"),
        choices=[("yes", _("Approve")), ("no", _("Send back"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QuizForm(forms.Form):
    """One question a field (``q0``, ``q1``, …), each a choice of its options."""

    def __init__(self, *args: Any, questions: Sequence[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, question in enumerate(questions):
            choices = [(str(i), option) for i, option in enumerate(question.options)]
            if question.multiple:
                self.fields[f"q{index}"] = forms.TypedMultipleChoiceField(
                    label=question.question,
                    choices=choices,
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("More than one answer is right: tick all that are."),
                )
            else:
                self.fields[f"q{index}"] = forms.TypedChoiceField(
                    label=question.question, choices=choices, coerce=int, widget=forms.RadioSelect
                )

    def answers(self) -> dict[int, int | list[int]]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
