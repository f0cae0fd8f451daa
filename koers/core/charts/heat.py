"""The heat map: a table of coloured cells with their value written in."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.safestring import SafeString

from koers.core.charts.canvas import (
    CHAR,
    EMPTY,
    HEAT,
    LABEL_WIDTH,
    LINE,
    MUTED,
    WIDTH,
    _Canvas,
    _lines,
    row_height,
    text_on,
)
from koers.core.charts.figures import decimal


def _column_name(name: str, cell: float) -> list[str]:
    """A column's name on as few lines as its cell's width holds (they stand upright)."""
    room = max(1, int((cell - 4) / LINE))
    limit = 16
    lines = _lines(name, limit)
    while len(lines) > room:
        limit += 4
        lines = _lines(name, limit)
    return lines


def heat_chart(
    chart_id: str,
    title: str,
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[float | None]]],
    *,
    low: float,
    high: float,
    hidden: str,
    hidden_short: str,
) -> SafeString:
    """A table of coloured cells with their value written in; ``hidden_short`` marks a
    suppressed cell and the legend says what it means. Column names stand upright, whole, on
    one or more lines; row names wrap."""
    cell = max(34.0, min(64.0, (WIDTH - LABEL_WIDTH - 10) / max(len(columns), 1)))
    names = [_column_name(name, cell) for name in columns]
    head = 14 + CHAR * max((len(line) for lines in names for line in lines), default=0)
    labels = [_lines(label) for label, _values in rows]
    heights = [row_height(len(lines)) for lines in labels]
    height = head + sum(heights) + 28
    canvas = _Canvas(chart_id, title, height)
    for j, lines in enumerate(names):
        centre = LABEL_WIDTH + cell * j + cell / 2
        for i, line in enumerate(lines):
            x = centre + 4 + LINE * (i - (len(lines) - 1) / 2)
            canvas.text(x, head - 6, line, rotate=-90)
    description = []
    y = head
    for (label, values), lines, tall in zip(rows, labels, heights, strict=True):
        top, y = y, y + tall
        middle = top + tall / 2
        canvas.label(6, middle, lines)
        said = []
        for j, value in enumerate(values):
            x = LABEL_WIDTH + cell * j
            if value is None:
                canvas.rect(x + 1, top + 1, cell - 2, tall - 2, EMPTY)
                canvas.text(x + cell / 2, middle + 4, hidden_short, anchor="middle", colour=MUTED)
                said.append(f"{columns[j]} {hidden}")
                continue
            step = round((value - low) / (high - low) * (len(HEAT) - 1))
            step = max(0, min(len(HEAT) - 1, step))
            canvas.rect(x + 1, top + 1, cell - 2, tall - 2, HEAT[step])
            canvas.text(
                x + cell / 2,
                middle + 4,
                decimal(value),
                anchor="middle",
                colour=text_on(HEAT[step]),
            )
            said.append(f"{columns[j]} {decimal(value)}")
        description.append(f"{label}: " + ", ".join(said) + ".")
    legend_y = y + 18
    for step, colour in enumerate(HEAT):
        canvas.rect(LABEL_WIDTH + 14 * step, legend_y - 10, 14, 12, colour)
    canvas.text(LABEL_WIDTH - 6, legend_y, decimal(low, 0), anchor="end", colour=MUTED)
    canvas.text(LABEL_WIDTH + 14 * len(HEAT) + 6, legend_y, decimal(high, 0), colour=MUTED)
    canvas.text(
        LABEL_WIDTH + 14 * len(HEAT) + 30, legend_y, f"{hidden_short} = {hidden}", colour=MUTED
    )
    return canvas.svg(description)
