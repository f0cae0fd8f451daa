"""Paired bars: two amounts per row, each written at its bar and read out in the description."""

from __future__ import annotations

from django.utils import translation

from koers.core.charts import BLUE, ORANGE, euros, paired_bar_chart


def test_it_draws_two_bars_per_row_and_reads_out_every_amount():
    svg = paired_bar_chart(
        "pairs",
        "Needed <and> expected",
        [("Finance", 200_000, 50_000), ("<b>HR</b>", 1_500_000, 0)],
        first=("Needed", ORANGE),
        second=("Expected", BLUE),
    )
    assert 'role="img"' in svg and 'aria-labelledby="pairs-title pairs-desc"' in svg
    assert "Needed &lt;and&gt; expected" in svg and "<b>HR" not in svg
    assert "Finance: Needed € 200k, Expected € 50k." in svg
    assert "&lt;b&gt;HR&lt;/b&gt;: Needed € 1.5 mln, Expected € 0." in svg
    assert svg.count(f'fill="{ORANGE}"') == 3 and svg.count(f'fill="{BLUE}"') == 3  # + legend


def test_amounts_read_in_the_readers_language():
    with translation.override("nl"):
        assert euros(1_250_000) == "€ 1,2 mln"
        assert euros(950) == "€ 950"
