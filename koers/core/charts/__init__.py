"""Small SVG charts drawn on the server, for pages and PDF reports (the scan's results, Voice).

Plain Python writes the markup: every text is escaped (as ``format_html`` would), coordinates
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

The parts: ``canvas`` (sizes, colours, the SVG canvas and the horizontal scale), ``figures``
(numbers as the reader's language writes them), ``bars`` (bars, and the stacked bars of Likert
items), ``intervals`` (marks with their confidence intervals) and ``heat`` (the heat map). The
charts and what they take are imported from here.
"""

from koers.core.charts.bars import Bar, LikertAnswers, Share, bar_chart, stacked_chart
from koers.core.charts.canvas import BLUE, CONFIDENCE, GREEN, ORANGE, VERMILION, Scale
from koers.core.charts.figures import decimal, hidden_text, percent, signed
from koers.core.charts.heat import heat_chart
from koers.core.charts.intervals import Point, Series, interval_chart
from koers.core.charts.pairs import euros, paired_bar_chart

__all__ = [
    "BLUE",
    "CONFIDENCE",
    "GREEN",
    "ORANGE",
    "VERMILION",
    "Bar",
    "LikertAnswers",
    "Point",
    "Scale",
    "Series",
    "Share",
    "bar_chart",
    "decimal",
    "euros",
    "heat_chart",
    "hidden_text",
    "interval_chart",
    "paired_bar_chart",
    "percent",
    "signed",
    "stacked_chart",
]
