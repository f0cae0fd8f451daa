"""Running a scan: instruments, waves, invitations and anonymous responses.

Every function that acts for a person takes an ``OrgContext`` and checks the permission; the
respondent's side works by the invitation token alone (a respondent needs no account session to
answer, only the link)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.services import change_record
from koers.diagnostic.models import (
    Instrument,
    InstrumentVersion,
    Invitation,
    Nomination,
    Response,
    RoleGroup,
    ScanSettings,
    Wave,
)
from koers.orgs.models import Department, Membership, Organisation, Role
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

LEADERSHIP_ROLES = {Role.ADMIN, Role.LEAD}


def role_group(role: str) -> str:
    return RoleGroup.LEADERSHIP if role in LEADERSHIP_ROLES else RoleGroup.STAFF


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def scan_settings(organisation: Organisation) -> ScanSettings:
    found, _created = ScanSettings.objects.get_or_create(organisation=organisation)
    return found


# --- instruments -----------------------------------------------------------------------------


@transaction.atomic
def instrument_create(
    ctx: OrgContext, *, name: str, kind: str, definition: Mapping[str, Any], copied_from: str = ""
) -> Instrument:
    ctx.require(Perm.MANAGE_SCANS)
    instrument = Instrument.objects.create(
        organisation=ctx.organisation,
        kind=kind,
        name=name,
        copied_from=copied_from,
        created_by=ctx.user,
    )
    InstrumentVersion.objects.create(instrument=instrument, number=1, definition=dict(definition))
    change_record(
        obj=instrument,
        organisation_id=ctx.organisation.pk,
        actor=ctx.user,
        action="created",
        fields={"name": [None, name]},
    )
    return instrument


def instrument_copy_shipped(ctx: OrgContext, kind: str) -> Instrument:
    """Copy Koers's own readiness scan (``kind="scan"``) or leadership calibration quiz
    (``kind="calibration"``) into the organisation, to run as it is or to edit."""
    from koers.diagnostic_data.loader import load_calibration, load_default_scan

    shipped = load_default_scan() if kind == Instrument.Kind.SCAN else load_calibration()
    language = "nl" if (ctx.user.language or "").startswith("nl") else "en"
    return instrument_create(
        ctx,
        name=getattr(shipped.title, language),
        kind=kind,
        definition=shipped.model_dump(mode="json"),
        copied_from=shipped.id,
    )


@transaction.atomic
def instrument_revise(
    ctx: OrgContext, instrument: Instrument, definition: Mapping[str, Any]
) -> InstrumentVersion:
    """Change an instrument's questions: the newest version if no wave used it yet, else a new
    version (a running wave keeps the questions its respondents see)."""
    ctx.require(Perm.MANAGE_SCANS)
    if instrument.organisation_id != ctx.organisation.pk:
        raise ValidationError(_("This instrument belongs to another organisation."))
    latest = instrument.versions.select_for_update().order_by("-number").first()
    if latest is not None and not latest.frozen:
        latest.definition = dict(definition)
        latest.save(update_fields=["definition"])
        return latest
    number = (instrument.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return InstrumentVersion.objects.create(
        instrument=instrument, number=number, definition=dict(definition)
    )


# --- waves and invitations -------------------------------------------------------------------


@transaction.atomic
def wave_create(
    ctx: OrgContext,
    *,
    version: InstrumentVersion,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    departments: Iterable[Department] = (),
) -> Wave:
    ctx.require(Perm.MANAGE_SCANS)
    if version.instrument.organisation_id != ctx.organisation.pk:
        raise ValidationError(_("This instrument belongs to another organisation."))
    if closes_on < opens_on:
        raise ValidationError({"closes_on": [_("A wave closes on or after the day it opens.")]})
    chosen = list(departments)
    if any(d.organisation_id != ctx.organisation.pk for d in chosen):
        raise ValidationError({"departments": [_("Choose departments of this organisation.")]})
    version.frozen = True
    version.save(update_fields=["frozen"])
    wave = Wave.objects.create(
        organisation=ctx.organisation,
        version=version,
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    wave.departments.set(chosen)
    change_record(
        obj=wave,
        organisation_id=ctx.organisation.pk,
        actor=ctx.user,
        action="created",
        fields={
            "name": [None, name],
            "opens_on": [None, str(opens_on)],
            "closes_on": [None, str(closes_on)],
        },
    )
    return wave


def wave_audience(wave: Wave) -> list[Membership]:
    members = Membership.objects.filter(organisation=wave.organisation, is_active=True)
    chosen = list(wave.departments.values_list("pk", flat=True))
    if chosen:
        members = members.filter(department_id__in=chosen)
    return list(members.select_related("user", "department").order_by("pk"))


@transaction.atomic
def invitations_issue(ctx: OrgContext, wave: Wave) -> list[tuple[Invitation, str]]:
    """A one-time link for everyone in the audience who has none yet: (invitation, token). The
    token is shown or mailed once; only its hash is kept."""
    ctx.require(Perm.MANAGE_SCANS)
    if wave.organisation_id != ctx.organisation.pk:
        raise ValidationError(_("This wave belongs to another organisation."))
    invited = set(wave.invitations.values_list("membership_id", flat=True))
    issued = []
    today = timezone.localdate()
    for membership in wave_audience(wave):
        if membership.pk in invited:
            continue
        token = secrets.token_urlsafe(24)
        invitation = Invitation.objects.create(
            wave=wave,
            membership=membership,
            token_hash=token_hash(token),
            department=membership.department,
            role_group=role_group(membership.role),
            sent_on=today,
        )
        issued.append((invitation, token))
    return issued


def invitation_for(token: str) -> Invitation:
    """The open, unused invitation of a token; ValidationError with a clear reason otherwise."""
    invitation = (
        Invitation.objects.select_related("wave").filter(token_hash=token_hash(token)).first()
    )
    if invitation is None:
        raise ValidationError(_("This link is not valid."))
    if invitation.used:
        raise ValidationError(_("This link has been used already: thank you for answering."))
    wave = invitation.wave
    today = timezone.localdate()
    if wave.status != Wave.Status.OPEN or not wave.opens_on <= today <= wave.closes_on:
        raise ValidationError(_("This scan is not open."))
    return invitation


def draft_save(token: str, answers: Mapping[str, Any]) -> Invitation:
    invitation = invitation_for(token)
    invitation.draft = dict(answers)
    invitation.save(update_fields=["draft"])
    return invitation


@transaction.atomic
def response_submit(
    token: str, answers: Mapping[str, Any], *, language: str = "en", help_colleagues: bool = False
) -> Response:
    """Store the answers without any link to the person: a new ``Response`` with the department,
    the role group and the day; the invitation is marked used and its draft emptied."""
    invitation = invitation_for(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used:
        raise ValidationError(_("This link has been used already: thank you for answering."))
    today = timezone.localdate()
    response = Response.objects.create(
        wave=invitation.wave,
        department=invitation.department,
        role_group=invitation.role_group,
        submitted_on=today,
        language=language,
        answers=dict(answers),
    )
    invitation.used = True
    invitation.draft = {}
    invitation.save(update_fields=["used", "draft"])
    if help_colleagues and invitation.membership is not None:
        Nomination.objects.get_or_create(
            wave=invitation.wave, membership=invitation.membership, defaults={"created_on": today}
        )
    return response


def reminders_due(wave: Wave) -> list[Invitation]:
    """The invitations to remind: only those not used yet."""
    return list(wave.invitations.filter(used=False).select_related("membership__user"))
