"""The charts of a wave's results for the results page and the report, drawn by koers.core.charts.

They draw only what the results published: a suppressed cell arrives as None and is drawn as the
words "fewer than k", never as a mark.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from koers.core.anonymity import Cell
from koers.core.charts import (
    BLUE,
    CONFIDENCE,
    ORANGE,
    VERMILION,
    Bar,
    Point,
    Scale,
    Series,
    bar_chart,
    decimal,
    heat_chart,
    hidden_text,
    interval_chart,
    percent,
    signed,
    stacked_chart,
)
from koers.diagnostic.models import RoleGroup
from koers.diagnostic.selectors.result_shapes import (
    ROLE_GROUPS,
    BarrierResult,
    ItemResult,
    WaveResults,
)
from koers.diagnostic.services.tallies import SCALE
from koers.diagnostic.stats import measures as stats


def participation(results: WaveResults, chart_id: str = "chart-participation") -> SafeString:
    rows = []
    for p in results.participation:
        name = results.department_name(p.department)
        if p.answered is None:
            rows.append(Bar(name, None, hidden_text(results.k)))
        elif p.rate is None:  # no invitations, or the channels cannot be told apart here
            note = (
                _("%(n)s through the shared link") % {"n": p.by_link}
                if not p.invited and p.by_link is not None
                else _("%(n)s answered") % {"n": p.answered}
            )
            rows.append(Bar(name, None, note))
        else:
            note = f"{percent(p.rate)} ({p.by_invitation}/{p.invited})"
            if p.by_link:
                note += " + " + _("%(n)s through the shared link") % {"n": p.by_link}
            rows.append(Bar(name, 100 * p.rate, note))
    return bar_chart(
        chart_id,
        _("Invitations answered per department"),
        rows,
        Scale(0, 100, (0, 25, 50, 75, 100), "%"),
    )


def _score_note(figures: stats.Mean, agree: stats.Share | None = None) -> str:
    note = decimal(figures.mean)
    if agree is not None and agree.value is not None:
        note += " · " + _("%(share)s agree") % {"share": percent(agree.value)}
    return note


def barrier_scores(results: WaveResults, chart_id: str = "chart-barriers") -> SafeString:
    rows = []
    for b in results.barriers:
        f = b.organisation
        if f is None or f.mean.mean is None:
            rows.append(Bar(b.name, None, hidden_text(results.k)))
            continue
        interval = f.interval
        rows.append(
            Bar(
                b.name,
                f.mean.mean,
                _score_note(f.mean, f.agree),
                interval.low if interval else None,
                interval.high if interval else None,
            )
        )
    return bar_chart(
        chart_id,
        _("Barrier scores (1-5) with their %(level)s confidence interval") % CONFIDENCE,
        rows,
        Scale(1, SCALE, (1, 2, 3, 4, 5)),
    )


def heat_map(results: WaveResults, chart_id: str = "chart-heatmap") -> SafeString:
    rows = [
        (name, [f.mean.mean if f is not None else None for f in row])
        for name, row in results.heat_map()
    ]
    return heat_chart(
        chart_id,
        _("Barrier scores per department"),
        [b.name for b in results.barriers],
        rows,
        low=1,
        high=SCALE,
        hidden=hidden_text(results.k),
        hidden_short=f"<{results.k}",
    )


def _point(figures: stats.Mean | None) -> Point | None:
    if figures is None or figures.mean is None:
        return None
    interval = figures.interval()
    return Point(
        figures.mean,
        interval.low if interval else None,
        interval.high if interval else None,
        decimal(figures.mean),
    )


def gap(results: WaveResults, chart_id: str = "chart-gap") -> SafeString:
    leaders, staff = ROLE_GROUPS
    series = [
        Series(str(RoleGroup(leaders).label), BLUE, "circle"),
        Series(str(RoleGroup(staff).label), ORANGE, "square"),
    ]
    rows: list[tuple[str, Sequence[Point | None], str]] = []
    for b in results.barriers:
        if b.gap is None:
            rows.append((b.name, [None, None], hidden_text(results.k)))
            continue
        points = [_point(_mean(b, (None, role))) for role in ROLE_GROUPS]
        rows.append((b.name, points, _("gap %(gap)s") % {"gap": signed(b.gap.estimate)}))
    return interval_chart(
        chart_id,
        _("Leadership and staff per barrier (1-5, %(level)s confidence interval)") % CONFIDENCE,
        series,
        rows,
        Scale(1, SCALE, (1, 2, 3, 4, 5)),
    )


def _mean(barrier: BarrierResult, cell: Cell) -> stats.Mean | None:
    figures = barrier.cells.get(cell)
    return figures.mean if figures is not None else None


def trend(results: WaveResults, chart_id: str = "chart-trend") -> SafeString:
    shown = [b.trend for b in results.barriers if b.trend is not None]
    reach = max([1.0] + [max(abs(t.interval.low), abs(t.interval.high)) for t in shown])
    reach = min(SCALE - 1.0, math.ceil(reach * 2) / 2)
    half = reach / 2
    rows: list[tuple[str, Sequence[Point | None], str]] = []
    for b in results.barriers:
        t = b.trend
        if t is None:
            rows.append((b.name, [None], _("not comparable")))
            continue
        note = signed(t.estimate)
        rows.append((b.name, [Point(t.estimate, t.interval.low, t.interval.high, note)], note))
    return interval_chart(
        chart_id,
        _("Change per barrier since the previous wave (points, %(level)s confidence interval)")
        % CONFIDENCE,
        [Series(_("Change"), VERMILION, "circle")],
        rows,
        Scale(-reach, reach, (-reach, -half, 0, half, reach)),
        zero=0,
    )


def items(
    results: WaveResults, group: Sequence[ItemResult], cell: Cell, title: str, chart_id: str
) -> SafeString:
    """The distribution of each item in ``group`` in one published cell."""
    return stacked_chart(
        chart_id,
        title,
        [(item.text, item.cells.get(cell)) for item in group],
        hidden_text(results.k),
    )
