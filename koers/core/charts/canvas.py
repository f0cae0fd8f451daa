"""The drawing under every chart: sizes, the colours (Okabe-Ito, ColorBrewer Oranges and PuOr),
the SVG canvas that escapes every text, and the horizontal scale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from koers.core.charts.figures import decimal

WIDTH = 640
LABEL_WIDTH = 190  # the row labels on the left
NOTE_WIDTH = 120  # the figures written on the right
ROW = 24
HEAD = 30  # room above the rows for the axis or the legend
TITLE = 26  # the chart's visible title
TITLE_LINE = 18  # the distance between its lines when it wraps
TITLE_CHARS = 68  # what fits on one of them, in 14 px bold
FOOT = 8
# Text is never smaller than 12 px (at the chart's own width; the page scales the whole chart).
SMALL = 12
LINE = 14  # the distance between the lines of a label that wraps
CHAR = 7.2  # a 12 px DejaVu Sans character's width, on the wide side, to wrap labels in time
LABEL_CHARS = int((LABEL_WIDTH - 10) / CHAR)  # what fits on one line of a row label
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
WHITE = "#ffffff"
# ColorBrewer Oranges, 9 classes: light = weak barrier, dark = strong barrier; the seventh a
# little darker than ColorBrewer's #d94801, so that white figures on it reach WCAG AA (4.5:1).
HEAT = (
    "#fff5eb",
    "#fee6ce",
    "#fdd0a2",
    "#fdae6b",
    "#fd8d3c",
    "#f16913",
    "#cc4401",
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


def _lines(label: str, limit: int = LABEL_CHARS) -> list[str]:
    """``label`` wrapped onto lines of at most ``limit`` characters, between words where it
    can; nothing is cut off (a word longer than a line is split)."""
    lines: list[str] = []
    line = ""
    for word in label.split():
        while len(word) > limit:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:limit])
            word = word[limit:]
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line or not lines:
        lines.append(line)
    return lines


def row_height(lines: int, least: float = ROW) -> float:
    """A row's height: ``least``, or more when its label takes more lines than fit."""
    return max(least, LINE * lines + 8)


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two ``#rrggbb`` colours, 1 to 21."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@lru_cache(maxsize=256)
def text_on(fill: str) -> str:
    """The text colour for writing on ``fill``: ink or white, whichever stands out more (asked
    for every label of every chart, of a few dozen colours)."""
    return INK if contrast(INK, fill) >= contrast(WHITE, fill) else WHITE


def _e(value: object) -> str:
    """``value`` escaped for the markup, as ``format_html`` escapes its arguments (text already
    marked safe is kept); plain ``str`` work, as a chart writes thousands of these."""
    html = getattr(value, "__html__", None)
    return str(html()) if html is not None else escape(str(value), quote=True)


class _Canvas:
    def __init__(self, chart_id: str, title: str, height: float) -> None:
        self.chart_id, self.title, self.height = chart_id, title, height
        self.parts: list[str] = []  # escaped markup

    def rect(self, x: float, y: float, w: float, h: float, fill: str, stroke: str = "") -> None:
        outline = f' stroke="{_e(stroke)}" stroke-width="0.6"' if stroke else ""
        self.parts.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(h)}" '
            f'fill="{_e(fill)}"{outline}/>'
        )

    def line(
        self, x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 1
    ) -> None:
        self.parts.append(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
            f'stroke="{_e(colour)}" stroke-width="{_n(width)}"/>'
        )

    def mark(self, x: float, y: float, colour: str, shape: str = "circle") -> None:
        if shape == "square":
            self.rect(x - 4, y - 4, 8, 8, colour, stroke=INK)
        else:
            self.parts.append(
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5" fill="{_e(colour)}" '
                f'stroke="{INK}" stroke-width="0.6"/>'
            )

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        anchor: str = "start",
        size: float = SMALL,
        colour: str = INK,
        italic: bool = False,
        rotate: float = 0,
    ) -> None:
        style = ' font-style="italic"' if italic else ""
        turn = f' transform="rotate({_n(rotate)} {_n(x)} {_n(y)})"' if rotate else ""
        self.parts.append(
            f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" fill="{_e(colour)}" '
            f'text-anchor="{_e(anchor)}"{style}{turn}>{_e(text)}</text>'
        )

    def label(self, x: float, middle: float, lines: Sequence[str], size: float = SMALL) -> None:
        """A row label of one or more lines (from ``_lines``), centred on ``middle``."""
        if len(lines) == 1:
            self.text(x, middle + 4, lines[0], size=size)
            return
        first = middle + 4 - LINE * (len(lines) - 1) / 2
        spans = "".join(
            f'<tspan x="{_n(x)}" y="{_n(first + LINE * i)}">{_e(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        self.parts.append(f'<text font-size="{_n(size)}" fill="{INK}">{spans}</text>')

    def svg(self, description: Sequence[str]) -> SafeString:
        """The chart under its visible title (wrapped when long); ``description`` reads out every
        figure."""
        chart_id, title = _e(self.chart_id), _e(self.title)
        title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
        lines = _lines(self.title, TITLE_CHARS)
        top = TITLE + TITLE_LINE * (len(lines) - 1)
        height = _n(self.height + top)
        spans = "".join(
            f'<tspan x="6" y="{_n(15 + TITLE_LINE * i)}">{_e(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        return mark_safe(  # noqa: S308 - every part above is escaped with _e
            f'<svg class="chart" id="{chart_id}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
            f'aria-labelledby="{title_id} {desc_id}" font-family="{_e(FONT)}">'
            f'<title id="{title_id}">{title}</title>'
            f'<desc id="{desc_id}">{_e(" ".join(description))}</desc>'
            f'<text font-size="14" font-weight="bold" fill="{INK}" '
            f'aria-hidden="true">{spans}</text>'
            f'<g transform="translate(0 {_n(top)})">{"".join(self.parts)}</g></svg>'
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
            canvas.text(x, top - 6, label, anchor="middle", colour=MUTED)
