"""Interval charts: a mark per series in each row, with its 95% confidence interval."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString

from koers.core.charts.canvas import (
    CHAR,
    FOOT,
    HEAD,
    INK,
    LABEL_WIDTH,
    MUTED,
    NOTE_WIDTH,
    WIDTH,
    Scale,
    _Canvas,
    _lines,
    row_height,
)


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    shape: str  # circle or square


@dataclass(frozen=True)
class Point:
    """A mark with its 95% interval; None in a row's list: suppressed."""

    value: float
    low: float | None
    high: float | None
    note: str


def interval_chart(
    chart_id: str,
    title: str,
    series: Sequence[Series],
    rows: Sequence[tuple[str, Sequence[Point | None], str]],
    scale: Scale,
    *,
    zero: float | None = None,
) -> SafeString:
    """Marks with whiskers, one per series in each row (label, points, note on the right)."""
    legend = len(series) > 1
    top = HEAD + (18 if legend else 0)
    labels = [_lines(label) for label, _points, _note in rows]
    heights = [row_height(len(lines)) for lines in labels]
    height = top + sum(heights) + FOOT
    canvas = _Canvas(chart_id, title, height)
    if legend:
        x = float(LABEL_WIDTH)
        for s in series:
            canvas.mark(x + 4, 12, s.colour, s.shape)
            canvas.text(x + 14, 16, s.name)
            x += 24 + CHAR * len(s.name)
    scale.draw(canvas, top, height - FOOT)
    if zero is not None:
        canvas.line(scale.x(zero), top, scale.x(zero), height - FOOT, INK, 1.2)
    description = []
    y = float(top)
    for (label, points, note), lines, tall in zip(rows, labels, heights, strict=True):
        row_middle = y + tall / 2
        y += tall
        canvas.label(6, row_middle, lines)
        if all(p is None for p in points):
            canvas.text(LABEL_WIDTH + 4, row_middle + 4, note, colour=MUTED, italic=True)
            description.append(f"{label}: {note}.")
            continue
        offsets = [0.0] if len(points) == 1 else [-5.0, 5.0]
        for s, point, offset in zip(series, points, offsets, strict=False):
            if point is None:
                continue
            middle = row_middle + offset
            if point.low is not None and point.high is not None:
                canvas.line(scale.x(point.low), middle, scale.x(point.high), middle, s.colour, 2)
            canvas.mark(scale.x(point.value), middle, s.colour, s.shape)
        canvas.text(WIDTH - NOTE_WIDTH + 8, row_middle + 4, note)
        description.append(
            f"{label}: "
            + "; ".join(f"{s.name} {p.note}" for s, p in zip(series, points, strict=False) if p)
            + "."
        )
    return canvas.svg(description)
