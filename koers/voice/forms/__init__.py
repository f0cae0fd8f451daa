"""The forms of Voice's core pages. They only parse; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.orgs.models import Membership, Organisation
from koers.voice.models import Action, Category, Kind
from koers.voice.services import MAX_ANSWER, MAX_REPLY, MAX_TEXT


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _department_choices(organisation: Organisation) -> list[tuple[str, Any]]:
    return [
        ("", _("No department")),
        *((str(d.pk), d.name) for d in organisation.departments.all()),
    ]


class RaiseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=[
            (Kind.CONCERN, _("A concern: something about AI worries me")),
            (Kind.HELP, _("A request for help: I'd like someone to show me or my team")),
        ],
        widget=forms.RadioSelect,
        initial=Kind.CONCERN,
    )
    text = forms.CharField(
        label=_("What is it about?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "In your own words. Before anything is published a moderator removes names and "
            "other personal details."
        ),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("Suggest one from my text")), *Category.choices],
        required=False,
        help_text=_("Leave it to Koers and check the suggestion on the next step, or choose."),
    )
    department = forms.ChoiceField(label=_("Department"), required=False)
    anonymous = forms.BooleanField(
        label=_("Anonymous"),
        required=False,
        initial=True,
        help_text=_(
            "Koers does not store who you are, nor the time: only the day. You get a private "
            "case code to read the answer and reply. Untick to raise it by name; it then "
            "appears under My concerns."
        ),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "department", _department_choices(organisation))


class CaseCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your case code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "placeholder": "KV-XXXX-XXXX-XXXX"}
        ),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=MAX_REPLY, widget=forms.Textarea(attrs={"rows": 4})
    )


class PublishForm(forms.Form):
    public_text = forms.CharField(
        label=_("Text to publish"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What every employee will read. Pre-filled with the redacted text."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    department = forms.ChoiceField(label=_("Department"), required=False)
    confirm = forms.BooleanField(
        label=_("I checked it: publish it even though Koers still finds personal data in it"),
        required=False,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "department", _department_choices(organisation))


class WithholdForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it withheld?"),
        max_length=500,
        help_text=_("Kept in the history; the submitter does not see it."),
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Answer"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Published with the concern; the submitter reads it with their case code."),
    )
    actions = forms.MultipleChoiceField(
        label=_("Linked actions"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(
            self,
            "actions",
            [
                (str(a.pk), a.title)
                for a in Action.objects.filter(organisation=organisation).order_by("title")
            ],
        )


class ActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Action.ActionKind.choices)
    title = forms.CharField(
        label=_("What will be done"),
        max_length=200,
        required=False,
        help_text=_("For a use case you may leave it empty: the use case's title is used."),
    )
    usecase = forms.ChoiceField(label=_("Use case"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        usecases = organisation.usecases.filter(merged_into__isnull=True).order_by("number")
        _set_choices(
            self,
            "usecase",
            [("", "—"), *((str(u.pk), f"UC-{u.number} {u.title}") for u in usecases)],
        )
        members = Membership.objects.filter(
            organisation=organisation, is_active=True
        ).select_related("user")
        _set_choices(self, "owner", [("", "—"), *((str(m.pk), str(m.user)) for m in members)])


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.ActionStatus.choices)
