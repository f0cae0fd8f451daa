"""The drawing under every chart: sizes, the colours (Okabe-Ito, ColorBrewer Oranges and PuOr),
the SVG canvas that escapes every text, and the horizontal scale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from koers.core.charts.figures import decimal

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
