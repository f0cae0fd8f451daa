"""Running a scan: settings, instruments, waves and shared links here; answering in ``answers``,
invitations and reminders in ``mailing``, what they share in ``common``.

Every function that acts for a person takes an ``OrgContext`` and checks the permission; the
respondent's side works by the invitation token alone (a respondent needs no account session to
answer, only the link)."""

from __future__ import annotations

import datetime as dt
import math
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.services import change_by, change_record
from koers.diagnostic.models import (
    SHARED_LINK_CAP_FACTOR,
    SHARED_LINK_MAX_CAP,
    SHARED_LINK_MIN_CAP,
    Instrument,
    InstrumentVersion,
    ScanSettings,
    SharedLink,
    Wave,
)
from koers.diagnostic.services.common import _own_wave, scan_settings, token_hash
from koers.orgs.models import Department
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

MAX_MIN_RESPONDENTS = 50


@transaction.atomic
def scan_settings_update(ctx: OrgContext, *, min_respondents: int, language: str) -> ScanSettings:
    """Set the organisation's anonymity threshold (3 or more) and the language of its reports."""
    ctx.require(Perm.MANAGE_SCANS)
    errors: dict[str, list[str]] = {}
    if not 3 <= min_respondents <= MAX_MIN_RESPONDENTS:
        errors["min_respondents"] = [
            _("Choose a number from 3 to %(most)s.") % {"most": MAX_MIN_RESPONDENTS}
        ]
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Choose one of the languages Koers speaks.")]
    if errors:
        raise ValidationError(errors)
    found = scan_settings(ctx.organisation)
    organisation = ctx.organisation
    before = {"min_respondents": found.min_respondents, "language": organisation.language}
    found.min_respondents = min_respondents
    found.save(update_fields=["min_respondents"])
    organisation.language = language
    organisation.save(update_fields=["language"])
    after = {"min_respondents": min_respondents, "language": language}
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if changed:
        change_record(
            obj=organisation,
            organisation_id=organisation.pk,
            actor=ctx.user,
            action="updated",
            fields=changed,
        )
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
    change_by(
        ctx,
        instrument,
        action="created",
        fields={"name": [None, name]},
    )
    return instrument


def instrument_copy_shipped(ctx: OrgContext, *, kind: str) -> Instrument:
    """Copy Koers's own readiness scan (``kind="scan"``) or leadership calibration quiz
    (``kind="calibration"``) into the organisation, to run as it is or to edit."""
    from koers.diagnostic.instruments.loader import load_calibration, load_default_scan

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
    ctx: OrgContext, *, instrument: Instrument, definition: Mapping[str, Any]
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
    change_by(
        ctx,
        wave,
        action="created",
        fields={
            "name": [None, name],
            "opens_on": [None, str(opens_on)],
            "closes_on": [None, str(closes_on)],
        },
    )
    return wave


# --- tallies ----------------------------------------------------------------------------------


# --- a wave's life: editing, opening, closing --------------------------------------------------


@transaction.atomic
def wave_update(
    ctx: OrgContext,
    *,
    wave: Wave,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    departments: Iterable[Department] = (),
) -> Wave:
    """Change a draft wave's name, dates and audience; once opened they stay as they are."""
    _own_wave(ctx, wave)
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status != Wave.Status.DRAFT:
        raise ValidationError(_("Only a draft wave can be changed."))
    if closes_on < opens_on:
        raise ValidationError({"closes_on": [_("A wave closes on or after the day it opens.")]})
    chosen = list(departments)
    if any(d.organisation_id != ctx.organisation.pk for d in chosen):
        raise ValidationError({"departments": [_("Choose departments of this organisation.")]})
    before = {
        "name": wave.name,
        "opens_on": str(wave.opens_on),
        "closes_on": str(wave.closes_on),
        "departments": sorted(d.name for d in wave.departments.all()),
    }
    wave.name, wave.opens_on, wave.closes_on = name, opens_on, closes_on
    wave.save(update_fields=["name", "opens_on", "closes_on"])
    wave.departments.set(chosen)
    after = {
        "name": name,
        "opens_on": str(opens_on),
        "closes_on": str(closes_on),
        "departments": sorted(d.name for d in chosen),
    }
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changed:
        change_by(
            ctx,
            wave,
            action="updated",
            fields=changed,
        )
    return wave


def _wave_status_set(ctx: OrgContext, wave: Wave, status: str, action: str) -> Wave:
    old = wave.status
    wave.status = status
    wave.save(update_fields=["status"])
    change_by(
        ctx,
        wave,
        action=action,
        fields={"status": [old, status]},
    )
    return wave


@transaction.atomic
def wave_open(ctx: OrgContext, *, wave: Wave) -> Wave:
    """Open a draft wave, or re-open a closed one, while its closing day has not passed. Its
    links work from the day it opens to the day it closes."""
    _own_wave(ctx, wave)
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status == Wave.Status.OPEN:
        raise ValidationError(_("This wave is open already."))
    if wave.closes_on < clock.today():
        raise ValidationError(
            _("This wave's closing day has passed: it cannot be opened again. Start a new wave.")
        )
    if wave.final_published:
        raise ValidationError(
            _(
                "This wave's final results have been shown: answers added now could be read by "
                "comparing the results before and after. Start a new wave."
            )
        )
    action = "reopened" if wave.status == Wave.Status.CLOSED else "opened"
    return _wave_status_set(ctx, wave, Wave.Status.OPEN, action)


@transaction.atomic
def wave_close(ctx: OrgContext, *, wave: Wave) -> Wave:
    """Close an open wave: its links then say the scan has closed."""
    _own_wave(ctx, wave)
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status != Wave.Status.OPEN:
        raise ValidationError(_("Only an open wave can be closed."))
    return _wave_status_set(ctx, wave, Wave.Status.CLOSED, "closed")


@transaction.atomic
def wave_live_results_start(ctx: OrgContext, *, wave: Wave) -> Wave:
    """Show the wave's figures while it is open, moving in steps of at least k respondents per
    department and role group (``services.release``). It cannot be switched off: the final
    figures would then show the answers held back by subtraction."""
    _own_wave(ctx, wave)
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.live_results:
        raise ValidationError(_("Live results are on already."))
    if wave.final_published:
        raise ValidationError(_("This wave's final results have been shown already."))
    wave.live_results = True
    wave.save(update_fields=["live_results"])
    change_by(ctx, wave, action="live results on", fields={"live_results": [False, True]})
    return wave


# --- e-mailing the links --------------------------------------------------------------------


# --- shared department links ---------------------------------------------------------------


def wave_departments(wave: Wave) -> list[Department]:
    """The departments of a wave's audience: the chosen ones, or all of the organisation's."""
    chosen = list(wave.departments.order_by("name"))
    return chosen or list(wave.organisation.departments.order_by("name"))


def shared_link_default_cap(department: Department) -> int:
    """How many answers a department's shared link takes unless the lead says otherwise: its
    known people times a margin, and at least enough for a department Koers knows little of."""
    people = department.memberships.filter(is_active=True).count()
    return max(SHARED_LINK_MIN_CAP, math.ceil(people * SHARED_LINK_CAP_FACTOR))


@transaction.atomic
def shared_link_create(
    ctx: OrgContext, *, wave: Wave, department: Department, cap: int | None = None
) -> tuple[SharedLink, str]:
    """A new shared link for one department of the audience: (link, token). The token is shown
    once; an earlier link of the department stops working. ``cap``: the most answers it takes
    (``shared_link_default_cap`` when None)."""
    _own_wave(ctx, wave)
    if cap is not None and not 1 <= cap <= SHARED_LINK_MAX_CAP:
        raise ValidationError(
            _("A link takes from 1 to %(max)s answers.") % {"max": SHARED_LINK_MAX_CAP}
        )
    if wave.status == Wave.Status.CLOSED:
        raise ValidationError(_("This wave has closed."))
    if department.pk not in {d.pk for d in wave_departments(wave)}:
        raise ValidationError(_("Choose a department of this wave's audience."))
    wave.shared_links.filter(department=department, revoked=False).update(revoked=True)
    token = secrets.token_urlsafe(24)
    link = SharedLink.objects.create(
        wave=wave,
        department=department,
        token_hash=token_hash(token),
        created_on=clock.today(),
        cap=cap if cap is not None else shared_link_default_cap(department),
    )
    change_by(
        ctx,
        wave,
        action="shared link created",
        fields={"shared_link": [None, department.name], "cap": [None, link.cap]},
    )
    return link, token


@transaction.atomic
def shared_link_revoke(ctx: OrgContext, *, link: SharedLink) -> SharedLink:
    _own_wave(ctx, link.wave)
    if not link.revoked:
        link.revoked = True
        link.save(update_fields=["revoked"])
        change_by(
            ctx,
            link.wave,
            action="shared link revoked",
            fields={"shared_link": [link.department.name, None]},
        )
    return link


# The scan's services live in one module per part (common, answers, mailing, instruments,
# ideas, tallies, calibration); callers may use these names from the package.
from koers.diagnostic.services.answers import (  # noqa: E402 - after the package's own
    LINK_BUSY,
    LINK_FULL,
    answering_open,
    draft_save,
    invitation_for,
    response_submit,
    shared_link_busy_seconds,
    shared_link_for,
    shared_link_full,
    shared_response_submit,
    tallies_add,
    tallies_rebuild,
)
from koers.diagnostic.services.common import (  # noqa: E402 - after the package's own
    LEADERSHIP_ROLES,
    definition_of,
    role_group,
)
from koers.diagnostic.services.mailing import (  # noqa: E402 - after the package's own
    MAIL_KINDS,
    LinkFor,
    Mailing,
    invitations_issue,
    invitations_send,
    reminded_today,
    reminders_due,
    reminders_send,
    wave_audience,
)

__all__ = [
    "LEADERSHIP_ROLES",
    "LINK_BUSY",
    "LINK_FULL",
    "MAIL_KINDS",
    "LinkFor",
    "Mailing",
    "answering_open",
    "definition_of",
    "draft_save",
    "instrument_copy_shipped",
    "instrument_create",
    "instrument_revise",
    "invitation_for",
    "invitations_issue",
    "invitations_send",
    "reminded_today",
    "reminders_due",
    "reminders_send",
    "response_submit",
    "role_group",
    "scan_settings",
    "scan_settings_update",
    "shared_link_busy_seconds",
    "shared_link_create",
    "shared_link_default_cap",
    "shared_link_for",
    "shared_link_full",
    "shared_link_revoke",
    "shared_response_submit",
    "tallies_add",
    "tallies_rebuild",
    "token_hash",
    "wave_audience",
    "wave_close",
    "wave_create",
    "wave_departments",
    "wave_open",
    "wave_update",
]
