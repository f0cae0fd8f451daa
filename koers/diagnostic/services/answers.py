"""The respondent's side: answering by invitation or shared link, drafts, the running tallies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.ratelimit import (
    client_address,
    count_take,
    next_hour,
    quota_key,
    quota_take,
    seconds_until,
)
from koers.core.rows import Columns
from koers.diagnostic.instruments.schema import Instrument as Definition
from koers.diagnostic.models import (
    InstrumentVersion,
    Invitation,
    Nomination,
    Response,
    RoleGroup,
    SharedLink,
    Tally,
    Wave,
)
from koers.diagnostic.services.common import definition_of, token_hash
from koers.diagnostic.services.tallies import Entry, entries, summed


def invitation_for(token: str) -> Invitation:
    """The open, unused invitation of a token; ValidationError with a clear reason otherwise.
    Its wave's version comes along without its questions (``definition_of`` has them)."""
    invitation = _invitation_with_wave(token_hash(token))
    if invitation is None:
        raise ValidationError(_("This link is not valid."))
    if invitation.used:
        raise ValidationError(_("This link has been used already: thank you for answering."))
    if not answering_open(invitation.wave):
        raise ValidationError(_("This scan is not open."))
    return invitation


_INVITATION = Columns(Invitation, "i")
_WAVE = Columns(Wave, "w")
_VERSION = Columns(InstrumentVersion, "v", defer=["definition"])


def _invitation_with_wave(hashed: str) -> Invitation | None:
    """The invitation of a token hash with its wave and version (without the questions), as
    ``select_related("wave__version").defer("wave__version__definition")`` gives it, in one
    hand-written query: every answer and every opening of the answer page looks it up, and
    building the query with the ORM cost three times the lookup."""
    sql = (
        f"SELECT {_INVITATION.select}, {_WAVE.select}, {_VERSION.select} "  # noqa: S608
        f"FROM {_INVITATION.table} JOIN {_WAVE.table} ON w.id = i.wave_id "
        f"JOIN {_VERSION.table} ON v.id = w.version_id WHERE i.token_hash = %s"
    )  # the tables and columns are the models' own; the hash is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [hashed])
        row = cursor.fetchone()
    if row is None:
        return None
    waves, versions = len(_INVITATION), len(_INVITATION) + len(_WAVE)
    invitation = _INVITATION.instance(row[:waves])
    wave = _WAVE.instance(row[waves:versions])
    wave.version = _VERSION.instance(row[versions:])
    invitation.wave = wave
    return invitation


def answering_open(wave: Wave) -> bool:
    """Whether the wave's links can be answered today: it is open and within its dates."""
    today = clock.today()
    return wave.status == Wave.Status.OPEN and wave.opens_on <= today <= wave.closes_on


def draft_save(token: str, answers: Mapping[str, Any]) -> Invitation:
    """Keep answers on the invitation to continue later — only while it is unused: a draft saved
    as the same link's answers land would otherwise put them back beside the person."""
    invitation = invitation_for(token)
    invitation.draft = dict(answers)
    if not Invitation.objects.filter(pk=invitation.pk, used=False).update(draft=invitation.draft):
        raise ValidationError(_("This link has been used already: thank you for answering."))
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
    looked it up already with ``invitation_for``; it is claimed here with a conditional
    ``UPDATE``, so of two concurrent submissions only one is stored. Five statements in all:
    claim, store, add to the tallies (one ``UPDATE`` once the cell's rows exist), and the
    transaction's begin and commit."""
    opened = invitation if invitation is not None else invitation_for(token)
    if opened.token_hash != token_hash(token):
        raise ValidationError(_("This link is not valid."))
    if instrument is None:
        instrument = definition_of(opened.wave.version)
    added = entries(instrument, answers)
    with transaction.atomic():
        claimed = _invitation_use(opened.pk)
        if claimed is None:
            raise ValidationError(_("This link has been used already: thank you for answering."))
        department_id, role_group, membership_id = claimed
        response = _response_store(
            opened.wave,
            department_id=department_id,
            role_group=role_group,
            answers=answers,
            added=added,
            language=language,
        )
        if help_colleagues and membership_id is not None:
            Nomination.objects.get_or_create(
                wave=opened.wave,
                membership_id=membership_id,
                defaults={"created_on": response.submitted_on},
            )
    return response


def _invitation_use(pk: int) -> tuple[int | None, str, int | None] | None:
    """Mark an invitation used and empty its draft, in one conditional ``UPDATE`` (of two
    concurrent submissions, the second finds it used and changes nothing); its department, role
    group and membership as they are now, or None when it was used already."""
    table, pk_column, used, draft, department, role, membership = map(
        connection.ops.quote_name,
        (
            Invitation._meta.db_table,
            "id",
            "used",
            "draft",
            "department_id",
            "role_group",
            "membership_id",
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {used} = %s, {draft} = %s "  # noqa: S608 - the model's names
            f"WHERE {pk_column} = %s AND {used} = %s "
            f"RETURNING {department}, {role}, {membership}",
            [True, connection.ops.adapt_json_value({}, None), pk, False],
        )
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1], row[2])


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
    """Increment the cell's rows in one ``UPDATE``; rows it did not find (the cell's first answer
    with that value) are created at 0 — a concurrent creator wins, the conflict is ignored — and
    then incremented, so concurrent answers to the same cell queue on the row locks and none is
    lost. Without a department the unique constraint does not hold (NULL), rows may share a cell
    and only the oldest is incremented (``_tallies_add_by_id``); the results add them up anyway.
    The queries are plain SQL: they run inside every answer's transaction, where building them
    with the ORM cost more than the database's work."""
    if department_id is None:
        _tallies_add_by_id(wave_id, role_group, added)
        return
    found = _tallies_increment(wave_id, department_id, role_group, added)
    missing = [e for e in added if (e.key, e.value) not in found]
    if missing:
        _tallies_create(wave_id, department_id, role_group, missing)
        _tallies_increment(wave_id, department_id, role_group, missing)


def _tallies_create(
    wave_id: int, department_id: int | None, role_group: str, added: Sequence[Entry]
) -> None:
    Tally.objects.bulk_create(
        [
            Tally(
                wave_id=wave_id,
                department_id=department_id,
                role_group=role_group,
                key=key,
                value=value,
            )
            for key, value in sorted({(e.key, e.value) for e in added})
        ],
        ignore_conflicts=True,
    )


def _tallies_increment(
    wave_id: int, department_id: int, role_group: str, added: Sequence[Entry]
) -> set[tuple[str, str]]:
    """Add one response's entries to the rows of a cell with a department (one row per key and
    value); the (key, value) pairs of the rows it found."""
    table, wave, department, role, key, value = map(
        connection.ops.quote_name,
        (Tally._meta.db_table, "wave_id", "department_id", "role_group", "key", "value"),
    )
    scored = [(e.key, e.score) for e in added if e.score]
    pairs = ", ".join(["(%s, %s)"] * len(added))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {_increments(scored, key)} "  # noqa: S608 - the model's names
            f"WHERE {wave} = %s AND {department} = %s AND {role} = %s "
            f"AND ({key}, {value}) IN (VALUES {pairs}) RETURNING {key}, {value}",
            [
                *_increment_params(scored),
                wave_id,
                department_id,
                role_group,
                *(x for e in added for x in (e.key, e.value)),
            ],
        )
        return {(found_key, found_value) for found_key, found_value in cursor.fetchall()}


def _increments(scored: Sequence[tuple[Any, float]], column: str) -> str:
    """The SET clause: ``count`` + 1 and, where the row's ``column`` names a barrier score, the
    score to ``total`` and its square to ``squares``."""
    count, total, squares = map(connection.ops.quote_name, ("count", "total", "squares"))
    by_row = f"CASE {column} {' '.join('WHEN %s THEN %s' for _ in scored)} ELSE 0.0 END"
    added = by_row if scored else "0.0"
    return f"{count} = {count} + 1, {total} = {total} + {added}, {squares} = {squares} + {added}"


def _increment_params(scored: Sequence[tuple[Any, float]]) -> list[Any]:
    return [
        *(x for row, score in scored for x in (row, score)),
        *(x for row, score in scored for x in (row, score * score)),
    ]


def _tallies_add_by_id(wave_id: int, role_group: str, added: Sequence[Entry]) -> None:
    """``_tallies_add`` for the cell without a department: by the ids of its oldest rows."""
    rows = _tally_rows(wave_id, role_group)
    if {(e.key, e.value) for e in added} - set(rows):
        _tallies_create(wave_id, None, role_group, added)
        rows = _tally_rows(wave_id, role_group)
    pks = [rows[e.key, e.value] for e in added]
    scored = [(rows[e.key, e.value], e.score) for e in added if e.score]
    table, pk = map(connection.ops.quote_name, (Tally._meta.db_table, "id"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {_increments(scored, pk)} "  # noqa: S608 - the model's names
            f"WHERE {pk} IN ({', '.join(['%s'] * len(pks))})",
            [*_increment_params(scored), *pks],
        )


def _tally_rows(wave_id: int, role_group: str) -> dict[tuple[str, str], int]:
    """The rows of the cell without a department, (key, value) -> id; the oldest where several
    share a (key, value)."""
    table, pk, wave, department, role, key, value = map(
        connection.ops.quote_name,
        (Tally._meta.db_table, "id", "wave_id", "department_id", "role_group", "key", "value"),
    )
    rows: dict[tuple[str, str], int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {pk}, {key}, {value} FROM {table} "  # noqa: S608 - names are the model's
            f"WHERE {wave} = %s AND {role} = %s AND {department} IS NULL",
            [wave_id, role_group],
        )
        for found, key_of, value_of in cursor.fetchall():
            if found < rows.get((key_of, value_of), found + 1):
                rows[key_of, value_of] = found
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


# The codes of a ValidationError when a shared link takes no more answers, for now or at all.
LINK_FULL = "shared_link_full"
LINK_BUSY = "shared_link_busy"


def shared_link_full(link: SharedLink) -> bool:
    """Whether the link has taken all the answers its cap allows."""
    return link.answered >= link.cap


def shared_link_busy_seconds() -> int:
    """When an address refused by the per-address limit may answer again (a Retry-After)."""
    return seconds_until(next_hour())


def _shared_link_quota(link: SharedLink, request: HttpRequest | None) -> None:
    """Take one answer from the link's cap and from its hourly per-address limit, in the
    caller's transaction; a ValidationError (code LINK_FULL or LINK_BUSY) when either is used up.
    The address is kept only as a keyed hash, in a counter that is deleted when its hour ends,
    and never beside the answers."""
    if request is not None:
        key = quota_key("scan-link-address", link.pk, client_address(request))
        limit = settings.KOERS_SCAN_LINK_ADDRESS_LIMIT
        if not quota_take(key, limit=limit, window_ends=next_hour()):
            raise ValidationError(
                _("Many answers came from your network in the past hour. Please try again later."),
                code=LINK_BUSY,
            )
    if not count_take(SharedLink.objects.filter(pk=link.pk), field="answered", limit=link.cap):
        raise ValidationError(
            _("This link has taken all the answers it can. Thank you for wanting to take part."),
            code=LINK_FULL,
        )


def shared_response_submit(
    token: str,
    answers: Mapping[str, Any],
    *,
    language: str = "en",
    instrument: Definition | None = None,
    request: HttpRequest | None = None,
) -> Response:
    """Store answers given through a department's shared link: the department and the role group
    "staff" (the link knows no more), through the same path as ``response_submit``. The link's
    cap and, given the ``request``, the per-address limit are taken in the same transaction."""
    link = shared_link_for(token)
    if instrument is None:
        instrument = definition_of(link.wave.version)
    added = entries(instrument, answers)
    with transaction.atomic():
        _shared_link_quota(link, request)
        return _response_store(
            link.wave,
            department_id=link.department_id,
            role_group=RoleGroup.STAFF,
            answers=answers,
            added=added,
            language=language,
        )
