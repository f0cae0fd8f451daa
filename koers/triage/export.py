"""The portfolio as an XLSX workbook: one row per use case, with its answers and outcomes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from koers.core.tabular import write_xlsx
from koers.orgs.models import Organisation
from koers.triage.display import (
    article_label,
    law_view,
    obligation_summary,
    obligation_when,
    outcome_text,
)
from koers.triage.models import Status
from koers.triage.rules.schema import Facts, Law
from koers.triage.selectors import portfolio_usecases, result_of, usecase_timeline
from koers.triage.services import transparency_value

UNKNOWN = "unknown"


def _fact(value: Any) -> Any:
    """A fact as a cell: "unknown" for don't know, yes/no, a list joined with commas."""
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) if value else "none"
    return value


def triage_rows(*, organisation: Organisation) -> tuple[list[str], list[list[Any]]]:
    fact_keys = list(Facts.model_fields)
    headers = [
        _("Reference"),
        _("Title"),
        _("Stage"),
        _("Triage status"),
        _("Risk group"),
        _("Transparency duty"),
        _("DPIA"),
        _("AI Act role"),
        _("Kind of AI"),
        _("Obligations"),
        _("Rules version"),
        _("Law applied"),
        _("DPIA reasons"),
        _("Last answered by"),
        _("Last answered at"),
        _("Signed off by"),
        _("Signed off at"),
        *fact_keys,
    ]
    rows: list[list[Any]] = []
    for usecase in portfolio_usecases(organisation=organisation).select_related(
        "triage__updated_by", "triage__signed_off_by"
    ):
        triage = getattr(usecase, "triage", None)
        lead = [usecase.reference, usecase.title, usecase.get_stage_display()]
        if triage is None:
            rows.append([*lead, str(_("Not triaged")), *[""] * (len(headers) - 4)])
            continue
        result = result_of(triage)
        rows.append(
            [
                *lead,
                str(Status(triage.status).label),
                str(outcome_text("risk_group", result.risk_group)),
                str(outcome_text("transparency", transparency_value(result))),
                str(outcome_text("dpia", result.dpia)),
                str(outcome_text("role", result.role or "")),
                str(outcome_text("type", result.type)),
                "\n".join(
                    f"{article_label(o.article)}: {obligation_summary(o)} ({obligation_when(o)})"
                    for o in usecase_timeline(result)
                ),
                triage.rules_version,
                _law_cell(result.law),
                "\n".join(result.dpia_reasons),
                str(triage.updated_by or ""),
                _naive(triage.updated_at),
                str(triage.signed_off_by or ""),
                _naive(triage.signed_off_at),
                *[_fact(triage.facts.get(key)) for key in fact_keys],
            ]
        )
    return [str(h) for h in headers], rows


def _law_cell(found: Law) -> str:
    """The law a result was made with, and each act with its Official Journal reference."""
    shown = law_view(found)
    return "\n".join([str(shown.title), *(f"{title}, {ref}" for title, ref, _url in shown.sources)])


def _naive(moment: Any) -> Any:
    """Excel has no time zones: the local time, without one."""
    from django.utils import timezone

    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def triage_export_xlsx(*, organisation: Organisation) -> bytes:
    headers, rows = triage_rows(organisation=organisation)
    return write_xlsx(str(_("Risk triage")), headers, rows)
