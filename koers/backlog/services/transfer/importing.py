"""Importing use cases from a file in one of the two formats (``formats``).

Every row is validated before anything is written: on its own (``parsing``), then against
the organisation's data and the other rows. Then the whole file is written in one transaction
with bulk inserts and one audit row per use case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from koers.backlog.models.usecases import Stage, UseCase
from koers.backlog.services.transfer.formats import (
    COLUMNS,
    FEDERAL_COLUMN_OF,
    TEXT_FIELDS,
    federal_row,
    is_federal,
)
from koers.backlog.services.transfer.parsing import _parse_row, _Row
from koers.backlog.signals import backlog_changed
from koers.core import clock
from koers.core.services import ChangeBatch, diff_fields
from koers.core.tabular import Table
from koers.orgs.importing import (
    ImportFailed,
    ImportResult,
    RowError,
    SystemActor,
    actor_parts,
    check_mapping,
    guess_mapping,
    update_many,
)
from koers.orgs.models import Department, Membership, Organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext


@dataclass
class _Context:
    """What validation needs to know about the organisation, read once per import."""

    member_ids_by_email: dict[str, int]
    existing: dict[int, UseCase]
    existing_departments: dict[str, str]


def _check_against_organisation(
    rows: list[_Row], context: _Context, column_of: Mapping[str, str], errors: list[RowError]
) -> None:
    """Checks that need the organisation's data or other rows: references, submitters, stages."""
    first_line: dict[int, int] = {}
    for row in rows:

        def error(name: str, message: str, row: _Row = row) -> None:
            errors.append(RowError(row.line, column_of.get(name, name), message))

        if row.reference is not None:
            if row.reference in first_line:
                error(
                    "reference",
                    _("UC-%(n)d is also on row %(row)d.")
                    % {"n": row.reference, "row": first_line[row.reference]},
                )
            first_line.setdefault(row.reference, row.line)
        current = context.existing.get(row.reference) if row.reference else None
        email = row.values.get("submitted_by")
        if email and email not in context.member_ids_by_email:
            error(
                "submitted_by",
                _("No one in this organisation has the e-mail address %(email)s.")
                % {"email": email},
            )
        anonymous = row.values.get("anonymous", current.anonymous if current else False)
        if anonymous and email:
            error("submitted_by", _("An anonymous use case does not name who submitted it."))
        stage = row.values.get("stage") or (current.stage if current else Stage.IDEA)
        reason = row.values.get("rejection_reason", current.rejection_reason if current else "")
        if stage == Stage.REJECTED and not reason:
            error("rejection_reason", _("Give a reason when a use case is rejected."))
        if stage != Stage.REJECTED and reason:
            error("rejection_reason", _("Only a rejected use case has a reason for rejection."))


SNAPSHOT_FIELDS = (
    *TEXT_FIELDS,
    "hours_saved_per_month",
    "other_value_eur_per_year",
    "data_readiness",
    "personal_data",
    "technique",
    "effort",
    "stage",
    "rejection_reason",
    "anonymous",
    "external_id",
)


def _snapshot(usecase: UseCase, departments: Iterable[str], submitter: str) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(usecase, name) for name in SNAPSHOT_FIELDS}
    data["departments"] = sorted(departments, key=str.casefold)
    data["submitted_by"] = submitter
    return data


@dataclass
class _Plan:
    organisation: Organisation
    creates: list[tuple[UseCase, list[str], str]]
    updates: list[tuple[UseCase, list[str] | None, dict[str, Any], str]]
    new_departments: list[str]
    unchanged: int


def _records(
    table: Table, mapping: Mapping[str, str] | None
) -> tuple[list[tuple[int, Mapping[str, Any]]], dict[str, str]]:
    """The table's rows as ``{field: cell}`` with the column each field came from."""
    if is_federal(table.headers):
        return [(line, federal_row(record)) for line, record in table.records()], FEDERAL_COLUMN_OF
    chosen = dict(mapping) if mapping is not None else guess_mapping(table.headers, COLUMNS)
    chosen = {name: header for name, header in chosen.items() if header}
    problems = check_mapping(chosen, table.headers, COLUMNS)
    if problems:
        raise ImportFailed(problems)
    records: list[tuple[int, Mapping[str, Any]]] = [
        (line, {name: record[header] for name, header in chosen.items()})
        for line, record in table.records()
    ]
    return records, chosen


def _plan(
    organisation: Organisation,
    records: list[tuple[int, Mapping[str, Any]]],
    column_of: dict[str, str],
) -> _Plan:
    errors: list[RowError] = []
    rows = [_parse_row(line, cells, column_of, errors) for line, cells in records]
    if not rows:
        raise ImportFailed([RowError(None, "", _("The file has no rows to import."))])
    references = {row.reference for row in rows if row.reference is not None}
    existing = {
        usecase.number: usecase
        for usecase in UseCase.objects.filter(organisation=organisation, number__in=references)
        .select_related("submitted_by")
        .prefetch_related("departments")
    }
    members = Membership.objects.filter(organisation=organisation).values_list(
        "user__email", "user_id"
    )
    context = _Context(
        member_ids_by_email={email.lower(): user_id for email, user_id in members},
        existing=existing,
        existing_departments={
            name.casefold(): name
            for name in Department.objects.filter(organisation=organisation).values_list(
                "name", flat=True
            )
        },
    )
    _check_against_organisation(rows, context, column_of, errors)
    if errors:
        raise ImportFailed(errors)

    new_departments: dict[str, str] = {}
    for row in rows:
        if row.departments is not None:
            resolved = []
            for name in row.departments:
                key = name.casefold()
                if key not in context.existing_departments:
                    new_departments.setdefault(key, name)
                resolved.append(context.existing_departments.get(key) or new_departments[key])
            row.departments = resolved

    highest = UseCase.objects.filter(organisation=organisation).aggregate(n=Max("number"))["n"]
    next_number = max([highest or 0, *references]) + 1
    creates: list[tuple[UseCase, list[str], str]] = []
    updates: list[tuple[UseCase, list[str] | None, dict[str, Any], str]] = []
    unchanged = 0
    for row in rows:
        current = existing.get(row.reference) if row.reference is not None else None
        values = dict(row.values)
        email = values.pop("submitted_by", None)
        if current is None:
            number = row.reference
            if number is None:
                number, next_number = next_number, next_number + 1
            usecase = UseCase(organisation=organisation, number=number, **values)
            if email:
                usecase.submitted_by_id = context.member_ids_by_email[email]
            creates.append((usecase, row.departments or [], email or ""))
            continue
        old_departments = [d.name for d in current.departments.all()]
        old_email = current.submitted_by.email if current.submitted_by else ""
        before = _snapshot(current, old_departments, old_email)
        old_source = current.source
        for name, value in values.items():
            setattr(current, name, value)
        if email is not None:
            current.submitted_by_id = context.member_ids_by_email.get(email) if email else None
        if current.anonymous:
            current.submitted_by_id = None
        new_email = (email if email is not None else old_email) if not current.anonymous else ""
        after = _snapshot(
            current, row.departments if row.departments is not None else old_departments, new_email
        )
        changes = diff_fields(before, after)
        if "source" in values and values["source"] != old_source:
            # Kept as JSON; the audit row of a created use case leaves the source out (it is
            # in the use case itself) but a change to it is recorded.
            changes["source"] = [old_source, values["source"]]
        if changes:
            updates.append((current, row.departments, changes, new_email))
        else:
            unchanged += 1
    return _Plan(
        organisation=organisation,
        creates=creates,
        updates=updates,
        new_departments=list(new_departments.values()),
        unchanged=unchanged,
    )


def usecase_import(
    actor: OrgContext | SystemActor,
    *,
    table: Table,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    note: str = "",
) -> ImportResult:
    """Import every row of ``table`` or none (``ImportFailed`` lists every problem).

    ``mapping`` is ``{field: header}``; without it the columns are matched by name. A federal
    inventory file needs no mapping. With ``dry_run`` nothing is written: the result says what
    would happen.
    """
    if isinstance(actor, OrgContext):
        actor.require(Perm.IMPORT_USECASES)
    organisation, user, label = actor_parts(actor)
    records, column_of = _records(table, mapping)
    with transaction.atomic():
        if not dry_run:
            # Serialises imports and submissions, so that reference numbers stay unique.
            organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        plan = _plan(organisation, records, column_of)
        result = ImportResult(
            created=len(plan.creates),
            updated=len(plan.updates),
            unchanged=plan.unchanged,
            departments_created=len(plan.new_departments),
        )
        if not dry_run:
            _write(plan, user=user, label=label, note=note)
            backlog_changed.send(sender=UseCase, organisation_id=organisation.pk)
    return result


def _write(plan: _Plan, *, user: Any, label: str, note: str) -> None:
    organisation = plan.organisation
    history = ChangeBatch(organisation_id=organisation.pk, actor=user, actor_label=label, note=note)

    departments = Department.objects.bulk_create(
        [Department(organisation=organisation, name=name) for name in plan.new_departments],
        batch_size=500,
    )
    for department in departments:
        history.add(department, "created", {"name": [None, department.name]})
    department_ids = dict(
        Department.objects.filter(organisation=organisation).values_list("name", "pk")
    )

    UseCase.objects.bulk_create([usecase for usecase, _d, _e in plan.creates], batch_size=500)
    through = UseCase.departments.through
    links = []
    for usecase, names, email in plan.creates:
        links += [through(usecase_id=usecase.pk, department_id=department_ids[n]) for n in names]
        history.add(usecase, "imported", diff_fields({}, _snapshot(usecase, names, email)))

    if plan.updates:
        now = clock.now()
        touched: set[str] = {"updated_at"}
        for usecase, _names, fields, _email in plan.updates:
            usecase.updated_at = now
            touched.update(f for f in fields if f not in ("departments", "submitted_by"))
            if "submitted_by" in fields:
                touched.add("submitted_by")
            history.add(usecase, "imported", fields)
        update_many(UseCase, [u for u, *_ in plan.updates], sorted(touched))
        relinked = [(u, names) for u, names, fields, _e in plan.updates if "departments" in fields]
        through.objects.filter(usecase_id__in=[u.pk for u, _n in relinked]).delete()
        for usecase, relinked_names in relinked:
            links += [
                through(usecase_id=usecase.pk, department_id=department_ids[n])
                for n in relinked_names or []
            ]
    through.objects.bulk_create(links, batch_size=1000)
    history.save()
