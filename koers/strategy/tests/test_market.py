"""The scenario arithmetic: what keeping pace asks of each department, against the backlog."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.strategy.market import (
    MAX_COST_BASE_EUR,
    MAX_GAP,
    Department,
    Scenario,
    keep_pace,
    split_evenly,
)

gaps = st.floats(min_value=0, max_value=MAX_GAP, allow_nan=False)
costs = st.floats(min_value=0, max_value=MAX_COST_BASE_EUR, allow_nan=False)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)
amounts = st.floats(min_value=0, max_value=1e10, allow_nan=False)


def test_it_asks_a_price_gap_of_the_cost_base():
    result = keep_pace(Scenario(price_gap=0.2), [Department("Sales", 1_000_000, 0.5, 50_000)])
    sales = result.departments[0]
    assert result.needed_share == pytest.approx(0.2)
    assert sales.needed_eur == pytest.approx(200_000)
    assert sales.reachable_eur == pytest.approx(500_000)
    assert sales.gap_eur == pytest.approx(150_000)
    assert sales.coverage == pytest.approx(0.25)
    assert not sales.beyond_genai


def test_gaps_compound_rather_than_add():
    scenario = Scenario(price_gap=0.2, speed_gap=0.5)
    assert scenario.needed_share == pytest.approx(1 - 0.8 * 0.5)


def test_more_needed_than_genai_can_reach_is_flagged():
    result = keep_pace(Scenario(entrant_share=0.3), [Department("HR", 100_000, 0.1, 0)])
    assert result.departments[0].beyond_genai


def test_a_surplus_in_one_department_does_not_close_another_gap():
    result = keep_pace(
        Scenario(price_gap=0.1),
        [Department("A", 100_000, 1, 50_000), Department("B", 100_000, 1, 0)],
    )
    assert result.total.needed_eur == pytest.approx(20_000)
    assert result.total.expected_eur == pytest.approx(50_000)
    assert result.total.gap_eur == pytest.approx(10_000)


def test_nothing_needed_has_no_coverage():
    result = keep_pace(Scenario(), [Department("A", 100_000, 1, 10)])
    assert result.departments[0].coverage is None and result.total.coverage is None


@pytest.mark.parametrize(
    "fields",
    [
        {"price_gap": -0.1},
        {"speed_gap": 0.95},
        {"quality_gap": math.nan},
        {"entrant_share": math.inf},
    ],
)
def test_a_gap_outside_its_bounds_is_refused(fields):
    with pytest.raises(ValueError):
        Scenario(**fields)


@pytest.mark.parametrize(
    "args",
    [
        ("A", -1, 0.5, 0),
        ("A", MAX_COST_BASE_EUR * 2, 0.5, 0),
        ("A", 100, 1.5, 0),
        ("A", 100, 0.5, -1),
        ("A", math.nan, 0.5, 0),
    ],
)
def test_a_department_outside_its_bounds_is_refused(args):
    with pytest.raises(ValueError):
        Department(*args)


def test_a_use_case_value_is_split_evenly_over_its_departments():
    assert split_evenly(900, ["A", "B", "C"]) == {"A": 300, "B": 300, "C": 300}
    assert split_evenly(900, ["A", "A"]) == {"A": 900}
    assert split_evenly(900, []) == {}


@given(p=gaps, v=gaps, q=gaps, e=gaps)
def test_the_needed_share_is_a_share_and_at_least_the_largest_gap(p, v, q, e):
    f = Scenario(price_gap=p, speed_gap=v, quality_gap=q, entrant_share=e).needed_share
    assert max(p, v, q, e) - 1e-12 <= f <= 1


GAP_NAMES = ("price_gap", "speed_gap", "quality_gap", "entrant_share")


@given(
    which=st.sampled_from(GAP_NAMES),
    others=st.fixed_dictionaries(dict.fromkeys(GAP_NAMES, gaps)),
    pair=st.tuples(gaps, gaps),
    cost=costs,
    share=shares,
    expected=amounts,
)
def test_a_larger_gap_never_asks_less_nor_leaves_a_smaller_gap(
    which, others, pair, cost, share, expected
):
    low, high = sorted(pair)
    department = [Department("A", cost, share, expected)]
    small = keep_pace(Scenario(**{**others, which: low}), department).departments[0]
    large = keep_pace(Scenario(**{**others, which: high}), department).departments[0]
    assert large.needed_eur >= small.needed_eur
    assert large.gap_eur >= small.gap_eur


@given(p=gaps, cost=costs, share=shares, expected=amounts, more=amounts)
def test_more_expected_from_the_backlog_never_widens_the_gap(p, cost, share, expected, more):
    scenario = Scenario(price_gap=p)
    before = keep_pace(scenario, [Department("A", cost, share, expected)]).departments[0]
    after = keep_pace(scenario, [Department("A", cost, share, expected + more)]).departments[0]
    assert after.gap_eur <= before.gap_eur
    assert 0 <= after.gap_eur <= after.needed_eur <= cost


@given(value=amounts, n=st.integers(min_value=1, max_value=20))
def test_splitting_keeps_the_whole_value(value, n):
    parts = split_evenly(value, list(range(n)))
    assert math.isclose(sum(parts.values()), value, rel_tol=1e-9, abs_tol=1e-6)
