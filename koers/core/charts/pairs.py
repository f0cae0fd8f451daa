"""Paired bars: two amounts per row (say, what is needed and what is expected), each written at
the end of its bar, under a legend, so a grey print still reads."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.safestring import SafeString

from koers.core.charts.canvas import (
    CHAR,
    FOOT,
    GRID,
    HEAD,
    LABEL_WIDTH,
    NOTE_WIDTH,
    WIDTH,
    _Canvas,
    _lines,
    row_height,
)
from koers.core.charts.figures import decimal

PAIR_ROW = 34


def euros(value: float) -> str:
    """An amount as a chart writes it: whole euros below a thousand, else thousands ("€ 350k")
    or millions ("€ 1,2 mln")."""
    if value >= 1_000_000:
        return f"€ {decimal(value / 1_000_000, 1)} mln"
    if value >= 1_000:
        return f"€ {decimal(value / 1_000, 0)}k"
    return f"€ {decimal(value, 0)}"


def _nice_top(largest: float) -> float:
    if largest <= 0:
        return 1.0
    step = 10.0 ** math.floor(math.log10(largest))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if largest <= factor * step:
            return factor * step
    return 10 * step  # pragma: no cover - the loop ends at 10 * step >= largest


def paired_bar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, float, float]],
    *,
    first: tuple[str, str],
    second: tuple[str, str],
) -> SafeString:
    """Per row (label, first amount, second amount) two bars from zero; ``first`` and ``second``
    are each series' name and colour."""
    top = _nice_top(max((max(a, b) for _label, a, b in rows), default=0))
    plot = WIDTH - LABEL_WIDTH - NOTE_WIDTH
    labels = [_lines(label) for label, _a, _b in rows]
    heights = [row_height(len(lines), PAIR_ROW) for lines in labels]
    height = HEAD + sum(heights) + FOOT
    canvas = _Canvas(chart_id, title, height)
    x = float(LABEL_WIDTH)
    for name, colour in (first, second):
        canvas.rect(x, 4, 12, 12, colour, stroke=GRID)
        canvas.text(x + 16, 15, name)
        x += 32 + CHAR * len(name)
    canvas.line(LABEL_WIDTH, HEAD, LABEL_WIDTH, height - FOOT, GRID, 0.8)
    description = []
    y = float(HEAD)
    for (label, a, b), lines, tall in zip(rows, labels, heights, strict=True):
        middle = y + tall / 2
        y += tall
        canvas.label(6, middle, lines)
        for offset, amount, (_name, colour) in ((-14, a, first), (0, b, second)):
            width = plot * max(amount, 0) / top
            canvas.rect(LABEL_WIDTH, middle + offset + 1, width, 12, colour)
            canvas.text(LABEL_WIDTH + width + 4, middle + offset + 12, euros(amount))
        description.append(f"{label}: {first[0]} {euros(a)}, {second[0]} {euros(b)}.")
    return canvas.svg(description)
