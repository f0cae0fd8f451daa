"""Every chart reads on a phone and in print: no label is cut off, no text is smaller than 12 px,
and every text stands out from what it is written on by WCAG AA's 4.5:1."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from koers.core.charts import (
    Bar,
    Point,
    Scale,
    Series,
    bar_chart,
    heat_chart,
    interval_chart,
    paired_bar_chart,
)
from koers.core.charts.canvas import (
    BLUE,
    DIVERGING,
    DONT_KNOW,
    EMPTY,
    HEAT,
    INK,
    MUTED,
    ORANGE,
    WHITE,
    _lines,
    contrast,
    text_on,
)

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Zorgen over privacy en ethiek bij het gebruik van AI-toepassingen op de werkvloer"
SCALE = Scale(1, 5, (1, 3, 5))


def _charts() -> dict[str, str]:
    return {
        "bars": bar_chart(
            "b", "Bars", [Bar(LONG, 3.2, "3.2"), Bar("Short", None, "hidden")], SCALE
        ),
        "intervals": interval_chart(
            "i",
            "Intervals",
            [Series("Leaders", BLUE, "circle"), Series("Staff", ORANGE, "square")],
            [(LONG, [Point(3, 2.5, 3.5, "3.0"), Point(2, 1.5, 2.5, "2.0")], "+1.0")],
            SCALE,
        ),
        "heat": heat_chart(
            "h",
            "Heat",
            [LONG, "Short", "Angst voor baanverlies"],
            [(LONG, [1.0, 4.9, None]), ("HR", [2.0, 3.0, 4.0])],
            low=1,
            high=5,
            hidden="fewer than 5",
            hidden_short="<5",
        ),
        "pairs": paired_bar_chart(
            "p", "Pairs", [(LONG, 100_000, 50_000)], first=("Needed", ORANGE), second=("Got", BLUE)
        ),
    }


def _texts(svg: str) -> list[ElementTree.Element]:
    # our own markup, parsed to check it
    return list(ElementTree.fromstring(svg).iter(f"{SVG}text"))  # noqa: S314


@pytest.mark.parametrize("name", ["bars", "intervals", "heat", "pairs"])
def test_a_long_label_is_drawn_whole_on_several_lines(name):
    texts = _texts(_charts()[name])
    drawn = " ".join(" ".join(t.itertext()) for t in texts)
    assert "…" not in drawn
    assert " ".join(LONG.split()) in " ".join(drawn.split())


@pytest.mark.parametrize("name", ["bars", "intervals", "heat", "pairs"])
def test_no_text_is_smaller_than_12_px(name):
    sizes = [float(t.get("font-size", "0")) for t in _texts(_charts()[name])]
    assert sizes and min(sizes) >= 12


def test_a_wrapped_label_keeps_every_character():
    assert _lines("Informatievoorziening en Sociaal Domein", 25) == [
        "Informatievoorziening en",
        "Sociaal Domein",
    ]
    assert _lines("x" * 30, 12) == ["x" * 12, "x" * 12, "x" * 6]
    assert _lines("") == [""]


def test_contrast_is_wcags_ratio():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # WebAIM's example, just short of AA


@pytest.mark.parametrize(
    "fill", sorted({*HEAT, *DIVERGING[5], *DIVERGING[7], DONT_KNOW, EMPTY, WHITE})
)
def test_figures_written_on_every_fill_of_the_palette_meet_wcag_aa(fill):
    assert contrast(text_on(fill), fill) >= 4.5


@pytest.mark.parametrize("background", [WHITE, EMPTY])
def test_labels_and_muted_notes_meet_wcag_aa_on_the_chart_and_on_a_hidden_cell(background):
    assert contrast(INK, background) >= 4.5 and contrast(MUTED, background) >= 4.5


def test_the_heat_map_writes_each_figure_in_the_colour_its_cell_needs():
    svg = _charts()["heat"]
    for fill in re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', svg):
        assert fill in HEAT or fill == EMPTY
    assert f'fill="{WHITE}" text-anchor="middle">4.9<' in svg  # on the darkest orange
    assert f'fill="{INK}" text-anchor="middle">1.0<' in svg  # on the lightest


def test_a_long_title_wraps_and_pushes_the_chart_down():
    title = f"Needed and expected per department: {LONG}"
    short = paired_bar_chart("p", "Pairs", [("HR", 1, 2)], first=("A", ORANGE), second=("B", BLUE))
    long = paired_bar_chart("p", title, [("HR", 1, 2)], first=("A", ORANGE), second=("B", BLUE))
    heading = _texts(long)[0]
    lines = [span.text or "" for span in heading]
    assert len(lines) == 2 and " ".join(lines) == title
    height = ElementTree.fromstring(long).get("height")  # noqa: S314 - our own markup
    assert float(height or 0) > float(ElementTree.fromstring(short).get("height") or 0)  # noqa: S314
