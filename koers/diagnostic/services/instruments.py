"""The facilitator's instruments: what the scan home lists, and saving an edited definition.

Saving goes through ``services.instrument_revise`` (the newest version while no wave uses it,
else a new version) and writes the history; the definition is checked whole before anything is
stored, so a save is complete or does not happen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery

from koers.core.services import change_by
from koers.diagnostic.instruments import edit as instrument_edit
from koers.diagnostic.models import Instrument, InstrumentVersion, Wave
from koers.diagnostic.services import instrument_create, instrument_revise
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

# --- reads ------------------------------------------------------------------------------------


def instruments_list(ctx: OrgContext) -> QuerySet[Instrument]:
    """The organisation's instruments with their newest version: ``latest_pk``,
    ``latest_number`` and ``latest_frozen`` (a wave uses it, so an edit makes a new version)."""
    ctx.require(Perm.MANAGE_SCANS)
    latest = InstrumentVersion.objects.filter(instrument=OuterRef("pk")).order_by("-number")
    return Instrument.objects.filter(organisation=ctx.organisation).annotate(
        latest_pk=Subquery(latest.values("pk")[:1]),
        latest_number=Subquery(latest.values("number")[:1]),
        latest_frozen=Subquery(latest.values("frozen")[:1]),
    )


def waves_list(ctx: OrgContext) -> QuerySet[Wave]:
    """The organisation's waves, newest first, with ``response_count``: how many answered so far
    (through personal invitations and shared links alike)."""
    ctx.require(Perm.MANAGE_SCANS)
    return (
        Wave.objects.filter(organisation=ctx.organisation)
        .select_related("version__instrument")
        .annotate(response_count=Count("responses"))
    )


def instrument_get(ctx: OrgContext, *, pk: int) -> Instrument:
    """One of the organisation's instruments; ``Instrument.DoesNotExist`` for anyone else's."""
    ctx.require(Perm.MANAGE_SCANS)
    return Instrument.objects.get(organisation=ctx.organisation, pk=pk)


def version_latest(instrument: Instrument) -> InstrumentVersion:
    found = instrument.versions.order_by("-number").first()
    if found is None:
        raise InstrumentVersion.DoesNotExist(f"{instrument} has no version")
    return found


def versions_list(instrument: Instrument) -> QuerySet[InstrumentVersion]:
    return instrument.versions.annotate(wave_count=Count("waves")).order_by("-number")


# --- writes -----------------------------------------------------------------------------------


def instrument_new(ctx: OrgContext, *, name: str) -> Instrument:
    """An empty scan: one section with one open question, to build on."""
    return instrument_create(
        ctx, name=name, kind=Instrument.Kind.SCAN, definition=instrument_edit.empty_definition(name)
    )


@dataclass(frozen=True)
class Revision:
    version: InstrumentVersion
    created: bool  # a new version (the newest was in use by a wave)
    previous_number: int


@transaction.atomic
def instrument_save(
    ctx: OrgContext,
    *,
    instrument: Instrument,
    definition: Mapping[str, Any],
    what: str,
    name: str | None = None,
) -> Revision:
    """Store an edited definition (checked whole first: ``EditError`` and nothing stored) and,
    when given, a new name; ``what`` says in a few words what changed, for the history."""
    ctx.require(Perm.MANAGE_SCANS)
    instrument_edit.check(definition)
    previous = version_latest(instrument)
    version = instrument_revise(ctx, instrument=instrument, definition=definition)
    fields: dict[str, list[Any]] = {}
    if version.number != previous.number:
        fields["version"] = [previous.number, version.number]
    if name is not None and name != instrument.name:
        fields["name"] = [instrument.name, name]
        instrument.name = name
        instrument.save(update_fields=["name"])
    change_by(
        ctx,
        instrument,
        action="revised",
        fields=fields,
        note=what,
    )
    return Revision(version, version.number != previous.number, previous.number)
