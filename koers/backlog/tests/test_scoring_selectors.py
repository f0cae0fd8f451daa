"""Scoring the backlog: the organisation's weights, its own value scale, the risk pre-screen."""

from __future__ import annotations

from decimal import Decimal

import pytest

from koers.backlog.models.usecases import Effort, PersonalData, Stage, UseCase
from koers.backlog.selectors.scoring import (
    backlog_quadrant,
    usecase_open,
    usecase_score,
    usecase_scores,
)
from koers.backlog.services.scoring import weights_update
from koers.testing.factories import ctx_for, make_usecase

pytestmark = pytest.mark.django_db

PLAIN = {"problem": "Writing minutes takes hours.", "solution": "A model drafts the minutes."}


def _usecase(org, **fields):
    return make_usecase(org, **{**PLAIN, **fields})


def test_it_leaves_rejected_retired_and_merged_use_cases_out_of_the_backlog(org):
    kept = _usecase(org)
    rejected = _usecase(org)
    retired = _usecase(org)
    merged = _usecase(org)
    UseCase.objects.filter(pk=rejected.pk).update(stage=Stage.REJECTED)
    UseCase.objects.filter(pk=retired.pk).update(stage=Stage.RETIRED)
    UseCase.objects.filter(pk=merged.pk).update(merged_into=kept)
    assert list(usecase_open(organisation=org)) == [kept]


def test_it_scores_only_the_organisations_own_use_cases(org, other_org, member):
    mine = _usecase(org)
    _usecase(other_org)
    scored = usecase_scores(ctx_for(member, org), UseCase.objects.all())
    assert [s.usecase for s in scored] == [mine]


def test_it_scales_value_against_the_90th_percentile_of_the_open_backlog(org, member):
    for hours in range(1, 11):  # 1 … 10 hours a month, at €60: €720 … €7,200 a year
        _usecase(org, hours_saved_per_month=Decimal(hours))
    quadrant = backlog_quadrant(ctx_for(member, org))
    assert quadrant.formula.value_scale_eur == pytest.approx(6480 + 0.1 * 720)
    top = quadrant.items[0]
    assert top.score.value_eur == 7200
    assert top.score.value == 1


def test_it_uses_the_organisations_hourly_cost_and_weights(org, member, lead):
    usecase = _usecase(org, hours_saved_per_month=Decimal(10), effort=Effort.DAYS)
    weights_update(
        ctx_for(lead, org),
        hourly_cost_eur=Decimal(100),
        weight_value=0,
        weight_effort=1,
        weight_risk=0,
        weight_data_readiness=0,
    )
    scored = usecase_score(ctx_for(member, org), usecase)
    assert scored.score.value_eur == 12_000
    assert scored.score.total == 1  # only effort counts, and days is the best


def test_it_takes_the_risk_from_the_pre_screen_with_the_declared_personal_data(org, member):
    declared = _usecase(org, personal_data=PersonalData.YES)
    scored = usecase_score(ctx_for(member, org), declared)
    assert scored.risk in ("medium", "high")
    assert scored.score.low_risk <= 0.5
    assert scored.risk_reasons


def test_it_names_the_unknown_inputs_of_a_use_case_without_estimates(org, member):
    scored = usecase_score(ctx_for(member, org), _usecase(org))
    assert {"hours_saved_per_month", "effort", "data_readiness"} <= set(scored.score.unknown)
    assert scored.score.quadrant == "fill_in"


def test_it_sorts_by_score_either_way_or_by_reference(org, member):
    low = _usecase(org, effort=Effort.QUARTERS)
    high = _usecase(org, effort=Effort.DAYS, hours_saved_per_month=Decimal(40))
    ctx = ctx_for(member, org)

    def order(sort):
        return [s.usecase for s in backlog_quadrant(ctx, sort=sort).items]

    assert order("score") == [high, low]
    assert order("score_asc") == [low, high]
    assert order("reference") == [low, high]
    assert order("nonsense") == [high, low]


def test_it_keeps_each_chart_point_inside_its_own_quadrant(org, member):
    cases = [
        _usecase(org, effort=effort, hours_saved_per_month=hours)
        for effort in Effort.values
        for hours in (None, Decimal(0), Decimal(5), Decimal(500))
    ]
    scored = usecase_scores(
        ctx_for(member, org), UseCase.objects.filter(pk__in=[c.pk for c in cases])
    )
    for item in scored:
        left = item.chart_x < 50
        top = item.chart_y < 50
        expected = {
            (True, True): "quick_win",
            (False, True): "big_bet",
            (True, False): "fill_in",
            (False, False): "money_pit",
        }
        assert expected[(left, top)] == item.score.quadrant
        assert 0 < item.chart_x < 100 and 0 < item.chart_y < 100


def test_scoring_one_use_case_reads_the_backlog_in_a_fixed_number_of_queries(
    org, member, django_assert_max_num_queries
):
    """The value scale reads every open use case; a field it needs but did not select would be
    loaded with one more query per use case."""
    for hours in range(1, 4):
        _usecase(org, hours_saved_per_month=Decimal(hours), effort=Effort.DAYS)
    ctx = ctx_for(member, org)
    first = UseCase.objects.filter(organisation=org).first()
    with django_assert_max_num_queries(8) as small:
        usecase_score(ctx, first)
    for hours in range(4, 30):
        _usecase(org, hours_saved_per_month=Decimal(hours))
    with django_assert_max_num_queries(len(small.captured_queries)):
        usecase_score(ctx, first)
