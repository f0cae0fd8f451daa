"""Bar charts: one bar per row with its interval, and the stacked bars of Likert items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from koers.core.charts.canvas import (
    BLUE,
    CHAR,
    DIVERGING,
    DONT_KNOW,
    FOOT,
    GRID,
    HEAD,
    INK,
    LABEL_WIDTH,
    LINE,
    MUTED,
    NOTE_WIDTH,
    ROW,
    WIDTH,
    Scale,
    _Canvas,
    _lines,
    row_height,
    text_on,
)
from koers.core.charts.figures import percent


class Share(Protocol):
    @property
    def value(self) -> float | None: ...


class LikertAnswers(Protocol):
    """One Likert item's answers as the stacked chart draws them: a count per option (1..points),
    "don't know" apart, and the share that agrees."""

    @property
    def points(self) -> int: ...
    @property
    def counts(self) -> tuple[int, ...]: ...
    @property
    def dont_know(self) -> int: ...
    @property
    def n(self) -> int: ...
    @property
    def agree(self) -> Share: ...


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart; ``value`` None is a suppressed row and shows ``note`` only."""

    label: str
    value: float | None
    note: str
    low: float | None = None  # the 95% interval's whisker
    high: float | None = None


def bar_chart(chart_id: str, title: str, rows: Sequence[Bar], scale: Scale) -> SafeString:
    labels = [_lines(row.label) for row in rows]
    heights = [row_height(len(lines)) for lines in labels]
    height = HEAD + sum(heights) + FOOT
    canvas = _Canvas(chart_id, title, height)
    scale.draw(canvas, HEAD, height - FOOT)
    y = float(HEAD)
    for row, lines, tall in zip(rows, labels, heights, strict=True):
        middle = y + tall / 2
        y += tall
        canvas.label(6, middle, lines)
        if row.value is None:
            canvas.text(LABEL_WIDTH + 4, middle + 4, row.note, colour=MUTED, italic=True)
            continue
        start = scale.x(scale.low)
        canvas.rect(start, middle - ROW / 2 + 5, scale.x(row.value) - start, ROW - 10, BLUE)
        if row.low is not None and row.high is not None:
            low, high = scale.x(row.low), scale.x(row.high)
            canvas.line(low, middle, high, middle, INK, 1.2)
            canvas.line(low, middle - 5, low, middle + 5, INK, 1.2)
            canvas.line(high, middle - 5, high, middle + 5, INK, 1.2)
        canvas.text(WIDTH - NOTE_WIDTH + 8, middle + 4, row.note)
    return canvas.svg([f"{row.label}: {row.note}." for row in rows])


def stacked_chart(
    chart_id: str, title: str, rows: Sequence[tuple[str, LikertAnswers | None]], hidden: str
) -> SafeString:
    """One bar per Likert item, under the item's text: the share of each answer 1..points, then
    "don't know", and the share that agrees on the right."""
    points = next((likert.points for _label, likert in rows if likert), 5)
    colours = (*DIVERGING[points], DONT_KNOW)
    plot = WIDTH - 6 - NOTE_WIDTH
    # The item's text above its bar, on as many lines as it needs.
    labels = [_lines(label, int(plot / CHAR)) for label, _likert in rows]
    heights = [ROW + 4 + LINE * len(lines) for lines in labels]
    height = HEAD + 12 + sum(heights) + FOOT
    canvas = _Canvas(chart_id, title, height)
    x = 6.0
    names = [str(p) for p in range(1, points + 1)] + [_("don't know")]
    for colour, name in zip(colours, names, strict=True):
        canvas.rect(x, 4, 12, 12, colour, stroke=GRID)
        canvas.text(x + 16, 15, name)
        x += 26 + CHAR * len(name)
    scale_words = _("1 disagree … %(points)s agree") % {"points": points}
    canvas.text(6, 34, scale_words, colour=MUTED)
    description = []
    y = HEAD + 12.0
    for (label, likert), lines, tall in zip(rows, labels, heights, strict=True):
        top, y = y, y + tall
        for i, line in enumerate(lines):
            canvas.text(6, top + 12 + LINE * i, line)
        bar = top + 4 + LINE * len(lines)
        if likert is None:
            canvas.text(6, bar + 14, hidden, colour=MUTED, italic=True)
            description.append(f"{label}: {hidden}.")
            continue
        counts = (*likert.counts, likert.dont_know)
        everyone = sum(counts) or 1
        x = 6.0
        for count, colour in zip(counts, colours, strict=True):
            width = plot * count / everyone
            canvas.rect(x, bar, width, ROW - 4, colour)
            if width >= 34:
                canvas.text(
                    x + width / 2,
                    bar + ROW / 2 + 2,
                    percent(count / everyone),
                    anchor="middle",
                    colour=text_on(colour),
                )
            x += width
        agree = _("%(share)s agree") % {"share": percent(likert.agree.value)}
        canvas.text(WIDTH - NOTE_WIDTH + 8, bar + ROW / 2 + 2, agree)
        shares = ", ".join(
            f"{name}: {percent(count / everyone)}"
            for name, count in zip(names, counts, strict=True)
        )
        description.append(f"{label}: {shares}; {agree} (n = {likert.n}).")
    return canvas.svg(description)
