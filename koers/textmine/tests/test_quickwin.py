"""The quick-win score: transparent, bounded, monotone, and neutral about what is not known."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.textmine.quickwin import (
    DATA_READY,
    DEFAULT_VALUE_SCALE_EUR,
    LOW_EFFORT,
    LOW_RISK,
    Inputs,
    Weights,
    formula,
    formula_text,
    normalise_value,
    quadrant,
    risk_from_screen,
    score,
    value_eur,
    value_scale,
)

SCALE = 10_000.0
EFFORTS = ["days", "weeks", "months", "quarters"]  # least work first
RISKS = ["low", "medium", "high"]
READINESS = ["ready", "partial", "missing"]

amounts = st.none() | st.floats(min_value=0, max_value=1e9, allow_nan=False)
weights = st.builds(
    Weights,
    hourly_cost_eur=st.floats(min_value=0, max_value=1000),
    value=st.floats(min_value=0, max_value=100),
    effort=st.floats(min_value=0, max_value=100),
    risk=st.floats(min_value=0, max_value=100),
    data_readiness=st.floats(min_value=1, max_value=100),  # keeps the sum above zero
)
inputs = st.builds(
    Inputs,
    hours_saved_per_month=amounts,
    other_value_eur_per_year=amounts,
    effort=st.sampled_from([*EFFORTS, "unknown"]),
    risk=st.sampled_from([*RISKS, "unknown"]),
    data_readiness=st.sampled_from([*READINESS, "unknown"]),
)
scales = st.floats(min_value=1, max_value=1e8)


def _with(base: Inputs, **changes: object) -> Inputs:
    return Inputs(**{**base.__dict__, **changes})


class TestValue:
    def test_it_values_hours_at_the_hourly_cost_for_a_year_plus_other_value(self):
        money = value_eur(Inputs(hours_saved_per_month=10, other_value_eur_per_year=500), Weights())
        assert money == 10 * 12 * 60 + 500

    def test_it_counts_a_missing_half_of_the_value_as_nothing(self):
        assert value_eur(Inputs(hours_saved_per_month=10), Weights(hourly_cost_eur=50)) == 6000
        assert value_eur(Inputs(other_value_eur_per_year=800), Weights()) == 800

    def test_it_has_no_value_when_neither_is_known(self):
        assert value_eur(Inputs(), Weights()) is None

    def test_it_normalises_on_a_log_scale_from_one_percent_to_the_reference(self):
        assert normalise_value(100, value_scale_eur=SCALE) == 0
        assert normalise_value(50, value_scale_eur=SCALE) == 0
        assert normalise_value(1_000, value_scale_eur=SCALE) == pytest.approx(0.5)
        assert normalise_value(SCALE, value_scale_eur=SCALE) == pytest.approx(1)
        assert normalise_value(SCALE * 40, value_scale_eur=SCALE) == 1
        assert normalise_value(None, value_scale_eur=SCALE) == 0.5

    def test_it_takes_the_90th_percentile_of_known_positive_values_as_the_scale(self):
        values = [float(v) for v in range(1, 12)]  # 1 … 11
        assert value_scale([*values, None, 0.0]) == pytest.approx(10)
        assert value_scale([5.0]) == 5

    def test_it_falls_back_to_a_default_scale_without_known_values(self):
        assert value_scale([]) == DEFAULT_VALUE_SCALE_EUR
        assert value_scale([None, 0.0]) == DEFAULT_VALUE_SCALE_EUR


class TestScore:
    def test_it_gives_a_sure_quick_win_a_high_score(self):
        result = score(
            Inputs(hours_saved_per_month=40, effort="days", risk="low", data_readiness="ready"),
            Weights(),
            value_scale_eur=SCALE,
        )
        assert result.total == 1
        assert result.quadrant == "quick_win"
        assert result.unknown == ("other_value_eur_per_year",)

    def test_it_weighs_the_components_by_their_share_of_the_weights(self):
        result = score(
            Inputs(hours_saved_per_month=0, effort="days", risk="high", data_readiness="missing"),
            Weights(value=1, effort=1, risk=1, data_readiness=1),
            value_scale_eur=SCALE,
        )
        assert result.components() == {
            "value": 0,
            "low_effort": 1,
            "low_risk": 0,
            "data_ready": 0,
        }
        assert result.total == pytest.approx(0.25)

    def test_it_gives_unknown_inputs_the_neutral_middle_and_names_them(self):
        result = score(Inputs(), Weights(), value_scale_eur=SCALE)
        assert result.components() == dict.fromkeys(result.components(), 0.5)
        assert result.total == pytest.approx(0.5)
        assert result.value_eur is None
        assert set(result.unknown) == {
            "hours_saved_per_month",
            "other_value_eur_per_year",
            "effort",
            "risk",
            "data_readiness",
        }

    def test_it_puts_a_use_case_with_nothing_known_among_the_fill_ins(self):
        assert score(Inputs(), Weights(), value_scale_eur=SCALE).quadrant == "fill_in"

    def test_it_reads_as_json(self):
        body = score(Inputs(effort="weeks"), Weights(), value_scale_eur=SCALE).as_dict()
        assert body["quick_win_score"] == pytest.approx(0.55)
        assert body["quadrant"] == "fill_in"
        assert body["value_eur_per_year"] is None
        assert body["components"]["low_effort"] == pytest.approx(0.6667)
        assert "effort" not in body["unknown"]

    @pytest.mark.parametrize(
        "bad",
        [
            {"hours_saved_per_month": -1},
            {"other_value_eur_per_year": math.nan},
            {"effort": "years"},
            {"risk": "extreme"},
            {"data_readiness": "maybe"},
        ],
    )
    def test_it_refuses_impossible_inputs(self, bad):
        with pytest.raises(ValueError):
            Inputs(**bad)

    @pytest.mark.parametrize(
        "bad",
        [
            {"value": -1},
            {"hourly_cost_eur": math.inf},
            {"value": 0, "effort": 0, "risk": 0, "data_readiness": 0},
        ],
    )
    def test_it_refuses_impossible_weights(self, bad):
        with pytest.raises(ValueError):
            Weights(**bad)

    def test_it_refuses_a_scale_that_is_not_positive(self):
        with pytest.raises(ValueError):
            score(Inputs(), Weights(), value_scale_eur=0)


class TestQuadrant:
    @pytest.mark.parametrize(
        ("value", "low_effort", "expected"),
        [
            (0.9, 0.9, "quick_win"),
            (0.9, 0.1, "big_bet"),
            (0.1, 0.9, "fill_in"),
            (0.1, 0.1, "money_pit"),
            # On the middle line: value must be shown above it; effort may sit on it.
            (0.5, 0.5, "fill_in"),
            (0.5000001, 0.5, "quick_win"),
            (0.5, 0.4999999, "money_pit"),
            (0.5000001, 0.4999999, "big_bet"),
        ],
    )
    def test_it_splits_value_and_effort_at_the_middle(self, value, low_effort, expected):
        assert quadrant(value=value, low_effort=low_effort) == expected

    @pytest.mark.parametrize(
        ("effort", "expected"),
        [
            ("days", "quick_win"),
            ("weeks", "quick_win"),
            ("unknown", "quick_win"),
            ("months", "big_bet"),
            ("quarters", "big_bet"),
        ],
    )
    def test_it_counts_days_and_weeks_as_low_effort(self, effort, expected):
        result = score(
            Inputs(hours_saved_per_month=100, effort=effort), Weights(), value_scale_eur=SCALE
        )
        assert result.quadrant == expected


class TestRiskFromScreen:
    @pytest.mark.parametrize(
        ("high_impact", "personal_data", "risk"),
        [
            (True, True, "high"),
            (True, False, "high"),
            (False, True, "medium"),
            (False, False, "low"),
        ],
    )
    def test_it_maps_a_pre_screen_to_a_risk_level(self, high_impact, personal_data, risk):
        assert risk_from_screen(high_impact, personal_data) == risk


class TestFormula:
    def test_it_writes_the_formula_out_with_the_weights_as_shares(self):
        text = formula_text(Weights(hourly_cost_eur=75), value_scale_eur=20_000)
        assert "score = 40% * value + 30% * low effort + 15% * low risk + 15% * data readiness" in (
            text
        )
        assert "hours saved per month * 12 * €75.00 + other value per year" in text
        assert "from 0 at €200 or less to 1 at €20,000 or more" in text
        assert "an unknown input counts as 0.5" in text

    def test_it_leaves_out_components_without_weight(self):
        text = formula_text(Weights(risk=0, data_readiness=0, value=1, effort=1))
        assert text.splitlines()[0] == "score = 50% * value + 50% * low effort"
        assert "log10" not in text  # no scale given

    def test_it_gives_the_numbers_for_other_renderings(self):
        shown = formula(Weights(), value_scale_eur=5_000)
        assert shown.shares == pytest.approx(
            {"value": 0.4, "low_effort": 0.3, "low_risk": 0.15, "data_ready": 0.15}
        )
        assert shown.value_floor_eur == 50


@given(inputs, weights, scales)
def test_the_score_and_every_component_stay_between_zero_and_one(case, weights, scale):
    result = score(case, weights, value_scale_eur=scale)
    assert 0 <= result.total <= 1
    assert all(0 <= c <= 1 for c in result.components().values())
    assert result.quadrant in ("quick_win", "big_bet", "fill_in", "money_pit")


@given(inputs, weights, scales, st.floats(min_value=0, max_value=1e6))
def test_more_hours_saved_never_lowers_the_score(case, weights, scale, extra):
    if case.hours_saved_per_month is None:
        case = _with(case, hours_saved_per_month=0.0)
    more = _with(case, hours_saved_per_month=case.hours_saved_per_month + extra)
    assert (
        score(more, weights, value_scale_eur=scale).total
        >= score(case, weights, value_scale_eur=scale).total - 1e-12
    )


@given(inputs, weights, scales, st.integers(0, 3), st.integers(0, 3))
def test_more_effort_never_raises_the_score(case, weights, scale, a, b):
    less, more = sorted((a, b))
    low = score(_with(case, effort=EFFORTS[less]), weights, value_scale_eur=scale)
    high = score(_with(case, effort=EFFORTS[more]), weights, value_scale_eur=scale)
    assert high.total <= low.total + 1e-12


@given(inputs, weights, scales, st.integers(0, 2), st.integers(0, 2))
def test_higher_risk_never_raises_the_score(case, weights, scale, a, b):
    lower, higher = sorted((a, b))
    low = score(_with(case, risk=RISKS[lower]), weights, value_scale_eur=scale)
    high = score(_with(case, risk=RISKS[higher]), weights, value_scale_eur=scale)
    assert high.total <= low.total + 1e-12


@given(inputs, weights, scales, st.integers(0, 2), st.integers(0, 2))
def test_less_ready_data_never_raises_the_score(case, weights, scale, a, b):
    better, worse = sorted((a, b))
    good = score(_with(case, data_readiness=READINESS[better]), weights, value_scale_eur=scale)
    bad = score(_with(case, data_readiness=READINESS[worse]), weights, value_scale_eur=scale)
    assert bad.total <= good.total + 1e-12


@given(inputs, weights, scales)
def test_an_unknown_input_scores_as_the_middle_of_its_scale(case, weights, scale):
    for table in (LOW_EFFORT, LOW_RISK, DATA_READY):
        known = [v for k, v in table.items() if k != "unknown"]
        assert table["unknown"] == (min(known) + max(known)) / 2
    unknown = score(_with(case, effort="unknown"), weights, value_scale_eur=scale)
    assert unknown.low_effort == 0.5
    assert "effort" in unknown.unknown


def test_it_names_the_components_left_at_the_middle_for_want_of_input():
    result = score(
        Inputs(other_value_eur_per_year=100, risk="low"), Weights(), value_scale_eur=SCALE
    )
    assert result.unknown_components() == ("low_effort", "data_ready")
    assert score(Inputs(), Weights(), value_scale_eur=SCALE).unknown_components() == (
        "value",
        "low_effort",
        "low_risk",
        "data_ready",
    )
