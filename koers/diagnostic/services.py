"""Running a scan: instruments, waves, invitations and anonymous responses.

Every function that acts for a person takes an ``OrgContext`` and checks the permission; the
respondent's side works by the invitation token alone (a respondent needs no account session to
answer, only the link)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
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
    Tally,
    Wave,
)
from koers.diagnostic.tallies import Entry, entries, summed
from koers.diagnostic_data.schema import Instrument as Definition
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


def response_submit(
    token: str,
    answers: Mapping[str, Any],
    *,
    language: str = "en",
    help_colleagues: bool = False,
    instrument: Definition | None = None,
) -> Response:
    """Store the answers without any link to the person: a new ``Response`` with the department,
    the role group and the day, added to the wave's tallies; the invitation is marked used and its
    draft emptied. What the answers add to the tallies is worked out before the transaction, which
    on SQLite holds the database's write lock; ``instrument`` is the wave's definition when the
    caller has parsed it already."""
    opened = invitation_for(token)
    if instrument is None:
        instrument = Definition.model_validate(opened.wave.version.definition)
    added = entries(instrument, answers)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=opened.pk)
        if invitation.used:
            raise ValidationError(_("This link has been used already: thank you for answering."))
        today = timezone.localdate()
        response = Response.objects.create(
            wave=opened.wave,
            department_id=invitation.department_id,
            role_group=invitation.role_group,
            submitted_on=today,
            language=language,
            answers=dict(answers),
        )
        _tallies_add(invitation.wave_id, invitation.department_id, invitation.role_group, added)
        invitation.used = True
        invitation.draft = {}
        invitation.save(update_fields=["used", "draft"])
        if help_colleagues and invitation.membership_id is not None:
            Nomination.objects.get_or_create(
                wave=opened.wave,
                membership_id=invitation.membership_id,
                defaults={"created_on": today},
            )
    return response


# --- tallies ----------------------------------------------------------------------------------


def tallies_add(response: Response) -> None:
    """Add a response stored by other means than ``response_submit`` to its wave's tallies, in
    the caller's transaction."""
    definition = Definition.model_validate(response.wave.version.definition)
    _tallies_add(
        response.wave_id,
        response.department_id,
        response.role_group,
        entries(definition, response.answers),
    )


def _tallies_add(
    wave_id: int, department_id: int | None, role_group: str, added: Sequence[Entry]
) -> None:
    """Missing rows are created at 0 (a concurrent creator wins, the conflict is ignored) and
    then incremented in one ``UPDATE``, so concurrent answers to the same cell queue on the row
    locks and none is lost. Where rows share a cell (no department: the unique constraint does not
    hold for NULL) the oldest is incremented; the results add them up anyway. The queries are plain
    SQL: they run inside every answer's transaction, where building them with the ORM cost more
    than the database's work."""
    cell = (wave_id, department_id, role_group)
    rows = _tally_rows(*cell)
    missing = {(e.key, e.value) for e in added} - set(rows)
    if missing:
        Tally.objects.bulk_create(
            [
                Tally(
                    wave_id=wave_id,
                    department_id=department_id,
                    role_group=role_group,
                    key=key,
                    value=value,
                )
                for key, value in sorted(missing)
            ],
            ignore_conflicts=True,
        )
        rows = _tally_rows(*cell)
    pks = [rows[e.key, e.value] for e in added]
    scored = [(rows[e.key, e.value], e.score) for e in added if e.score]
    table, pk, count, total, squares = map(
        connection.ops.quote_name, (Tally._meta.db_table, "id", "count", "total", "squares")
    )
    # A barrier score adds itself to the total and its square to the squares of its row.
    by_row = f"CASE {pk} {' '.join('WHEN %s THEN %s' for _ in scored)} ELSE 0.0 END"
    places = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {count} = {count} + 1, "  # noqa: S608 - names are the model's
            f"{total} = {total} + {by_row if scored else '0.0'}, "
            f"{squares} = {squares} + {by_row if scored else '0.0'} "
            f"WHERE {pk} IN ({places})",
            [
                *(x for row, score in scored for x in (row, score)),
                *(x for row, score in scored for x in (row, score * score)),
                *pks,
            ],
        )


def _tally_rows(
    wave_id: int, department_id: int | None, role_group: str
) -> dict[tuple[str, str], int]:
    """The rows of one cell, (key, value) -> id; the oldest where several share a cell."""
    table, pk, wave, department, role, key, value = map(
        connection.ops.quote_name,
        (Tally._meta.db_table, "id", "wave_id", "department_id", "role_group", "key", "value"),
    )
    same = "IS NULL" if department_id is None else "= %s"
    rows: dict[tuple[str, str], int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {pk}, {key}, {value} FROM {table} "  # noqa: S608 - names are the model's
            f"WHERE {wave} = %s AND {role} = %s AND {department} {same} ORDER BY {pk} DESC",
            [wave_id, role_group, *([] if department_id is None else [department_id])],
        )
        for found, key_of, value_of in cursor.fetchall():
            rows[key_of, value_of] = found  # by descending id: the oldest row is the one kept
    return rows


@transaction.atomic
def tallies_rebuild(wave: Wave) -> int:
    """Recompute a wave's tallies from its responses (after a bulk load that bypassed
    ``response_submit``, say); the number of tally rows. Run it while no answers come in."""
    definition = Definition.model_validate(wave.version.definition)
    sums = summed(
        definition,
        Response.objects.filter(wave=wave)
        .order_by("pk")
        .values_list("department_id", "role_group", "answers")
        .iterator(chunk_size=2_000),
    )
    Tally.objects.filter(wave=wave).delete()
    created = Tally.objects.bulk_create(
        (
            Tally(
                wave=wave,
                department_id=department,
                role_group=role,
                key=key,
                value=value,
                count=found.count,
                total=found.total,
                squares=found.squares,
            )
            for (department, role, key, value), found in sums.items()
        ),
        batch_size=2_000,
    )
    return len(created)


def reminders_due(wave: Wave) -> list[Invitation]:
    """The invitations to remind: only those not used yet."""
    return list(wave.invitations.filter(used=False).select_related("membership__user"))
