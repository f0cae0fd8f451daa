"""Exporting the use-case register (or the filtered part of it) as CSV, XLSX or JSON: the columns
of Koers's own import format, with the informational ones (``EXPORT_ONLY``) added."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from koers.backlog.models.usecases import UseCase
from koers.backlog.selectors.usecases import UseCaseFilter, usecase_list
from koers.backlog.services.transfer.formats import EXPORT_COLUMNS
from koers.core.tabular import LIST_SEPARATOR, write_csv, write_xlsx
from koers.orgs.models import Organisation


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
            "assessed_risk": usecase.assessed_risk,
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
    rows = ([_flat(record[name]) for name in EXPORT_COLUMNS] for record in records)
    return write_csv(list(EXPORT_COLUMNS), rows)


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
