"""API schemas of the readiness scan. Results carry only what ``results.py`` published: a cell
that is not in a list was suppressed, never zero."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.urls import reverse
from ninja import Schema
from pydantic import AliasPath, Field

from koers.core.schema_types import Id, Ids, RequiredLine
from koers.diagnostic.models import Instrument, InstrumentVersion, Wave
from koers.orgs.schemas import BodyIn, FromObject


def _latest(instrument: Instrument) -> InstrumentVersion:
    latest = instrument.versions.order_by("-number").first()
    assert latest is not None  # an instrument is created with its first version
    return latest


# Read from an Instrument; the version fields are its newest version's.
class InstrumentOut(FromObject):
    id: int
    name: str
    kind: str = Field(description="scan or calibration.")
    copied_from: str = Field(description="The shipped instrument it was copied from, if any.")
    version_id: int = Field(description="The newest version's id (start a wave with it).")
    version: int = Field(description="The newest version's number.")
    frozen: bool = Field(description="A wave uses the newest version: editing makes a new one.")

    @staticmethod
    def resolve_version_id(instrument: Instrument) -> int:
        return _latest(instrument).pk

    @staticmethod
    def resolve_version(instrument: Instrument) -> int:
        return _latest(instrument).number

    @staticmethod
    def resolve_frozen(instrument: Instrument) -> bool:
        return _latest(instrument).frozen


class InstrumentDetailOut(InstrumentOut):
    definition: dict[str, Any] = Field(description="The newest version's questions.")

    @staticmethod
    def resolve_definition(instrument: Instrument) -> dict[str, Any]:
        return _latest(instrument).definition


# Read from a Wave; the ``request`` of the validation context makes ``url`` absolute.
class WaveOut(FromObject):
    id: int
    name: str
    status: str = Field(description="draft, open or closed.")
    opens_on: dt.date
    closes_on: dt.date
    instrument_id: int = Field(validation_alias=AliasPath("version", "instrument_id"))
    version_id: int
    departments: list[int] = Field(description="The audience; empty: the whole organisation.")
    invited: int = Field(description="People with a personal link.")
    url: str = Field(description="The results page.")

    @staticmethod
    def resolve_departments(wave: Wave) -> list[int]:
        return sorted(wave.departments.values_list("pk", flat=True))

    @staticmethod
    def resolve_invited(wave: Wave) -> int:
        return wave.invitations.count()

    @staticmethod
    def resolve_url(wave: Wave, context: dict[str, Any]) -> str:
        kwargs = {"org_slug": wave.organisation.slug, "pk": wave.pk}
        return context["request"].build_absolute_uri(reverse("diagnostic:results", kwargs=kwargs))


class WaveIn(BodyIn):
    version_id: Id
    name: Annotated[RequiredLine, Field(max_length=200)]
    opens_on: dt.date
    closes_on: dt.date
    departments: Ids = Field(default_factory=list)


class IntervalOut(Schema):
    low: float
    high: float


class FiguresOut(Schema):
    department: str | None = Field(
        description='A department id, "unknown" (no department), or null for all.'
    )
    role_group: str | None = Field(description="leadership, staff, unknown, or null for all.")
    n: int
    mean: float | None = Field(description="Mean barrier score, 1 (weak) to 5 (strong).")
    interval: IntervalOut | None = Field(description="95% t-interval of the mean.")
    agree: float | None = Field(description="Share scoring 4 or 5.")
    distribution: list[int] = Field(description="Respondents per rounded score 1..5.")


class DifferenceOut(Schema):
    estimate: float
    interval: IntervalOut


class ActionOut(Schema):
    text: str
    module: str


class BarrierOut(Schema):
    id: str
    name: str
    actions: list[ActionOut]
    cells: list[FiguresOut] = Field(description="Published cells only.")
    gap: DifferenceOut | None = Field(description="Leadership minus staff, when both published.")
    trend: DifferenceOut | None = Field(
        description="This wave minus the previous one, on like groups only (`compared_on`); "
        "null when there is no like group or a figure is held back."
    )


class ItemCellOut(Schema):
    department: str | None
    role_group: str | None
    counts: list[int] = Field(description="Answers per option 1..points.")
    dont_know: int
    agree: float | None


class ItemOut(Schema):
    id: str
    text: str
    barrier: str | None
    cells: list[ItemCellOut]


class TextCellOut(Schema):
    department: str | None
    answers: list[str]


class TextOut(Schema):
    id: str
    text: str
    cells: list[TextCellOut] = Field(description="Organisation and published departments only.")


class ParticipationOut(Schema):
    department: str
    department_name: str
    invited: int = Field(description="Invitations sent.")
    answered: int | None = Field(
        description="Everyone who answered, by either channel. Null: fewer than k, or "
        "derivable from others."
    )
    by_invitation: int | None = Field(
        description="Invitees who answered (the response rate is this over `invited`). Null: "
        "suppressed, or the split would show a group under k."
    )
    by_link: int | None = Field(
        description="Answers through a shared link: not answers by invitees. Null as above."
    )


class ResultsOut(Schema):
    wave_id: int
    k: int = Field(description="No figure rests on fewer respondents than this.")
    respondents: int | None = Field(
        description="Organisation total who answered; null when suppressed."
    )
    invited: int
    withheld: bool = Field(
        description="True while the wave is open without live results: participation only, the "
        "figures follow when it closes."
    )
    live: bool = Field(
        description="Live results: the figures move in steps of at least k respondents per "
        "department and role group."
    )
    in_figures: int | None = Field(
        description="The respondents the figures rest on (fewer than `respondents` with live "
        "results); null when suppressed."
    )
    previous_wave_id: int | None
    compared_on: list[str] = Field(
        description="The department keys the change since the previous wave is measured on: "
        "the whole audience when both waves asked the same departments, else the departments "
        "both asked and both published; empty when there is no like group (no change is given)."
    )
    participation: list[ParticipationOut]
    barriers: list[BarrierOut]
    items: list[ItemOut]
    texts: list[TextOut]
