"""Likert summaries, intervals, change between waves, barrier scores and leadership calibration."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from koers.diagnostic.stats.measures import (
    Mean,
    barrier_score,
    calibration,
    difference,
    likert,
    mean_from_sums,
    mean_of,
    wilson_interval,
)


def test_it_counts_options_and_keeps_dont_know_out_of_the_mean():
    item = likert([1, 2, 3, 4, 5, None, None], points=5)
    assert item.counts == (1, 1, 1, 1, 1)
    assert item.dont_know == 2
    assert item.n == 5
    assert item.mean.mean == 3
    assert item.mean.sd == pytest.approx(math.sqrt(2.5))


def test_the_mean_has_a_t_interval():
    interval = likert([1, 2, 3, 4, 5]).mean.interval()
    # t(0.975, 4) = 2.7764; half width 2.7764 * 1.5811 / sqrt(5)
    assert interval.low == pytest.approx(1.0368, abs=1e-4)
    assert interval.high == pytest.approx(4.9632, abs=1e-4)


def test_agree_is_the_top_two_options_of_five_and_of_seven():
    assert likert([3, 4, 5, 5, None], points=5).agree.value == pytest.approx(3 / 4)
    assert likert([5, 6, 7, 1], points=7).agree.value == pytest.approx(2 / 4)


def test_a_share_has_a_wilson_interval_that_stays_inside_zero_and_one():
    half = wilson_interval(5, 10)
    assert (half.low, half.high) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    none = wilson_interval(0, 10)
    assert none.low == 0
    assert none.high == pytest.approx(0.2775, abs=1e-4)
    assert wilson_interval(0, 0) is None


def test_too_few_values_give_no_spread_and_no_interval():
    assert mean_of([]) == Mean(0, None, None)
    assert mean_of([4]) == Mean(1, 4, None)
    assert mean_of([4]).interval() is None


def test_a_mean_from_database_sums_equals_the_mean_of_the_values():
    values = [1.5, 2.0, 4.25, 3.0]
    direct = mean_of(values)
    summed = mean_from_sums(4, sum(values), sum(v * v for v in values))
    assert summed.mean == pytest.approx(direct.mean)
    assert summed.sd == pytest.approx(direct.sd)


def test_the_change_between_waves_has_a_welch_interval():
    before, after = [2, 3, 3, 4, 2, 3, 1], [3, 4, 4, 5, 5, 3, 4, 4, 2]
    change = difference(mean_of(before), mean_of(after))
    reference = scipy_stats.ttest_ind(after, before, equal_var=False)
    expected = reference.confidence_interval(0.95)
    assert change.estimate == pytest.approx(sum(after) / 9 - sum(before) / 7)
    assert change.interval.low == pytest.approx(expected.low)
    assert change.interval.high == pytest.approx(expected.high)
    assert change.df == pytest.approx(reference.df)


def test_no_change_is_computed_without_spread_in_both_waves():
    assert difference(mean_of([3]), mean_of([4, 5])) is None


def test_a_barrier_score_is_the_mean_of_its_items_with_reverse_coded_items_flipped():
    answers = {"fear_1": 5, "fear_2": 4, "fear_3_reversed": 1, "fear_4": None}
    assert barrier_score(answers, reversed_items={"fear_3_reversed"}) == pytest.approx(14 / 3)
    assert barrier_score({"x": 6}, reversed_items={"x"}, points=7) == 2
    assert barrier_score({"x": None}) is None


def test_answers_off_the_scale_are_refused():
    with pytest.raises(ValueError):
        likert([6], points=5)
    with pytest.raises(ValueError):
        likert([3], points=4)
    with pytest.raises(ValueError):
        barrier_score({"x": 0})


TRUTH = {"summarise": True, "translate": True, "code": True, "feelings": False}


def test_calibration_scores_each_leader_and_the_teams_underestimation():
    result = calibration(
        TRUTH,
        {
            "ceo": {"summarise": "true", "translate": "true", "code": "true", "feelings": "false"},
            "cfo": {
                "summarise": "false",
                "translate": "unsure",
                "code": "true",
                "feelings": "true",
            },
        },
    )
    assert result.accuracy == {"ceo": 1.0, "cfo": 0.25}
    # The CFO thinks two of the three things GenAI can do are out of reach.
    assert result.underestimation == {"ceo": 0.0, "cfo": pytest.approx(2 / 3)}
    assert result.underestimation_index == pytest.approx(1 / 3)
    assert result.team_accuracy == pytest.approx(0.625)


def test_calibration_leaves_skipped_statements_out_and_refuses_unknown_ones():
    result = calibration(TRUTH, {"cto": {"feelings": "unsure"}})
    assert result.accuracy == {"cto": 0.0}
    assert result.underestimation == {}
    assert result.underestimation_index is None
    with pytest.raises(ValueError, match="no correct answer"):
        calibration(TRUTH, {"cto": {"teleport": "true"}})
    with pytest.raises(ValueError):
        calibration(TRUTH, {"cto": {"code": "maybe"}})  # type: ignore[dict-item]


@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), max_size=60))
def test_summaries_stay_on_the_scale(answers):
    item = likert(answers)
    assert item.n + item.dont_know == len(answers)
    if item.n:
        assert 1 <= item.mean.mean <= 5
        assert 0 <= item.agree.value <= 1
        share = item.agree.interval()
        assert 0 <= share.low <= item.agree.value <= share.high <= 1
    if item.n >= 2:
        interval = item.mean.interval()
        assert interval.low <= item.mean.mean <= interval.high
