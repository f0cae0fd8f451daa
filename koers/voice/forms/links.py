"""The forms of the public Voice link: the moderators' new-link form and the public form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.orgs.models import Organisation
from koers.voice.categorise import suggest
from koers.voice.models import Category, Kind
from koers.voice.services.links import MAX_QUOTA_PER_HOUR


class LinkNewForm(forms.Form):
    quota_per_hour = forms.IntegerField(
        label=_("At most this many messages per hour"),
        min_value=1,
        max_value=MAX_QUOTA_PER_HOUR,
        initial=30,
        help_text=_("More than this in one hour and the link asks people to try again later."),
    )


class PublicItemForm(forms.Form):
    """An anonymous concern or help request through the public link. ``website`` is the
    honeypot and ``stamp`` the signed moment the form was shown: ``ratelimit.HONEYPOT_FIELD``
    and ``ratelimit.STAMP_FIELD``, checked before this form is."""

    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=Kind.choices,
        initial=Kind.CONCERN,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("What is on your mind?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Leave out names and other details that could point at you or at colleagues: "
            "a moderator removes them before anything is published."
        ),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Let Koers choose from my text")), *Category.choices],
    )
    department = forms.ChoiceField(label=_("Department (optional)"), required=False)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department = self.fields["department"]
        assert isinstance(department, forms.ChoiceField)
        department.choices = [
            ("", _("I'd rather not say")),
            *organisation.departments.order_by("name").values_list("pk", "name"),
        ]

    def chosen_category(self) -> str:
        """The category chosen, or the one the text suggests."""
        return self.cleaned_data["category"] or suggest(self.cleaned_data["text"])

    def chosen_department(self) -> int | None:
        value = self.cleaned_data["department"]
        return int(value) if value else None
