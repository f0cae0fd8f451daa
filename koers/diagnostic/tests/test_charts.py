"""The SVG charts: well-formed, titled, readable by a screen reader, escaped, in the reader's
language, and drawing nothing that ``results.py`` keeps back."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest
from django.utils import translation

from koers.cli.bench.diagnostic_scenario import random_answers
from koers.core import charts as drawing
from koers.diagnostic.instruments import load_default_scan
from koers.diagnostic.selectors import charts
from koers.diagnostic.selectors.result_figures import (
    results_from,
    tallies_from_rows,
    texts_from_rows,
)
from koers.diagnostic.selectors.result_shapes import Row, WaveResults
from koers.diagnostic.stats import measures as stats

SVG = "{http://www.w3.org/2000/svg}"
SCAN = load_default_scan()


def parse(svg: Any) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own markup, parsed to check it


def rows(department: str, role_group: str, n: int, seed: int, lean: float = 0.0) -> list[Row]:
    rng = random.Random(seed)
    return [Row(department, role_group, random_answers(SCAN, rng, lean=lean)) for _ in range(n)]


def results(*groups: list[Row], previous: list[Row] | None = None) -> WaveResults:
    everyone = [row for group in groups for row in group]
    departments = sorted({row.department for row in everyone})
    found = results_from(
        instrument=SCAN,
        tallies=tallies_from_rows(SCAN, everyone),
        texts=texts_from_rows(everyone),
        departments=departments,
        invited=Counter({d: 20 for d in departments}),
        used=Counter(row.department for row in everyone),  # all answered their invitation
        k=5,
        previous=(
            (SCAN, tallies_from_rows(SCAN, previous), departments)  # it asked the same
            if previous
            else None
        ),
    )
    found.department_names.update({d: d.title() for d in departments})
    return found


@pytest.fixture
def wave() -> WaveResults:
    """Finance and HR with leaders and staff; "small" has two people, so it is kept back (and with
    it one more cell, so that it cannot be worked out)."""
    return results(
        rows("finance", "staff", 12, 1, 0.5),
        rows("finance", "leadership", 6, 2, -0.5),
        rows("hr", "staff", 12, 3),
        rows("hr", "leadership", 6, 4),
        rows("small", "staff", 2, 5, 1.0),
        previous=rows("finance", "staff", 10, 6, -0.8),
    )


def all_charts(found: WaveResults) -> dict[str, str]:
    drawn = {
        "participation": charts.participation(found),
        "barriers": charts.barrier_scores(found),
        "heatmap": charts.heat_map(found),
        "gap": charts.gap(found),
        "trend": charts.trend(found),
    }
    barrier = found.barriers[0]
    group = [item for item in found.items if item.barrier == barrier.id]
    drawn["items"] = charts.items(found, group, (None, None), barrier.name, "chart-items")
    return {name: str(svg) for name, svg in drawn.items()}


def test_every_chart_is_well_formed_svg_with_a_title_and_a_text_alternative(wave):
    for name, svg in all_charts(wave).items():
        root = parse(svg)
        assert root.tag == f"{SVG}svg", name
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text, name
        assert desc is not None and desc.text, name
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_the_text_alternative_reads_out_the_figures(wave):
    shown = next(p for p in wave.participation if p.answered is not None)
    desc = parse(charts.participation(wave)).find(f"{SVG}desc")
    assert desc is not None
    name, rate = wave.department_name(shown.department), round(100 * (shown.rate or 0))
    assert f"{name}: {rate}% ({shown.answered}/20)." in (desc.text or "")


def test_a_department_under_k_is_drawn_as_words_never_as_a_mark(wave):
    assert ("small", None) not in wave.published
    drawn = all_charts(wave)
    participation = parse(drawn["participation"])
    texts = [t.text for t in participation.iter(f"{SVG}text")]
    small = texts.index("Small")
    assert texts[small + 1] == "fewer than 5"
    heat = drawn["heatmap"]
    desc = parse(heat).find(f"{SVG}desc")
    assert desc is not None
    line = next(part for part in (desc.text or "").split(".") if part.strip().startswith("Small"))
    assert line.count("fewer than 5") == len(wave.barriers)
    assert not any(ch.isdigit() for ch in line.replace("fewer than 5", ""))


def test_the_gap_chart_marks_only_barriers_whose_gap_is_published(wave):
    shown = [b for b in wave.barriers if b.gap is not None]
    assert shown
    hidden = [b for b in wave.barriers if b.gap is None]
    drawn = parse(charts.gap(wave))
    legend = 1  # the leadership circle in the legend
    assert len(list(drawn.iter(f"{SVG}circle"))) == len(shown) + legend
    desc = drawn.find(f"{SVG}desc")
    assert desc is not None
    for barrier in hidden:
        assert f"{barrier.name}: fewer than 5." in (desc.text or "")


def test_the_item_chart_says_fewer_than_k_for_a_cell_it_may_not_show(wave):
    group = [item for item in wave.items if item.barrier == wave.barriers[0].id]
    svg = str(charts.items(wave, group, ("small", None), "Small", "chart-small"))
    assert svg.count("fewer than 5") >= len(group)
    assert "agree" not in parse(svg).find(f"{SVG}desc").text  # type: ignore[union-attr]


def test_the_trend_has_a_zero_line_and_an_interval_per_barrier(wave):
    drawn = parse(str(charts.trend(wave)))
    assert drawn.find(f"{SVG}desc").text  # type: ignore[union-attr]
    compared = [b for b in wave.barriers if b.trend is not None]
    assert compared
    circles = list(drawn.iter(f"{SVG}circle"))
    assert len(circles) == len(compared)


def test_labels_are_escaped():
    svg = str(
        drawing.bar_chart(
            "chart-x",
            "<b>title</b>",
            [drawing.Bar('<script>alert("x")</script>', 50, "50%")],
            drawing.Scale(0, 100, (0, 100)),
        )
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    parse(svg)


def test_figures_are_written_the_readers_way():
    with translation.override("nl"):
        assert drawing.decimal(3.45, 1) in {"3,5", "3,4"}
        assert drawing.signed(-0.5) == "\u22120,50"
    with translation.override("en"):
        assert drawing.decimal(3.25, 2) == "3.25"
        assert drawing.signed(0.5) == "+0.50"


def test_a_stacked_bar_shows_the_shares_and_the_agree_share():
    likert = stats.Likert(5, (1, 1, 2, 3, 3), 2)
    svg = str(drawing.stacked_chart("chart-s", "Items", [("An item", likert)], "fewer than 5"))
    desc = parse(svg).find(f"{SVG}desc")
    assert desc is not None
    assert "60% agree" in (desc.text or "")
    assert "don't know: 17%" in (desc.text or "")
