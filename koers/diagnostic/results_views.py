"""The results pages of a scan wave: the page with its charts, and the aggregated exports."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from koers.core.tabular import write_xlsx
from koers.diagnostic.models import Wave
from koers.diagnostic.results import (
    SCALE,
    BarrierResult,
    Figures,
    WaveResults,
    export_headers,
    wave_results,
)
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEAT_STEPS = 8  # colour classes results-heat-0 .. results-heat-8
TREND_RANGE = 2.0  # the trend chart shows changes from -2 to +2 points


def _results(ctx: OrgContext, pk: int) -> WaveResults:
    wave = get_object_or_404(Wave, pk=pk, organisation=ctx.organisation)
    try:
        return wave_results(ctx, wave)
    except Wave.DoesNotExist as missing:
        raise Http404 from missing


@org_view(Perm.MANAGE_SCANS)
def results(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _results(ctx, pk)
    return TemplateResponse(
        request,
        "diagnostic/results.html",
        {
            "results": found,
            "heat_map": [
                (name, [_heat(figures) for figures in row]) for name, row in found.heat_map()
            ],
            "participation": [
                (found.department_name(p.department), p) for p in found.participation
            ],
            "gaps": [_gap(b) for b in found.barriers],
            "trends": [_trend(b) for b in found.barriers],
            "scale": range(1, SCALE + 1),
        },
    )


def _heat(figures: Figures | None) -> dict[str, Any] | None:
    if figures is None or figures.mean.mean is None:
        return None
    step = round((figures.mean.mean - 1) / (SCALE - 1) * HEAT_STEPS)
    return {"figures": figures, "step": step}


def _percent(score: float | None) -> float:
    return 0.0 if score is None else round(100 * score / SCALE, 1)


def _gap(barrier: BarrierResult) -> dict[str, Any]:
    leaders = barrier.cells.get((None, "leadership"))
    staff = barrier.cells.get((None, "staff"))
    shown = barrier.gap is not None and leaders is not None and staff is not None
    return {
        "barrier": barrier,
        "shown": shown,
        "leaders": leaders if shown else None,
        "staff": staff if shown else None,
        "leaders_width": _percent(leaders.mean.mean) if shown and leaders else 0,
        "staff_width": _percent(staff.mean.mean) if shown and staff else 0,
    }


def _x(change: float) -> float:
    """A change in points as a percentage across the trend chart (clipped at its edges)."""
    clipped = max(-TREND_RANGE, min(TREND_RANGE, change))
    return round(50 + 50 * clipped / TREND_RANGE, 1)


def _trend(barrier: BarrierResult) -> dict[str, Any]:
    trend = barrier.trend
    if trend is None:
        return {"barrier": barrier, "trend": None}
    return {
        "barrier": barrier,
        "trend": trend,
        "x": _x(trend.estimate),
        "low": _x(trend.interval.low),
        "high": _x(trend.interval.high),
    }


def _filename(found: WaveResults, extension: str) -> str:
    wave = found.wave
    return f"scan-results-{wave.pk if wave else 'wave'}.{extension}"


@org_view(Perm.MANAGE_SCANS)
def results_csv(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _results(ctx, pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(export_headers())
    writer.writerows(_safe(row) for row in found.export_rows())
    # With a byte-order mark, so that Excel opens the UTF-8 text correctly.
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{_filename(found, "csv")}"'
    return response


def _safe(row: list[Any]) -> list[Any]:
    # A department name from a user must not run as a formula in the reader's spreadsheet.
    return [
        "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value
        for value in row
    ]


@org_view(Perm.MANAGE_SCANS)
def results_xlsx(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _results(ctx, pk)
    content = write_xlsx(str(_("Scan results")), export_headers(), found.export_rows())
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(found, "xlsx")}"'
    return response
