"""The results pages of a scan wave: the page with its charts, and the aggregated exports."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from koers.core.anonymity import ORGANISATION, Cell
from koers.core.http import get_or_404
from koers.core.tabular import write_csv, write_xlsx
from koers.diagnostic.forms.results import ItemFilter
from koers.diagnostic.models import RoleGroup, Wave
from koers.diagnostic.selectors import charts, waves
from koers.diagnostic.selectors.open_answers import answer_groups
from koers.diagnostic.selectors.report import actions, result_charts, underestimation
from koers.diagnostic.selectors.result_shapes import (
    ROLE_GROUPS,
    BarrierResult,
    TextResult,
    WaveResults,
    export_headers,
)
from koers.diagnostic.selectors.results import wave_results
from koers.diagnostic.services.ideas import backlog_questions
from koers.diagnostic.services.tallies import SCALE
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _results(ctx: OrgContext, pk: int) -> WaveResults:
    wave = get_or_404(waves.wave_get, organisation=ctx.organisation, pk=pk)
    try:
        return wave_results(ctx, wave)
    except Wave.DoesNotExist as missing:
        raise Http404 from missing


@org_view(Perm.MANAGE_SCANS)
def results(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _results(ctx, pk)
    chosen = ItemFilter(request.GET or None, results=found)
    cell = chosen.cell()
    return TemplateResponse(
        request,
        "diagnostic/results.html",
        {
            "results": found,
            "charts": result_charts(found),
            "top": [(b, actions(b, ctx.organisation)) for b in found.top],
            "participation": [
                (found.department_name(p.department), p) for p in found.participation
            ],
            "gaps": [_gap(b) for b in found.barriers],
            "crossed": _crossed(found),
            "scale": range(1, SCALE + 1),
            "item_filter": chosen,
            "item_cell_published": cell in found.published,
            "item_groups": _item_groups(found, cell),
            "underestimation": underestimation(found, ctx.organisation),
            "texts": [_text_groups(t) for t in found.texts],
            "has_backlog_question": bool(found.wave and backlog_questions(found.wave)),
        },
    )


def _gap(barrier: BarrierResult) -> dict[str, Any]:
    leaders, staff = (barrier.cells.get((None, role)) for role in ROLE_GROUPS)
    shown = barrier.gap is not None and leaders is not None and staff is not None
    return {
        "barrier": barrier,
        "shown": shown,
        "leaders": leaders if shown else None,
        "staff": staff if shown else None,
    }


def _crossed(found: WaveResults) -> list[dict[str, Any]]:
    """Barrier scores per department x role group, the rows with at least one published cell."""
    rows = []
    for department in found.departments:
        for role in ROLE_GROUPS:
            cells = [b.cells.get((department, role)) for b in found.barriers]
            if any(cells):
                rows.append(
                    {
                        "department": found.department_name(department),
                        "role_group": RoleGroup(role).label,
                        "cells": cells,
                    }
                )
    return rows


TEXTS_SHOWN = 20  # the most written answers per open question on the results page
ANSWERS_PER_PAGE = 100


def _text_groups(text: TextResult) -> dict[str, Any]:
    """An open question's answers for the organisation, the same ones once with how many wrote
    them; None when the organisation's list is not published."""
    if ORGANISATION not in text.cells:
        return {"result": text, "groups": None}
    groups = answer_groups(text.cells[ORGANISATION])
    return {"result": text, "groups": groups[:TEXTS_SHOWN], "more": len(groups) > TEXTS_SHOWN,
            "distinct": len(groups), "total": len(text.cells[ORGANISATION])}  # fmt: skip


@org_view(Perm.MANAGE_SCANS)
def answers(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """Every published answer to one open question (``?question=``), for the organisation or a
    published department, the same ones once with how many wrote them."""
    found = _results(ctx, pk)
    question = request.GET.get("question") or next((t.id for t in found.texts), "")
    text = next((t for t in found.texts if t.id == question), None)
    if text is None:
        raise Http404
    departments = [
        (cell[0], found.department_name(cell[0])) for cell in text.cells if cell[0] is not None
    ]
    chosen = request.GET.get("department") or None
    if chosen is not None and chosen not in dict(departments):
        chosen = None  # not offered: hidden or unknown; show the organisation's list
    listed = text.cells.get((chosen, None))
    groups = answer_groups(listed) if listed is not None else []
    page = Paginator(groups, ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "diagnostic/answers.html",
        {
            "results": found,
            "text": text,
            "shown": listed is not None,
            "departments": departments,
            "chosen": chosen,
            "page": page,
            "total": len(listed or []),
        },
    )


def _item_groups(found: WaveResults, cell: Cell) -> list[dict[str, Any]]:
    """The items per barrier (then the others), each with its figures in ``cell``."""
    if cell not in found.published:
        return []
    titles = {b.id: b.name for b in found.barriers}
    order = [b.id for b in found.barriers] + [None]
    groups = []
    for barrier in order:
        members = [item for item in found.items if item.barrier == barrier]
        if not members:
            continue
        title = titles.get(barrier or "") or str(_("Other questions"))
        chart_id = f"chart-items-{barrier or 'other'}"
        points = next((c.points for item in members for c in item.cells.values()), SCALE)
        groups.append(
            {
                "title": title,
                "points": range(1, points + 1),
                "chart": charts.items(found, members, cell, title, chart_id),
                "rows": [(item, item.cells.get(cell)) for item in members],
            }
        )
    return groups


def _filename(found: WaveResults, extension: str) -> str:
    wave = found.wave
    return f"scan-results-{wave.pk if wave else 'wave'}.{extension}"


@org_view(Perm.MANAGE_SCANS)
def results_csv(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _results(ctx, pk)
    content = write_csv(export_headers(), found.export_rows())
    response = HttpResponse(content, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{_filename(found, "csv")}"'
    return response


@org_view(Perm.MANAGE_SCANS)
def results_xlsx(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _results(ctx, pk)
    content = write_xlsx(str(_("Scan results")), export_headers(), found.export_rows())
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(found, "xlsx")}"'
    return response
