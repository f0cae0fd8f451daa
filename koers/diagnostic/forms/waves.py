"""The facilitator's forms for a scan wave: its name, audience and dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.core import clock
from koers.diagnostic.models import SHARED_LINK_MAX_CAP, Instrument, InstrumentVersion, Wave
from koers.orgs.models import Department, Organisation

DEFAULT_DAYS_OPEN = 14
WHOLE_ORGANISATION = "all"
CHOSEN_DEPARTMENTS = "departments"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def latest_scan_versions(organisation: Organisation) -> list[int]:
    """The newest version of each of the organisation's readiness scans."""
    latest: dict[int, int] = {}
    for version_id, instrument_id in InstrumentVersion.objects.filter(
        instrument__organisation=organisation, instrument__kind=Instrument.Kind.SCAN
    ).values_list("pk", "instrument_id"):
        latest.setdefault(instrument_id, version_id)  # ordered newest first per instrument
    return list(latest.values())


class VersionChoiceField(forms.ModelChoiceField[InstrumentVersion]):
    def label_from_instance(self, obj: InstrumentVersion) -> str:
        return str(
            _("%(name)s, version %(number)s")
            % {"name": obj.instrument.display_name, "number": obj.number}
        )


class WaveForm(forms.Form):
    """A wave's name, audience and dates; with ``versions`` also the instrument version it asks
    (a new wave)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    version = VersionChoiceField(
        label=_("Questions"),
        queryset=InstrumentVersion.objects.none(),
        help_text=_("The wave asks this version of the scan; later edits don't change it."),
    )
    audience = forms.ChoiceField(
        label=_("Who is invited"),
        choices=[
            (WHOLE_ORGANISATION, _("The whole organisation")),
            (CHOSEN_DEPARTMENTS, _("Chosen departments")),
        ],
        widget=forms.RadioSelect,
        initial=WHOLE_ORGANISATION,
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        versions: QuerySet[InstrumentVersion] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        departments = self.fields["departments"]
        assert isinstance(departments, forms.ModelMultipleChoiceField)
        departments.queryset = organisation.departments.order_by("name")
        if versions is None:
            del self.fields["version"]
        else:
            version = self.fields["version"]
            assert isinstance(version, forms.ModelChoiceField)
            version.queryset = versions.select_related("instrument")

    @classmethod
    def for_new(cls, data: Any, *, organisation: Organisation, version_pk: str | None) -> WaveForm:
        """A new wave's form: today and two weeks on, the requested version preselected."""
        ids = latest_scan_versions(organisation)
        requested = (
            InstrumentVersion.objects.filter(
                pk=int(version_pk), instrument__organisation=organisation
            ).first()
            if version_pk and version_pk.isdigit()
            else None
        )
        if requested is not None:
            ids.append(requested.pk)
        today = clock.today()
        return cls(
            data,
            organisation=organisation,
            versions=InstrumentVersion.objects.filter(pk__in=ids).order_by(
                "instrument__name", "-number"
            ),
            initial={
                "version": requested.pk if requested else (ids[0] if len(ids) == 1 else None),
                "opens_on": today,
                "closes_on": today + dt.timedelta(days=DEFAULT_DAYS_OPEN),
                "audience": WHOLE_ORGANISATION,
            },
        )

    @classmethod
    def for_wave(cls, data: Any, *, wave: Wave) -> WaveForm:
        chosen = list(wave.departments.all())
        return cls(
            data,
            organisation=wave.organisation,
            initial={
                "name": wave.name,
                "opens_on": wave.opens_on,
                "closes_on": wave.closes_on,
                "audience": CHOSEN_DEPARTMENTS if chosen else WHOLE_ORGANISATION,
                "departments": chosen,
            },
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("A wave closes on or after the day it opens."))
        if cleaned.get("audience") == CHOSEN_DEPARTMENTS and not cleaned.get("departments"):
            self.add_error("departments", _("Choose at least one department."))
        return cleaned

    def chosen_departments(self) -> list[Department]:
        """The audience's departments; empty for the whole organisation."""
        if self.cleaned_data["audience"] == WHOLE_ORGANISATION:
            return []
        return list(self.cleaned_data["departments"])


class SharedLinkForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), empty_label=None
    )
    cap = forms.IntegerField(
        label=_("Most answers"),
        required=False,
        min_value=1,
        max_value=SHARED_LINK_MAX_CAP,
        help_text=_(
            "Empty: one and a half times the department's people in Koers, and at least 20."
        ),
    )

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(pk__in=[d.pk for d in departments]).order_by(
            "name"
        )


class ReminderForm(forms.Form):
    again_today = forms.BooleanField(label=_("Yes, send reminders again today"), required=False)
