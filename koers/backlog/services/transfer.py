"""Importing and exporting the use-case register.

Two import formats: Koers's own (the export columns; headers matched leniently, in English or
Dutch, with a mapping step for other spreadsheets) and the US Federal AI Use Case Inventory 2025,
recognised from its headers. Every row is validated before anything is written; then the whole
file is written in one transaction with bulk inserts and one audit row per use case.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet, TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.backlog.models.usecases import (
    DataReadiness,
    Effort,
    PersonalData,
    Stage,
    Technique,
    UseCase,
)
from koers.backlog.selectors.usecases import UseCaseFilter, usecase_list
from koers.backlog.signals import backlog_changed
from koers.core import clock
from koers.core.services import ChangeBatch, diff_fields
from koers.core.tabular import LIST_SEPARATOR, Table, write_xlsx
from koers.orgs.importing import (
    ChoiceParser,
    Column,
    ImportFailed,
    ImportResult,
    RowError,
    SystemActor,
    actor_parts,
    check_mapping,
    clean_name,
    guess_mapping,
    parse_bool,
    update_many,
)
from koers.orgs.models import Department, Membership, Organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

# --- Koers's own format ----------------------------------------------------------------------

COLUMNS: tuple[Column, ...] = (
    Column("reference", gettext_lazy("reference"), ("ref", "referentie", "kenmerk", "number")),
    Column("title", gettext_lazy("title"), ("titel", "name", "naam", "use case"), required=True),
    Column("problem", gettext_lazy("problem it solves"), ("problem", "probleem")),
    Column("solution", gettext_lazy("proposed AI solution"), ("solution", "oplossing")),
    Column("benefits", gettext_lazy("expected benefits"), ("baten", "voordelen", "opbrengst")),
    Column(
        "hours_saved_per_month",
        gettext_lazy("hours saved per month"),
        ("uren bespaard per maand", "bespaarde uren per maand", "hours saved"),
    ),
    Column(
        "other_value_eur_per_year",
        gettext_lazy("other value per year (EUR)"),
        ("andere waarde per jaar (EUR)", "overige waarde per jaar", "other value"),
    ),
    Column("outputs", gettext_lazy("outputs"), ("output", "uitvoer", "resultaat")),
    Column("departments", gettext_lazy("departments"), ("department", "afdelingen", "afdeling")),
    Column("data_used", gettext_lazy("data used"), ("gebruikte data", "data", "gegevens")),
    Column(
        "data_readiness",
        gettext_lazy("data readiness"),
        ("gegevens beschikbaar", "data beschikbaar", "databeschikbaarheid", "data readiness"),
    ),
    Column(
        "personal_data",
        gettext_lazy("personal data involved"),
        ("personal data", "persoonsgegevens", "pii"),
    ),
    Column("technique", gettext_lazy("AI technique"), ("techniek", "ai-techniek")),
    Column("effort", gettext_lazy("effort estimate"), ("effort", "inspanning", "omvang")),
    Column("stage", gettext_lazy("stage"), ("fase", "status")),
    Column(
        "rejection_reason",
        gettext_lazy("reason for rejection"),
        ("reden van afwijzing", "reden afwijzing"),
    ),
    Column("anonymous", gettext_lazy("submitted anonymously"), ("anonymous", "anoniem")),
    Column("external_id", gettext_lazy("external ID"), ("externe id", "extern id", "id")),
    Column(
        "submitted_by",
        gettext_lazy("submitted by (e-mail)"),
        ("submitted by", "ingediend door", "indiener"),
    ),
    Column("source", gettext_lazy("source fields"), ("bron", "bronvelden")),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
# Informational columns: exported, never imported.
EXPORT_ONLY = ("created_at", "votes", "comments")
EXPORT_COLUMNS = (*COLUMN_NAMES[:-1], *EXPORT_ONLY, "source")

TEXT_FIELDS = ("title", "problem", "solution", "benefits", "outputs", "data_used")
MAX_LENGTHS = {"title": 300, "external_id": 100}
DECIMALS = {"hours_saved_per_month": (10, 1), "other_value_eur_per_year": (14, 2)}

# --- US Federal AI Use Case Inventory 2025 -------------------------------------------------

FEDERAL_FORMAT = "us-federal-ai-inventory-2025"
FEDERAL_SIGNATURE = {"use_case_name", "agency_name", "problem_solved", "development_stage"}
# Federal column → Koers field, for the columns copied as they are.
FEDERAL_COPIED = {
    "use_case_name": "title",
    "problem_solved": "problem",
    "benefits": "benefits",
    "system_outputs": "outputs",
    "data_description": "data_used",
    "agency_name": "departments",
    "id": "external_id",
}
FEDERAL_COLUMN_OF = {
    **{koers: federal for federal, koers in FEDERAL_COPIED.items()},
    "personal_data": "has_pii",
    "technique": "classification",
    "stage": "development_stage",
}
FEDERAL_TECHNIQUE = {
    "Generative AI": Technique.GENERATIVE,
    "Classical ML": Technique.CLASSICAL_ML,
    "NLP": Technique.NLP,
    "Computer Vision": Technique.VISION,
    "Agentic AI": Technique.AGENTIC,
}
FEDERAL_STAGE = {
    "Pre-deployment": Stage.ASSESSED,
    "Pilot": Stage.PILOT,
    "Deployed": Stage.LIVE,
    "Retired": Stage.RETIRED,
    "": Stage.IDEA,
}
FEDERAL_PII = {"Yes": PersonalData.YES, "No": PersonalData.NO, "": PersonalData.UNKNOWN}
_EMPTY_SOURCE_VALUES = {"", "[]"}


def is_federal(headers: Sequence[str]) -> bool:
    return set(headers) >= FEDERAL_SIGNATURE


def _short_title(text: str, limit: int = 80) -> str:
    sentence = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _federal_choice(text: str, mapping: Mapping[str, TextChoices]) -> str:
    return mapping[text].value if text in mapping else text


def federal_row(row: Mapping[str, str]) -> dict[str, Any]:
    """One row of the federal inventory as a row of Koers's import format.

    The columns Koers has no field for (topic area, high-impact determination, bureau, …) are
    kept in ``source``, as are the original values of the columns whose values are translated.
    """
    value = {name: (row.get(name) or "").strip() for name in row}
    title = value.get("use_case_name", "")
    if not title:
        # One row of the 2025 inventory has no name; a title is required, so derive one.
        fallback = value.get("problem_solved") or value.get("benefits") or value.get("id", "")
        title = _short_title(fallback or value.get("system_outputs", ""))
    return {
        "title": title,
        "problem": value.get("problem_solved", ""),
        "benefits": value.get("benefits", ""),
        "outputs": value.get("system_outputs", ""),
        "data_used": value.get("data_description", ""),
        "departments": value.get("agency_name", ""),
        "external_id": value.get("id", ""),
        # A value outside the inventory's vocabulary is passed on as it is, so that the row is
        # refused with an error naming the column instead of being guessed.
        "personal_data": _federal_choice(value.get("has_pii", ""), FEDERAL_PII),
        "technique": FEDERAL_TECHNIQUE.get(value.get("classification", ""), Technique.OTHER).value,
        "stage": _federal_choice(value.get("development_stage", ""), FEDERAL_STAGE),
        "source": {
            name: text
            for name, text in value.items()
            if name not in FEDERAL_COPIED and text not in _EMPTY_SOURCE_VALUES
        },
    }


# --- parsing -------------------------------------------------------------------------------

_PARSERS: dict[str, ChoiceParser] = {}


def parse_choice(name: str, text: str) -> str | None:
    """The code of a choice column's value as people write it (English or Dutch, code or label),
    or None when it is not one of the choices."""
    return _parser(name).parse(text)


def _parser(name: str) -> ChoiceParser:
    """The choice parsers, built on first use (they read the translation catalogues)."""
    if not _PARSERS:
        federal_techniques: dict[str, list[str]] = {}
        for label, code in FEDERAL_TECHNIQUE.items():
            federal_techniques.setdefault(code, []).append(label)
        federal_stages: dict[str, list[str]] = {}
        for label, stage in FEDERAL_STAGE.items():
            federal_stages.setdefault(stage, []).append(label)
        _PARSERS.update(
            personal_data=ChoiceParser(
                PersonalData,
                {"yes": ["ja", "y"], "no": ["nee", "n"], "unknown": ["onbekend", "weet niet"]},
            ),
            technique=ChoiceParser(
                Technique,
                {
                    **federal_techniques,
                    "generative": [*federal_techniques["generative"], "genai", "generatieve AI"],
                    "classical_ml": [*federal_techniques["classical_ml"], "machine learning"],
                    "nlp": [*federal_techniques["nlp"], "taalverwerking"],
                    "agentic": [*federal_techniques["agentic"], "agentische AI", "agents"],
                    "other": ["anders", "overig", "onbekend"],
                },
            ),
            effort=ChoiceParser(
                Effort,
                {
                    "unknown": ["weet niet", "onbekend"],
                    "days": ["dagen"],
                    "weeks": ["weken"],
                    "months": ["maanden"],
                    "quarters": ["meer dan drie maanden", "kwartalen"],
                },
            ),
            data_readiness=ChoiceParser(
                DataReadiness,
                {
                    "unknown": ["onbekend", "weet niet"],
                    "ready": ["ja", "beschikbaar", "yes"],
                    "partial": ["deels", "gedeeltelijk", "partly"],
                    "missing": ["nee", "niet beschikbaar", "no"],
                },
            ),
            stage=ChoiceParser(
                Stage,
                {
                    **federal_stages,
                    "idea": ["idee"],
                    "assessed": [*federal_stages["assessed"], "beoordeeld"],
                    "selected": ["geselecteerd", "gekozen"],
                    "live": [*federal_stages["live"], "in gebruik", "productie"],
                    "retired": [*federal_stages["retired"], "uitgefaseerd", "buiten gebruik"],
                    "rejected": ["afgewezen"],
                },
            ),
        )
    return _PARSERS[name]


_REFERENCE = re.compile(r"^(?:UC)?[-\s#]*(\d{1,9})$", re.IGNORECASE)


def parse_reference(text: str) -> int | None:
    match = _REFERENCE.match(text.strip())
    return int(match.group(1)) if match else None


def parse_decimal(text: str, *, max_digits: int, places: int) -> Decimal:
    """A non-negative number, rounded to ``places``; a decimal comma is fine. ValueError if not."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(_("Enter a number, like 12 or 12.5.")) from error
    if not value.is_finite() or value < 0:
        raise ValueError(_("Enter zero or more."))
    value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value >= Decimal(10) ** (max_digits - places):
        raise ValueError(_("This number is too large."))
    return value


def split_departments(text: str) -> list[str]:
    """Department names separated by semicolons, each with its white space tidied."""
    names: dict[str, str] = {}
    for part in text.split(";"):
        name = clean_name(part)
        if name:
            names.setdefault(name.casefold(), name)
    return list(names.values())


@dataclass
class _Row:
    """One validated row: the fields it sets (only those the file has a column for)."""

    line: int
    reference: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    departments: list[str] | None = None


@dataclass
class _Context:
    """What validation needs to know about the organisation, read once per import."""

    member_ids_by_email: dict[str, int]
    existing: dict[int, UseCase]
    existing_departments: dict[str, str]


def _parse_row(
    line: int, cells: Mapping[str, Any], column_of: Mapping[str, str], errors: list[RowError]
) -> _Row:
    row = _Row(line=line)

    def error(name: str, message: str) -> None:
        errors.append(RowError(line, column_of.get(name, name), message))

    for name, raw in cells.items():
        text = raw.strip() if isinstance(raw, str) else raw
        if name == "reference":
            if text:
                row.reference = parse_reference(text)
                if row.reference is None:
                    error(name, _("Write a reference like UC-12, or leave it empty."))
        elif name in TEXT_FIELDS or name in ("external_id", "rejection_reason"):
            if name in MAX_LENGTHS and len(text) > MAX_LENGTHS[name]:
                error(
                    name,
                    _("At most %(n)d characters; this has %(len)d.")
                    % {"n": MAX_LENGTHS[name], "len": len(text)},
                )
            row.values[name] = text
        elif name in DECIMALS:
            if not text:
                row.values[name] = None
                continue
            digits, places = DECIMALS[name]
            try:
                row.values[name] = parse_decimal(text, max_digits=digits, places=places)
            except ValueError as problem:
                error(name, str(problem))
        elif name in ("data_readiness", "personal_data", "technique", "effort", "stage"):
            if not text:
                continue  # an empty cell keeps the current value (or the default for a new one)
            code = _parser(name).parse(text)
            if code is None:
                error(
                    name,
                    _("“%(value)s” is not one of: %(allowed)s.")
                    % {"value": text, "allowed": _parser(name).allowed()},
                )
            row.values[name] = code
        elif name == "anonymous":
            flag = parse_bool(text)
            if flag is None:
                error(name, _("Write yes or no."))
            row.values[name] = bool(flag)
        elif name == "submitted_by":
            row.values[name] = text.lower()
        elif name == "departments":
            row.departments = split_departments(text)
            for department in row.departments:
                if len(department) > 200:
                    error(name, _("A department name has at most 200 characters."))
        elif name == "source":
            if isinstance(raw, dict):
                row.values[name] = raw
            elif text:
                try:
                    parsed = json.loads(text)
                except json.JSONDecodeError:
                    parsed = None
                if not isinstance(parsed, dict):
                    error(name, _('Source fields must be a JSON object, like {"a": "b"}.'))
                row.values[name] = parsed if isinstance(parsed, dict) else {}
    if "title" in cells and not row.values.get("title"):
        error("title", _("Give the use case a title."))
    return row


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


# --- export --------------------------------------------------------------------------------


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def export_queryset(
    *, organisation: Organisation, filters: UseCaseFilter | None = None
) -> QuerySet[UseCase]:
    filters = filters or UseCaseFilter(sort="reference")
    return usecase_list(organisation=organisation, filters=filters).select_related("submitted_by")


def export_records(usecases: Iterable[UseCase]) -> Iterator[dict[str, Any]]:
    """Each use case as a dict of typed values (numbers, booleans, lists), in export order."""
    for usecase in usecases:
        yield {
            "reference": usecase.reference,
            "title": usecase.title,
            "problem": usecase.problem,
            "solution": usecase.solution,
            "benefits": usecase.benefits,
            "hours_saved_per_month": _number(usecase.hours_saved_per_month),
            "other_value_eur_per_year": _number(usecase.other_value_eur_per_year),
            "outputs": usecase.outputs,
            "departments": sorted((d.name for d in usecase.departments.all()), key=str.casefold),
            "data_used": usecase.data_used,
            "data_readiness": usecase.data_readiness,
            "personal_data": usecase.personal_data,
            "technique": usecase.technique,
            "effort": usecase.effort,
            "stage": usecase.stage,
            "rejection_reason": usecase.rejection_reason,
            "anonymous": usecase.anonymous,
            "external_id": usecase.external_id,
            "submitted_by": ""
            if usecase.anonymous or usecase.submitted_by is None
            else usecase.submitted_by.email,
            "created_at": usecase.created_at.isoformat(),
            "votes": usecase.vote_count,
            "comments": usecase.comment_count,
            "source": usecase.source or {},
        }


def _flat(value: Any) -> Any:
    """A typed value as a spreadsheet cell (numbers stay numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    return value


EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
}


def export_csv(records: Iterable[dict[str, Any]]) -> bytes:
    # With a byte-order mark, so that Excel opens the UTF-8 text correctly.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for record in records:
        writer.writerow([_flat(record[name]) for name in EXPORT_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def export_json(records: Iterable[dict[str, Any]]) -> bytes:
    return json.dumps(list(records), ensure_ascii=False, indent=1).encode("utf-8")


def export_xlsx(records: Iterable[dict[str, Any]]) -> bytes:
    rows = ([_flat(record[name]) for name in EXPORT_COLUMNS] for record in records)
    return write_xlsx(str(_("Use cases")), list(EXPORT_COLUMNS), rows)


def usecase_export(
    *, organisation: Organisation, fmt: str, filters: UseCaseFilter | None = None
) -> bytes:
    """The register (or the filtered part of it) as CSV, XLSX or JSON bytes."""
    records = export_records(export_queryset(organisation=organisation, filters=filters))
    writers = {"csv": export_csv, "xlsx": export_xlsx, "json": export_json}
    if fmt not in writers:
        raise ValueError(f"Unknown export format {fmt!r}; use csv, xlsx or json.")
    return writers[fmt](records)
