"""``koers import training``: past sessions and who completed them, from CSV or XLSX, all rows
or none. One row per attendance: session (a code of the organisation's choosing), module, date,
trainer's and attendee's e-mail addresses, completed (yes/no, ja/nee).

Modules the organisation does not have are made in an "Imported" track; an attendee must be a
member; a trainer may come from outside. The history stays append-only: a row whose mark equals
the current one adds nothing, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.academy.models import Attendance, Learner, Module, Track, TrainingSession
from koers.academy.services import learner_of
from koers.core.services import ChangeBatch
from koers.core.tabular import Table
from koers.orgs.importing import (
    Column,
    ImportFailed,
    ImportResult,
    RowError,
    SystemActor,
    actor_parts,
    check_mapping,
    guess_mapping,
    normalise,
    parse_bool,
)
from koers.orgs.models import Membership, Organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

COLUMNS = (
    Column("session", gettext_lazy("Session"), ("sessie", "code"), required=True),
    Column("module", gettext_lazy("Module"), ("module",), required=True),
    Column("date", gettext_lazy("Date"), ("datum",), required=True),
    Column("trainer_email", gettext_lazy("Trainer's e-mail"), ("trainer",), required=True),
    Column(
        "attendee_email",
        gettext_lazy("Attendee's e-mail"),
        ("deelnemer", "attendee"),
        required=True,
    ),
    Column("completed", gettext_lazy("Completed"), ("afgerond", "voltooid"), required=True),
)
IMPORTED_TRACK = "imported"
SESSION_HOUR = 9  # an imported session starts at 9:00 on its day


@dataclass(frozen=True)
class _Row:
    number: int
    code: str
    module: str
    day: dt.date
    trainer: str
    attendee: str
    completed: bool


def training_import(
    actor: OrgContext | SystemActor, *, table: Table, dry_run: bool = False, note: str = ""
) -> ImportResult:
    if isinstance(actor, OrgContext):
        actor.require(Perm.MANAGE_ACADEMY)
    organisation, user, label = actor_parts(actor)
    mapping = guess_mapping(table.headers, COLUMNS)
    errors = check_mapping(mapping, table.headers, COLUMNS)
    if errors:
        raise ImportFailed(errors)
    rows = _parse(table, mapping, errors)
    members = {
        m.user.email.casefold(): m
        for m in Membership.objects.filter(
            organisation=organisation, is_active=True
        ).select_related("user")
    }
    modules: dict[str, Module] = {}
    for module in Module.objects.filter(organisation=organisation):
        modules[normalise(module.key)] = module
        modules.setdefault(normalise(module.title), module)
    sessions = {
        s.code: s
        for s in TrainingSession.objects.filter(organisation=organisation).exclude(code="")
    }
    first: dict[str, _Row] = {}
    for row in rows:
        if row.attendee not in members:
            errors.append(
                RowError(
                    row.number,
                    mapping["attendee_email"],
                    _("%(email)s is not a member of this organisation.") % {"email": row.attendee},
                )
            )
        seen = first.setdefault(row.code, row)
        if (seen.module, seen.day, seen.trainer) != (row.module, row.day, row.trainer):
            errors.append(
                RowError(
                    row.number,
                    mapping["session"],
                    _("Session %(code)s has another module, date or trainer in row %(row)d.")
                    % {"code": row.code, "row": seen.number},
                )
            )
        existing = sessions.get(row.code)
        if existing is not None and (
            existing.starts_at.date() != row.day
            or modules.get(normalise(row.module)) != existing.module
        ):
            errors.append(
                RowError(
                    row.number,
                    mapping["session"],
                    _("Session %(code)s already exists with another module or date.")
                    % {"code": row.code},
                )
            )
    if errors:
        raise ImportFailed(errors)

    created = unchanged = updated = 0
    with transaction.atomic():
        batch = ChangeBatch(
            organisation_id=organisation.pk, actor=user, actor_label=label, note=note or "import"
        )
        track = None
        current: dict[tuple[int, int], bool] = {}
        for session_id, learner_id, completed in (
            Attendance.objects.filter(session__organisation=organisation)
            .order_by("pk")
            .values_list("session_id", "learner_id", "completed")
        ):
            current[(session_id, learner_id)] = completed
        for row in rows:
            found = modules.get(normalise(row.module))
            if found is not None:
                module = found
            else:
                if track is None:
                    track = _imported_track(organisation)
                module = Module.objects.create(
                    organisation=organisation,
                    track=track,
                    key=_free_key(organisation, row.module),
                    title=row.module[:200],
                )
                modules[normalise(row.module)] = module
                batch.add(module, "created", {})
            session = sessions.get(row.code)
            if session is None:
                trainer = members.get(row.trainer)
                session = TrainingSession.objects.create(
                    organisation=organisation,
                    module=module,
                    code=row.code,
                    trainer=learner_of(trainer) if trainer is not None else None,
                    trainer_label="" if trainer is not None else row.trainer,
                    starts_at=timezone.make_aware(
                        dt.datetime.combine(row.day, dt.time(SESSION_HOUR))
                    ),
                    place=_("imported"),
                    created_by=user,
                )
                sessions[row.code] = session
                batch.add(session, "created", {})
            learner: Learner = learner_of(members[row.attendee])
            before = current.get((session.pk, learner.pk))
            if before == row.completed:
                unchanged += 1
                continue
            record = Attendance.objects.create(
                session=session,
                learner=learner,
                completed=row.completed,
                recorded_by=user,
                recorded_by_label=label,
            )
            current[(session.pk, learner.pk)] = row.completed
            batch.add(record, "created", {"completed": [before, row.completed]})
            if before is None:
                created += 1
            else:
                updated += 1
        batch.save()
        if dry_run:
            transaction.set_rollback(True)
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


def _parse(table: Table, mapping: dict[str, str], errors: list[RowError]) -> list[_Row]:
    rows = []
    for number, record in table.records():
        values = {name: record.get(header, "").strip() for name, header in mapping.items()}
        problems = []
        for column in COLUMNS:
            if column.name != "completed" and not values.get(column.name):
                problems.append(RowError(number, mapping[column.name], _("This cell is empty.")))
        try:
            day = dt.date.fromisoformat(values.get("date", ""))
        except ValueError:
            problems.append(RowError(number, mapping["date"], _("Write the date as YYYY-MM-DD.")))
            day = dt.date.min
        completed = parse_bool(values.get("completed", ""))
        if completed is None:
            problems.append(
                RowError(number, mapping["completed"], _("Write yes or no (ja or nee)."))
            )
        if len(values.get("session", "")) > 60:
            problems.append(
                RowError(number, mapping["session"], _("A session code has at most 60 characters."))
            )
        if problems:
            errors.extend(problems)
            continue
        rows.append(
            _Row(
                number=number,
                code=values["session"],
                module=" ".join(values["module"].split()),
                day=day,
                trainer=values["trainer_email"].casefold()[:200],
                attendee=values["attendee_email"].casefold(),
                completed=bool(completed),
            )
        )
    return rows


def _imported_track(organisation: Organisation) -> Track:
    track, _created = Track.objects.get_or_create(
        organisation=organisation,
        key=IMPORTED_TRACK,
        defaults={"kind": Track.Kind.IMPORTED, "title": _("Imported"), "position": 99},
    )
    return track


def _free_key(organisation: Organisation, title: str) -> str:
    from django.utils.text import slugify

    base = slugify(title)[:50].replace("-", "_") or "module"
    key, n = base, 1
    while Module.objects.filter(organisation=organisation, key=key).exists():
        n += 1
        key = f"{base}_{n}"
    return key
