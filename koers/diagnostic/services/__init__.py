"""Running a scan: instruments, waves, invitations and anonymous responses.

Every function that acts for a person takes an ``OrgContext`` and checks the permission; the
respondent's side works by the invitation token alone (a respondent needs no account session to
answer, only the link)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.mail import Mail, mail_queue
from koers.core.models import OutgoingMail
from koers.core.services import change_record
from koers.diagnostic.instruments.schema import Instrument as Definition
from koers.diagnostic.models import (
    Instrument,
    InstrumentVersion,
    Invitation,
    Nomination,
    Response,
    RoleGroup,
    ScanSettings,
    SharedLink,
    Tally,
    Wave,
)
from koers.diagnostic.services.tallies import Entry, entries, summed
from koers.orgs.models import Department, Membership, Organisation, Role, User
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


# Parsed questions of frozen versions, which never change: (version id, created) -> definition,
# for the versions used most recently.
_DEFINITIONS: LRUCache[tuple[int, dt.datetime], Definition] = LRUCache(maxsize=64)


def definition_of(version: InstrumentVersion) -> Definition:
    """A version's questions, parsed once per process for a frozen version (the answering page
    and every submitted answer need them). ``version`` may come without its ``definition``
    loaded (``defer``); it is read only when not cached."""
    key = (version.pk, version.created_at)
    found = _DEFINITIONS.get(key) if version.frozen else None
    if found is None:
        found = Definition.model_validate(version.definition)
        if version.frozen:
            _DEFINITIONS[key] = found
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
    today = clock.today()
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
    """The open, unused invitation of a token; ValidationError with a clear reason otherwise.
    Its wave's version comes along without its questions (``definition_of`` has them)."""
    invitation = (
        Invitation.objects.select_related("wave__version")
        .defer("wave__version__definition")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This link is not valid."))
    if invitation.used:
        raise ValidationError(_("This link has been used already: thank you for answering."))
    if not answering_open(invitation.wave):
        raise ValidationError(_("This scan is not open."))
    return invitation


def answering_open(wave: Wave) -> bool:
    """Whether the wave's links can be answered today: it is open and within its dates."""
    today = clock.today()
    return wave.status == Wave.Status.OPEN and wave.opens_on <= today <= wave.closes_on


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
    invitation: Invitation | None = None,
) -> Response:
    """Store the answers without any link to the person: a new ``Response`` with the department,
    the role group and the day, added to the wave's tallies; the invitation is marked used and its
    draft emptied. What the answers add to the tallies is worked out before the transaction, which
    on SQLite holds the database's write lock. ``invitation`` is the token's, when the caller
    looked it up already with ``invitation_for``; it is locked and checked again here."""
    opened = invitation if invitation is not None else invitation_for(token)
    if opened.token_hash != token_hash(token):
        raise ValidationError(_("This link is not valid."))
    if instrument is None:
        instrument = definition_of(opened.wave.version)
    added = entries(instrument, answers)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=opened.pk)
        if invitation.used:
            raise ValidationError(_("This link has been used already: thank you for answering."))
        response = _response_store(
            opened.wave,
            department_id=invitation.department_id,
            role_group=invitation.role_group,
            answers=answers,
            added=added,
            language=language,
        )
        invitation.used = True
        invitation.draft = {}
        invitation.save(update_fields=["used", "draft"])
        if help_colleagues and invitation.membership_id is not None:
            Nomination.objects.get_or_create(
                wave=opened.wave,
                membership_id=invitation.membership_id,
                defaults={"created_on": response.submitted_on},
            )
    return response


def _response_store(
    wave: Wave,
    *,
    department_id: int | None,
    role_group: str,
    answers: Mapping[str, Any],
    added: Sequence[Entry],
    language: str,
) -> Response:
    """The one way answers are stored, in the caller's transaction: the anonymous ``Response``
    and its part of the tallies."""
    response = Response.objects.create(
        wave=wave,
        department_id=department_id,
        role_group=role_group,
        submitted_on=clock.today(),
        language=language,
        answers=dict(answers),
    )
    _tallies_add(wave.pk, department_id, role_group, added)
    return response


# --- tallies ----------------------------------------------------------------------------------


def tallies_add(response: Response) -> None:
    """Add a response stored by other means than ``response_submit`` to its wave's tallies, in
    the caller's transaction."""
    definition = definition_of(response.wave.version)
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


# --- a wave's life: editing, opening, closing --------------------------------------------------


def _own_wave(ctx: OrgContext, wave: Wave) -> None:
    ctx.require(Perm.MANAGE_SCANS)
    if wave.organisation_id != ctx.organisation.pk:
        raise ValidationError(_("This wave belongs to another organisation."))


@transaction.atomic
def wave_update(
    ctx: OrgContext,
    wave: Wave,
    *,
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
        change_record(
            obj=wave,
            organisation_id=ctx.organisation.pk,
            actor=ctx.user,
            action="updated",
            fields=changed,
        )
    return wave


def _wave_status_set(ctx: OrgContext, wave: Wave, status: str, action: str) -> Wave:
    old = wave.status
    wave.status = status
    wave.save(update_fields=["status"])
    change_record(
        obj=wave,
        organisation_id=ctx.organisation.pk,
        actor=ctx.user,
        action=action,
        fields={"status": [old, status]},
    )
    return wave


@transaction.atomic
def wave_open(ctx: OrgContext, wave: Wave) -> Wave:
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
    action = "reopened" if wave.status == Wave.Status.CLOSED else "opened"
    return _wave_status_set(ctx, wave, Wave.Status.OPEN, action)


@transaction.atomic
def wave_close(ctx: OrgContext, wave: Wave) -> Wave:
    """Close an open wave: its links then say the scan has closed."""
    _own_wave(ctx, wave)
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status != Wave.Status.OPEN:
        raise ValidationError(_("Only an open wave can be closed."))
    return _wave_status_set(ctx, wave, Wave.Status.CLOSED, "closed")


# --- e-mailing the links --------------------------------------------------------------------

LinkFor = Callable[[str], str]  # token -> the absolute URL of the answering page


@dataclass(frozen=True)
class Mailing:
    """What a round of e-mails did: how many were queued for sending (the worker sends them; one
    that cannot be delivered is listed in the outbox), and who could not be mailed for want of an
    address (named only for invitations: for reminders a name would tell who has not answered)."""

    queued: int
    not_sent: int
    not_sent_names: tuple[str, ...] = ()


def _language_of(user: User, organisation: Organisation) -> str:
    language = user.language or organisation.language or settings.LANGUAGE_CODE
    return "nl" if language.startswith("nl") else "en"


def _mail_link(
    template: str, wave: Wave, membership: Membership, token: str, link_for: LinkFor
) -> Mail | None:
    """One person's e-mail with their link, in their own language; None without an address."""
    user = membership.user
    if not user.email:
        return None
    language = _language_of(user, wave.organisation)
    context = {
        "organisation": wave.organisation.name,
        "wave": wave,
        "name": user.name,
        "url": f"{link_for(token)}?lang={language}",
    }
    with translation.override(language):
        subject = render_to_string(f"diagnostic/email/{template}_subject.txt", context)
        body = render_to_string(f"diagnostic/email/{template}_body.txt", context)
    return Mail(
        kind=MAIL_KINDS[template],
        organisation_id=wave.organisation_id,
        to=user.email,
        subject=subject,
        body=body,
        language=language,
    )


MAIL_KINDS = {
    "invitation": OutgoingMail.Kind.SCAN_INVITATION,
    "reminder": OutgoingMail.Kind.SCAN_REMINDER,
}


def _open_for_mailing(ctx: OrgContext, wave: Wave) -> Wave:
    _own_wave(ctx, wave)
    wave = Wave.objects.select_related("organisation").get(pk=wave.pk)
    if wave.status != Wave.Status.OPEN or wave.closes_on < clock.today():
        raise ValidationError(_("Open the wave first: links are only sent while it is open."))
    return wave


def _new_token(invitation: Invitation) -> str:
    """A fresh link for an invitation: the only way to mail a link again, as only hashes are
    kept. The earlier link stops working; a saved draft stays with the invitation."""
    token = secrets.token_urlsafe(24)
    invitation.token_hash = token_hash(token)
    invitation.save(update_fields=["token_hash"])
    return token


@transaction.atomic
def invitations_send(ctx: OrgContext, wave: Wave, *, link_for: LinkFor) -> Mailing:
    """Queue a personal link for everyone in the audience who has not been sent one: new people
    since the last round, and anyone who had no e-mail address then. The e-mails leave once this
    commits."""
    wave = _open_for_mailing(ctx, wave)
    unsent = list(
        wave.invitations.filter(sent_on__isnull=True, used=False, membership__is_active=True)
        .select_for_update()
        .select_related("membership__user")
    )
    links = [(inv, _new_token(inv)) for inv in unsent] + invitations_issue(ctx, wave)
    mails, queued, without_address = [], [], []
    for invitation, token in links:
        assert invitation.membership is not None  # issued just now or filtered on it
        found = _mail_link("invitation", wave, invitation.membership, token, link_for)
        if found is None:
            without_address.append(invitation)
        else:
            mails.append(found)
            queued.append(invitation.pk)
    mail_queue(messages=mails)
    Invitation.objects.filter(pk__in=queued).update(sent_on=clock.today())
    Invitation.objects.filter(pk__in=[i.pk for i in without_address]).update(sent_on=None)
    if links:
        change_record(
            obj=wave,
            organisation_id=ctx.organisation.pk,
            actor=ctx.user,
            action="invitations queued",
            fields={
                "invitations_queued": [None, len(queued)],
                "not_sent": [None, len(without_address)],
            },
        )
    names = sorted(str(i.membership.user) for i in without_address if i.membership is not None)
    return Mailing(queued=len(queued), not_sent=len(without_address), not_sent_names=tuple(names))


def reminded_today(wave: Wave) -> bool:
    return wave.invitations.filter(reminded_on=clock.today()).exists()


@transaction.atomic
def reminders_send(
    ctx: OrgContext, wave: Wave, *, link_for: LinkFor, again_today: bool = False
) -> Mailing:
    """Remind everyone whose link is unused, with a fresh link (only hashes are kept, so the old
    one cannot be mailed again). Sending twice on one day needs ``again_today``. The e-mails
    leave once this commits."""
    wave = _open_for_mailing(ctx, wave)
    if reminded_today(wave) and not again_today:
        raise ValidationError(
            _("Reminders were sent today already. Confirm to send them again today.")
        )
    due = [
        invitation
        for invitation in reminders_due(wave)
        if invitation.membership is not None and invitation.membership.is_active
    ]
    mails, queued, without_address = [], [], 0
    for invitation in due:
        assert invitation.membership is not None
        token = _new_token(invitation)
        found = _mail_link("reminder", wave, invitation.membership, token, link_for)
        if found is None:
            without_address += 1
        else:
            mails.append(found)
            queued.append(invitation.pk)
    mail_queue(messages=mails)
    Invitation.objects.filter(pk__in=queued).update(reminded_on=clock.today())
    change_record(
        obj=wave,
        organisation_id=ctx.organisation.pk,
        actor=ctx.user,
        action="reminders queued",
        fields={"reminders_queued": [None, len(queued)], "not_sent": [None, without_address]},
    )
    return Mailing(queued=len(queued), not_sent=without_address)


# --- shared department links ---------------------------------------------------------------


def wave_departments(wave: Wave) -> list[Department]:
    """The departments of a wave's audience: the chosen ones, or all of the organisation's."""
    chosen = list(wave.departments.order_by("name"))
    return chosen or list(wave.organisation.departments.order_by("name"))


@transaction.atomic
def shared_link_create(
    ctx: OrgContext, wave: Wave, department: Department
) -> tuple[SharedLink, str]:
    """A new shared link for one department of the audience: (link, token). The token is shown
    once; an earlier link of the department stops working."""
    _own_wave(ctx, wave)
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
    )
    change_record(
        obj=wave,
        organisation_id=ctx.organisation.pk,
        actor=ctx.user,
        action="shared link created",
        fields={"shared_link": [None, department.name]},
    )
    return link, token


@transaction.atomic
def shared_link_revoke(ctx: OrgContext, link: SharedLink) -> SharedLink:
    _own_wave(ctx, link.wave)
    if not link.revoked:
        link.revoked = True
        link.save(update_fields=["revoked"])
        change_record(
            obj=link.wave,
            organisation_id=ctx.organisation.pk,
            actor=ctx.user,
            action="shared link revoked",
            fields={"shared_link": [link.department.name, None]},
        )
    return link


def shared_link_for(token: str) -> SharedLink:
    """The working shared link of a token; ValidationError with a clear reason otherwise."""
    link = (
        SharedLink.objects.select_related("wave__version", "department")
        .filter(token_hash=token_hash(token), revoked=False)
        .first()
    )
    if link is None:
        raise ValidationError(_("This link is not valid."))
    if not answering_open(link.wave):
        raise ValidationError(_("This scan is not open."))
    return link


def shared_response_submit(
    token: str,
    answers: Mapping[str, Any],
    *,
    language: str = "en",
    instrument: Definition | None = None,
) -> Response:
    """Store answers given through a department's shared link: the department and the role group
    "staff" (the link knows no more), through the same path as ``response_submit``."""
    link = shared_link_for(token)
    if instrument is None:
        instrument = definition_of(link.wave.version)
    added = entries(instrument, answers)
    with transaction.atomic():
        return _response_store(
            link.wave,
            department_id=link.department_id,
            role_group=RoleGroup.STAFF,
            answers=answers,
            added=added,
            language=language,
        )
