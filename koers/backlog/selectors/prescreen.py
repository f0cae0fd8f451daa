"""The risk pre-screen for people: the core's flags with their reasons in the reader's language.

``koers.textmine.prescreen`` is Django-free and explains itself in English; this module gives each
area and rule a translatable label, so a Dutch reader reads Dutch (the trigger words stay as they
were written in the use case).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.backlog.models.usecases import PersonalData, UseCase
from koers.backlog.services.themes import usecase_text
from koers.textmine.prescreen import Flag, Screen, screen

AREAS = {
    "rights": gettext_lazy("significant decisions about individuals"),
    "biometrics": gettext_lazy("biometric identification and categorisation"),
    "critical_infrastructure": gettext_lazy("critical infrastructure"),
    "education": gettext_lazy("education and vocational training"),
    "employment": gettext_lazy("employment and workers"),
    "essential_services": gettext_lazy("access to public benefits and services"),
    "finance": gettext_lazy("credit, insurance and housing"),
    "law_enforcement": gettext_lazy("law enforcement"),
    "migration": gettext_lazy("migration, asylum and border control"),
    "justice": gettext_lazy("administration of justice and democratic processes"),
    "health": gettext_lazy("health and medical care"),
    "safety": gettext_lazy("safety of people and safety-critical systems"),
    "personal_data": gettext_lazy("personal data"),
    "special_category": gettext_lazy("special categories of personal data"),
    "unclear": gettext_lazy("too little text to rule it out"),
}
KINDS = {
    "high_impact": gettext_lazy("possibly high impact"),
    "personal_data": gettext_lazy("personal data"),
}


@dataclass(frozen=True)
class ShownFlag:
    kind: str
    kind_label: str
    area_label: str
    terms: tuple[str, ...]
    explanation: str


def _explain(flag: Flag) -> str:
    if flag.rule == "declared":
        return _("the submitter said personal data is involved")
    if flag.rule == "too_short":
        return _("the description is too short to rule high impact out")
    if flag.rule == "context":
        return _("these words appear near words about people and decisions")
    return _("these words point at this area")


def shown_flags(result: Screen) -> list[ShownFlag]:
    return [
        ShownFlag(
            kind=flag.kind,
            kind_label=str(KINDS.get(flag.kind, flag.kind)),
            area_label=str(AREAS.get(flag.area, flag.area)),
            terms=flag.terms,
            explanation=_explain(flag),
        )
        for flag in result.flags
    ]


def usecase_screen(usecase: UseCase) -> Screen:
    declared = {PersonalData.YES: True, PersonalData.NO: False}.get(
        PersonalData(usecase.personal_data)
    )
    return screen(usecase_text(usecase), declared_personal_data=declared)


def usecases_flagged(usecases: Iterable[UseCase]) -> set[int]:
    """The ids of the use cases the pre-screen flags as possibly high impact (for a list page:
    one pass in the view, not a template filter per row). A use case with a signed-off triage
    is left out: its triage outranks the pre-screen."""
    return {
        usecase.pk
        for usecase in usecases
        if not usecase.assessed_risk and usecase_screen(usecase).high_impact
    }
