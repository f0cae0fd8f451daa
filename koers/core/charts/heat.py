"""The heat map: a table of coloured cells with their value written in."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.safestring import SafeString

from koers.core.charts.canvas import (
    EMPTY,
    HEAT,
    INK,
    LABEL_WIDTH,
    MUTED,
    ROW,
    WIDTH,
    _Canvas,
    _short,
)
from koers.core.charts.figures import decimal


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
    suppressed cell and the legend says what it means."""
    head = 110  # slanted column names
    cell = max(34.0, min(64.0, (WIDTH - LABEL_WIDTH - 10) / max(len(columns), 1)))
    height = head + ROW * len(rows) + 28
    canvas = _Canvas(chart_id, title, height)
    for j, name in enumerate(columns):
        x = LABEL_WIDTH + cell * j + cell / 2
        canvas.text(x, head - 6, _short(name, 22), size=10, rotate=-40, full=name)
    description = []
    for i, (label, values) in enumerate(rows):
        y = head + ROW * i
        canvas.text(6, y + ROW / 2 + 4, _short(label), full=label)
        said = []
        for j, value in enumerate(values):
            x = LABEL_WIDTH + cell * j
            if value is None:
                canvas.rect(x + 1, y + 1, cell - 2, ROW - 2, EMPTY)
                canvas.text(
                    x + cell / 2,
                    y + ROW / 2 + 4,
                    hidden_short,
                    anchor="middle",
                    size=10,
                    colour=MUTED,
                )
                said.append(f"{columns[j]} {hidden}")
                continue
            step = round((value - low) / (high - low) * (len(HEAT) - 1))
            step = max(0, min(len(HEAT) - 1, step))
            canvas.rect(x + 1, y + 1, cell - 2, ROW - 2, HEAT[step])
            canvas.text(
                x + cell / 2,
                y + ROW / 2 + 4,
                decimal(value),
                anchor="middle",
                size=10.5,
                colour="#ffffff" if step >= 5 else INK,
            )
            said.append(f"{columns[j]} {decimal(value)}")
        description.append(f"{label}: " + ", ".join(said) + ".")
    legend_y = head + ROW * len(rows) + 18
    for step, colour in enumerate(HEAT):
        canvas.rect(LABEL_WIDTH + 14 * step, legend_y - 10, 14, 12, colour)
    canvas.text(LABEL_WIDTH - 6, legend_y, decimal(low, 0), anchor="end", size=10, colour=MUTED)
    canvas.text(LABEL_WIDTH + 14 * len(HEAT) + 6, legend_y, decimal(high, 0), size=10, colour=MUTED)
    canvas.text(
        LABEL_WIDTH + 14 * len(HEAT) + 30,
        legend_y,
        f"{hidden_short} = {hidden}",
        size=10,
        colour=MUTED,
    )
    return canvas.svg(description)
