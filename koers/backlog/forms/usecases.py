from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from koers.backlog.models.usecases import PersonalData, Stage, Technique, UseCase
from koers.backlog.selectors.usecases import NOT_TRIAGED, UseCaseFilter, usecase_get_by_reference
from koers.backlog.services.usecases import UseCaseData
from koers.orgs.models import Department, Organisation


def _triage_choices(field: str) -> Callable[[], list[tuple[str, Any]]]:
    """The choices of a field of the triage, for filtering the register by it: read through the
    app registry (as a ForeignKey's "app.Model" is), since the triage builds on the backlog and
    the backlog does not import it."""

    def choices() -> list[tuple[str, Any]]:
        found = apps.get_model("triage", "Triage")._meta.get_field(field).choices or []
        return [("", _("Any")), *found, (NOT_TRIAGED, _("Not triaged"))]

    return choices


class UseCaseForm(forms.ModelForm):
    """The intake form, worded for someone who has never written a project proposal."""

    departments = forms.ModelMultipleChoiceField(
        label=_("Departments involved"),
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every department that would use it or has to help."),
    )
    anonymous = forms.BooleanField(
        label=_("Submit anonymously"),
        required=False,
        help_text=_(
            "Your name is not stored with this idea, not even in its history. "
            "You will not be able to edit it afterwards."
        ),
    )

    class Meta:
        model = UseCase
        fields = [
            "title",
            "problem",
            "solution",
            "benefits",
            "hours_saved_per_month",
            "other_value_eur_per_year",
            "outputs",
            "departments",
            "data_used",
            "data_readiness",
            "personal_data",
            "technique",
            "effort",
        ]
        labels = {
            "title": _("Give your idea a short name"),
            "problem": _("What problem does it solve?"),
            "solution": _("How could AI help?"),
            "benefits": _("What would it bring?"),
            "hours_saved_per_month": _("Hours saved per month (estimate)"),
            "other_value_eur_per_year": _("Other value per year in euros (estimate)"),
            "outputs": _("What would the AI produce?"),
            "data_used": _("Which information or data would it use?"),
            "data_readiness": _("Is the data it needs available?"),
            "personal_data": _("Does it involve personal data?"),
            "technique": _("What kind of AI is it?"),
            "effort": _("How much work do you think it is?"),
        }
        help_texts = {
            "problem": _(
                "Describe today's situation: what takes too long, goes wrong or costs a lot."
            ),
            "solution": _("In your own words; no technical terms needed."),
            "benefits": _(
                "For example: faster answers for customers, fewer errors, less dull work."
            ),
            "hours_saved_per_month": _("Across everyone involved. Leave empty if you don't know."),
            "other_value_eur_per_year": _(
                "Savings or income that are not hours. Leave empty if you don't know."
            ),
            "outputs": _("For example: a draft letter, a summary, a score, a warning."),
            "data_used": _("For example: e-mails, contracts, the CRM, sensor readings."),
            "data_readiness": _(
                "Can it be reached today, and is it complete and tidy enough to use? "
                "'Don't know' is fine."
            ),
            "personal_data": _(
                "Names, addresses, health, salaries or anything else about a person."
            ),
            "technique": _("Pick the closest; 'Don't know' is fine."),
        }
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 300}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "solution": forms.Textarea(attrs={"rows": 4}),
            "benefits": forms.Textarea(attrs={"rows": 3}),
            "outputs": forms.Textarea(attrs={"rows": 2}),
            "data_used": forms.Textarea(attrs={"rows": 2}),
            "data_readiness": forms.RadioSelect,
            "personal_data": forms.RadioSelect,
            "technique": forms.RadioSelect,
            "effort": forms.RadioSelect,
            "hours_saved_per_month": forms.NumberInput(attrs={"min": 0, "step": "0.5"}),
            "other_value_eur_per_year": forms.NumberInput(attrs={"min": 0, "step": "1"}),
        }

    def __init__(
        self, *args: Any, organisation: Organisation, allow_anonymous: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["departments"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Department.objects.filter(organisation=organisation)
        for name in ("problem", "solution"):
            self.fields[name].required = True
        if not allow_anonymous:
            del self.fields["anonymous"]

    def clean_hours_saved_per_month(self) -> Any:
        value = self.cleaned_data["hours_saved_per_month"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("Enter zero or more."))
        return value

    def clean_other_value_eur_per_year(self) -> Any:
        value = self.cleaned_data["other_value_eur_per_year"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("Enter zero or more."))
        return value

    def to_data(self) -> UseCaseData:
        data = self.cleaned_data
        return UseCaseData(
            **{name: data[name] for name in UseCaseData.__dataclass_fields__ if name in data},
            department_ids=tuple(d.pk for d in data["departments"]),
        )

    def to_changes(self) -> dict[str, Any]:
        """The fields the person changed, for ``usecase_update``."""
        names = {"department_ids" if name == "departments" else name for name in self.changed_data}
        return {name: value for name, value in asdict(self.to_data()).items() if name in names}


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("All departments"),
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices]
    )
    technique = forms.ChoiceField(
        label=_("AI technique"),
        required=False,
        choices=[("", _("All techniques")), *Technique.choices],
    )
    personal_data = forms.ChoiceField(
        label=_("Personal data"), required=False, choices=[("", _("Any")), *PersonalData.choices]
    )
    risk_group = forms.ChoiceField(
        label=_("Risk group"), required=False, choices=_triage_choices("risk_group")
    )
    ai_role = forms.ChoiceField(
        label=_("AI Act role"), required=False, choices=_triage_choices("role")
    )
    transparency = forms.ChoiceField(
        label=_("Transparency duty"),
        required=False,
        choices=_triage_choices("transparency"),
    )
    dpia = forms.ChoiceField(label=_("DPIA"), required=False, choices=_triage_choices("dpia"))
    triage_status = forms.ChoiceField(
        label=_("Triage status"), required=False, choices=_triage_choices("status")
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("votes", _("Most votes")),
            ("title", _("Title")),
            ("stage", _("Stage")),
            ("reference", _("Reference")),
        ],
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(organisation=organisation)

    def to_filter(self, *, default_sort: str = "newest") -> UseCaseFilter | None:
        """The register filter these parameters describe; None when they are invalid."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return UseCaseFilter(
            q=data["q"].strip(),
            department=data["department"].pk if data["department"] else None,
            stage=data["stage"],
            technique=data["technique"],
            personal_data=data["personal_data"],
            risk_group=data["risk_group"],
            ai_role=data["ai_role"],
            transparency=data["transparency"],
            dpia=data["dpia"],
            triage_status=data["triage_status"],
            sort=data["sort"] or default_sort,
        )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Reason (required when rejecting)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(forms.Form):
    """Merging from a use case's page: the other one by its reference, and which one stays."""

    INTO_THIS = "into_this"
    INTO_OTHER = "into_other"

    other = forms.CharField(
        label=_("Reference of the other use case"),
        max_length=20,
        help_text=_("For example UC-12."),
        error_messages={"required": _("Give the reference of the other use case, such as UC-12.")},
    )
    direction = forms.ChoiceField(
        label=_("Which one stays?"),
        choices=[
            (INTO_THIS, _("This one: merge the other into this one")),
            (INTO_OTHER, _("The other one: merge this one into it")),
        ],
        initial=INTO_THIS,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for the history (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_other(self) -> UseCase:
        reference = self.cleaned_data["other"]
        try:
            return usecase_get_by_reference(organisation=self.organisation, reference=reference)
        except UseCase.DoesNotExist as error:
            raise forms.ValidationError(
                _("There is no use case %(ref)s in this organisation."), params={"ref": reference}
            ) from error

    def duplicate_and_keep(self, usecase: UseCase) -> tuple[UseCase, UseCase]:
        """Which of ``usecase`` (the page's) and the other one is merged, and which one stays."""
        other = self.cleaned_data["other"]
        if self.cleaned_data["direction"] == self.INTO_OTHER:
            return usecase, other
        return other, usecase
