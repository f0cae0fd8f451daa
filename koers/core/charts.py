"""Small SVG charts drawn on the server, for pages and PDF reports (the scan's results, Voice).

Plain Python writes the markup: every text passes through ``format_html`` (escaped), coordinates
are numbers we format ourselves, and nothing needs JavaScript, a web font or the network, so the
same chart shows in the browser and in WeasyPrint's PDF. Each chart has a title and a text
alternative (``<title>``/``<desc>``, ``aria-labelledby``) that reads out every figure; the pages put
the same numbers in a table next to it.

The colours are the Okabe-Ito palette and ColorBrewer's Oranges and PuOr scales, which colour-blind
readers can tell apart; where two series meet they differ in shape too (circle, square), so a grey
print still works.

The charts take plain figures: a hidden (suppressed) figure arrives as None and is drawn as the
words "fewer than k", never as a mark. The scan's charts are built from its results in
``koers.diagnostic.selectors.charts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


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


WIDTH = 640
LABEL_WIDTH = 190  # the row labels on the left
NOTE_WIDTH = 120  # the figures written on the right
ROW = 24
HEAD = 30  # room above the rows for the axis or the legend
TITLE = 26  # the chart's visible title
FOOT = 8
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
INK = "#1b2330"
MUTED = "#4a5568"
GRID = "#c8ced6"
EMPTY = "#eef0f3"
# Okabe-Ito
BLUE = "#0072B2"
ORANGE = "#E69F00"
VERMILION = "#D55E00"
GREEN = "#009E73"
# ColorBrewer Oranges, 9 classes: light = weak barrier, dark = strong barrier
HEAT = (
    "#fff5eb",
    "#fee6ce",
    "#fdd0a2",
    "#fdae6b",
    "#fd8d3c",
    "#f16913",
    "#d94801",
    "#a63603",
    "#7f2704",
)
# ColorBrewer PuOr: disagree (orange) to agree (purple), neutral in the middle
DIVERGING = {
    5: ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99"),
    7: ("#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788"),
}
DONT_KNOW = "#9e9e9e"
CONFIDENCE = {"level": "95%"}  # the intervals' level (stats.CONFIDENCE), kept out of the msgids


# -- Drawing ----------------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate: plain decimal point whatever the language."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def decimal(value: float | None, places: int = 1) -> str:
    """A figure as the reader's language writes it (3.4 or 3,4)."""
    return "" if value is None else number_format(round(value, places), places)


def percent(share: float | None) -> str:
    return "" if share is None else f"{number_format(round(100 * share), 0)}%"


class _Canvas:
    def __init__(self, chart_id: str, title: str, height: float) -> None:
        self.chart_id, self.title, self.height = chart_id, title, height
        self.parts: list[SafeString] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str, stroke: str = "") -> None:
        self.parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"{}/>',
                _n(x),
                _n(y),
                _n(max(w, 0)),
                _n(h),
                fill,
                format_html(' stroke="{}" stroke-width="0.6"', stroke) if stroke else "",
            )
        )

    def line(
        self, x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 1
    ) -> None:
        self.parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>',
                _n(x1),
                _n(y1),
                _n(x2),
                _n(y2),
                colour,
                _n(width),
            )
        )

    def mark(self, x: float, y: float, colour: str, shape: str = "circle") -> None:
        if shape == "square":
            self.rect(x - 4, y - 4, 8, 8, colour, stroke=INK)
        else:
            self.parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="4.5" fill="{}" stroke="{}" stroke-width="0.6"/>',
                    _n(x),
                    _n(y),
                    colour,
                    INK,
                )
            )

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        anchor: str = "start",
        size: float = 11,
        colour: str = INK,
        full: str = "",
        italic: bool = False,
        rotate: float = 0,
    ) -> None:
        self.parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="{}"{}{}>{}{}</text>',
                _n(x),
                _n(y),
                _n(size),
                colour,
                anchor,
                format_html(' font-style="{}"', "italic") if italic else "",
                format_html(' transform="rotate({} {} {})"', _n(rotate), _n(x), _n(y))
                if rotate
                else "",
                format_html("<title>{}</title>", full) if full and full != text else "",
                text,
            )
        )

    def svg(self, description: Sequence[str]) -> SafeString:
        """The chart under its visible title; ``description`` reads out every figure."""
        title_id, desc_id = f"{self.chart_id}-title", f"{self.chart_id}-desc"
        height = self.height + TITLE
        return format_html(
            '<svg class="chart" id="{}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
            'width="{}" height="{}" role="img" aria-labelledby="{} {}" font-family="{}">'
            '<title id="{}">{}</title><desc id="{}">{}</desc>'
            '<text x="6" y="15" font-size="13" font-weight="bold" fill="{}" aria-hidden="true">{}'
            '</text><g transform="translate(0 {})">{}</g></svg>',
            self.chart_id,
            WIDTH,
            _n(height),
            WIDTH,
            _n(height),
            title_id,
            desc_id,
            FONT,
            title_id,
            self.title,
            desc_id,
            " ".join(description),
            INK,
            self.title,
            TITLE,
            format_html_join("", "{}", ((part,) for part in self.parts)),
        )


@dataclass(frozen=True)
class Scale:
    """The horizontal axis: ``low``..``high`` mapped onto the plot area, with labelled ticks."""

    low: float
    high: float
    ticks: tuple[float, ...]
    unit: str = ""

    def x(self, value: float) -> float:
        clipped = max(self.low, min(self.high, value))
        plot = WIDTH - LABEL_WIDTH - NOTE_WIDTH
        return LABEL_WIDTH + plot * (clipped - self.low) / (self.high - self.low)

    def draw(self, canvas: _Canvas, top: float, bottom: float) -> None:
        for tick in self.ticks:
            x = self.x(tick)
            canvas.line(x, top, x, bottom, GRID, 0.6)
            label = decimal(tick, 0 if float(tick).is_integer() else 1) + self.unit
            canvas.text(x, top - 6, label, anchor="middle", size=10, colour=MUTED)


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart; ``value`` None is a suppressed row and shows ``note`` only."""

    label: str
    value: float | None
    note: str
    low: float | None = None  # the 95% interval's whisker
    high: float | None = None


def bar_chart(chart_id: str, title: str, rows: Sequence[Bar], scale: Scale) -> SafeString:
    height = HEAD + ROW * len(rows) + FOOT
    canvas = _Canvas(chart_id, title, height)
    scale.draw(canvas, HEAD, height - FOOT)
    for i, row in enumerate(rows):
        y = HEAD + ROW * i
        middle = y + ROW / 2
        canvas.text(6, middle + 4, _short(row.label), full=row.label)
        if row.value is None:
            canvas.text(LABEL_WIDTH + 4, middle + 4, row.note, colour=MUTED, italic=True)
            continue
        start = scale.x(scale.low)
        canvas.rect(start, y + 5, scale.x(row.value) - start, ROW - 10, BLUE)
        if row.low is not None and row.high is not None:
            low, high = scale.x(row.low), scale.x(row.high)
            canvas.line(low, middle, high, middle, INK, 1.2)
            canvas.line(low, middle - 5, low, middle + 5, INK, 1.2)
            canvas.line(high, middle - 5, high, middle + 5, INK, 1.2)
        canvas.text(WIDTH - NOTE_WIDTH + 8, middle + 4, row.note, size=10.5)
    return canvas.svg([f"{row.label}: {row.note}." for row in rows])


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
    height = top + ROW * len(rows) + FOOT
    canvas = _Canvas(chart_id, title, height)
    if legend:
        x = LABEL_WIDTH
        for s in series:
            canvas.mark(x + 4, 12, s.colour, s.shape)
            canvas.text(x + 14, 16, s.name, size=10.5)
            x += 24 + 7 * len(s.name)
    scale.draw(canvas, top, height - FOOT)
    if zero is not None:
        canvas.line(scale.x(zero), top, scale.x(zero), height - FOOT, INK, 1.2)
    description = []
    for i, (label, points, note) in enumerate(rows):
        y = top + ROW * i
        canvas.text(6, y + ROW / 2 + 4, _short(label), full=label)
        if all(p is None for p in points):
            canvas.text(LABEL_WIDTH + 4, y + ROW / 2 + 4, note, colour=MUTED, italic=True)
            description.append(f"{label}: {note}.")
            continue
        offsets = [0.0] if len(points) == 1 else [-5.0, 5.0]
        for s, point, offset in zip(series, points, offsets, strict=False):
            if point is None:
                continue
            middle = y + ROW / 2 + offset
            if point.low is not None and point.high is not None:
                canvas.line(scale.x(point.low), middle, scale.x(point.high), middle, s.colour, 2)
            canvas.mark(scale.x(point.value), middle, s.colour, s.shape)
        canvas.text(WIDTH - NOTE_WIDTH + 8, y + ROW / 2 + 4, note, size=10.5)
        description.append(
            f"{label}: "
            + "; ".join(f"{s.name} {p.note}" for s, p in zip(series, points, strict=False) if p)
            + "."
        )
    return canvas.svg(description)


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


def stacked_chart(
    chart_id: str, title: str, rows: Sequence[tuple[str, LikertAnswers | None]], hidden: str
) -> SafeString:
    """One bar per Likert item, under the item's text: the share of each answer 1..points, then
    "don't know", and the share that agrees on the right."""
    points = next((likert.points for _label, likert in rows if likert), 5)
    colours = (*DIVERGING[points], DONT_KNOW)
    row = ROW + 16  # the item's text above its bar
    height = HEAD - 6 + row * len(rows) + FOOT
    canvas = _Canvas(chart_id, title, height)
    x = 6.0
    names = [str(p) for p in range(1, points + 1)] + [_("don't know")]
    for colour, name in zip(colours, names, strict=True):
        canvas.rect(x, 4, 10, 10, colour, stroke=GRID)
        canvas.text(x + 13, 13, name, size=10)
        x += 20 + 6.5 * len(name)
    canvas.text(
        x + 10, 13, _("1 disagree … %(points)s agree") % {"points": points}, size=9, colour=MUTED
    )
    plot = WIDTH - 6 - NOTE_WIDTH
    description = []
    for i, (label, likert) in enumerate(rows):
        y = HEAD - 6 + row * i
        canvas.text(6, y + 11, _short(label, 100), size=10.5, full=label)
        bar = y + 15
        if likert is None:
            canvas.text(6, bar + 14, hidden, colour=MUTED, italic=True)
            description.append(f"{label}: {hidden}.")
            continue
        counts = (*likert.counts, likert.dont_know)
        everyone = sum(counts) or 1
        x = 6.0
        for count, colour in zip(counts, colours, strict=True):
            width = plot * count / everyone
            canvas.rect(x, bar, width, ROW - 6, colour)
            if width >= 26:
                dark = colour in (colours[0], colours[points - 1])
                canvas.text(
                    x + width / 2,
                    bar + ROW / 2,
                    percent(count / everyone),
                    anchor="middle",
                    size=9.5,
                    colour="#ffffff" if dark else INK,
                )
            x += width
        agree = _("%(share)s agree") % {"share": percent(likert.agree.value)}
        canvas.text(WIDTH - NOTE_WIDTH + 8, bar + ROW / 2, agree, size=10.5)
        shares = ", ".join(
            f"{name}: {percent(count / everyone)}"
            for name, count in zip(names, counts, strict=True)
        )
        description.append(f"{label}: {shares}; {agree} (n = {likert.n}).")
    return canvas.svg(description)


def hidden_text(k: int) -> str:
    return _("fewer than %(k)s") % {"k": k}


def signed(value: float | None, places: int = 2) -> str:
    if value is None:
        return ""
    text = decimal(abs(value), places)
    return ("+" if value > 0 else "\u2212" if value < 0 and text.strip("0.,") else "") + text
