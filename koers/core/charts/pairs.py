"""Paired bars: two amounts per row (say, what is needed and what is expected), each written at
the end of its bar, under a legend, so a grey print still reads."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.safestring import SafeString

from koers.core.charts.canvas import (
    FOOT,
    GRID,
    HEAD,
    LABEL_WIDTH,
    NOTE_WIDTH,
    WIDTH,
    _Canvas,
    _short,
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
    height = HEAD + PAIR_ROW * len(rows) + FOOT
    canvas = _Canvas(chart_id, title, height)
    x = float(LABEL_WIDTH)
    for name, colour in (first, second):
        canvas.rect(x, 4, 10, 10, colour, stroke=GRID)
        canvas.text(x + 14, 13, name, size=10.5)
        x += 30 + 6.5 * len(name)
    canvas.line(LABEL_WIDTH, HEAD, LABEL_WIDTH, height - FOOT, GRID, 0.8)
    description = []
    for i, (label, a, b) in enumerate(rows):
        y = HEAD + PAIR_ROW * i
        canvas.text(6, y + PAIR_ROW / 2 + 4, _short(label), full=label)
        for offset, amount, (_name, colour) in ((3, a, first), (17, b, second)):
            width = plot * max(amount, 0) / top
            canvas.rect(LABEL_WIDTH, y + offset, width, 12, colour)
            canvas.text(LABEL_WIDTH + width + 4, y + offset + 10, euros(amount), size=10)
        description.append(f"{label}: {first[0]} {euros(a)}, {second[0]} {euros(b)}.")
    return canvas.svg(description)
