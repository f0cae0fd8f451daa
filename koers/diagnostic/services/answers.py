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
from koers.diagnostic.instruments.schema import Instrument as Definition
from koers.diagnostic.models import (
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
