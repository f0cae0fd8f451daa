"""The backlog as sprint candidates: open use cases with an effort estimate, valued by the
quick-win value times its confidence, with their risk, departments and theme."""

from __future__ import annotations

from decimal import Decimal

import pytest

from koers.backlog.models.themes import Theme, ThemeMember
from koers.backlog.models.usecases import Stage, UseCase
from koers.backlog.selectors.planning import EFFORT_DAYS, plan_candidates
from koers.backlog.selectors.scoring import usecase_scores
from koers.orgs.models import Department
from koers.testing.factories import ctx_for, make_member, make_usecase

pytestmark = pytest.mark.django_db

PLAIN = {"problem": "Writing minutes takes hours.", "solution": "A model drafts the minutes."}


def _usecase(org, **fields):
    return make_usecase(org, **{**PLAIN, **fields})


def test_it_offers_the_use_cases_not_yet_in_a_sprint_with_an_effort_estimate_of_this_org_only(
    org, other_org
):
    offered = _usecase(org, effort="weeks")
    _usecase(org)  # no effort estimate
    for stage in (Stage.REJECTED, Stage.IN_SPRINT, Stage.PILOT, Stage.LIVE):
        taken = _usecase(org, effort="days")
        UseCase.objects.filter(pk=taken.pk).update(stage=stage)
    selected = _usecase(org, effort="days")
    UseCase.objects.filter(pk=selected.pk).update(stage=Stage.SELECTED)
    _usecase(other_org, effort="days")
    assert [c.id for c in plan_candidates(organisation=org)] == [offered.pk, selected.pk]


@pytest.mark.parametrize(("effort", "days"), list(EFFORT_DAYS.items()))
def test_the_effort_estimate_becomes_person_days(org, effort, days):
    _usecase(org, effort=effort)
    assert plan_candidates(organisation=org)[0].effort_days == days


def test_the_value_is_the_quick_win_value_weighted_by_how_much_of_the_score_is_estimated(org):
    known = _usecase(
        org, effort="days", data_readiness="ready", hours_saved_per_month=Decimal("40")
    )
    guessed = _usecase(org, effort="days")  # value and data readiness unknown
    candidates = {c.id: c for c in plan_candidates(organisation=org)}
    scores = {
        s.usecase.pk: s.score
        for s in usecase_scores(
            ctx_for(make_member(org), org), UseCase.objects.filter(organisation=org)
        )
    }
    assert candidates[known.pk].value == pytest.approx(scores[known.pk].value, abs=1e-4)
    assert candidates[guessed.pk].value == pytest.approx(0.5 * 0.5)  # neutral, half estimated
    assert candidates[known.pk].score == scores[known.pk].total


def test_a_signed_off_triage_outranks_the_pre_screen_for_the_risk(org):
    usecase = _usecase(org, effort="days")
    UseCase.objects.filter(pk=usecase.pk).update(assessed_risk="high")
    assert plan_candidates(organisation=org)[0].risk == "high"


def test_a_theme_with_members_of_three_departments_is_cross_departmental(org):
    finance, hr = org.departments.order_by("name")
    legal = Department.objects.create(organisation=org, name="Legal")
    first = _usecase(org, effort="days", department_ids=(finance.pk,))
    second = _usecase(org, effort="days", department_ids=(hr.pk, legal.pk))
    alone = _usecase(org, effort="days", department_ids=(hr.pk, finance.pk))
    shared = Theme.objects.create(organisation=org, number=1)
    single = Theme.objects.create(organisation=org, number=2)
    ThemeMember.objects.create(theme=shared, usecase=first)
    ThemeMember.objects.create(theme=shared, usecase=second)
    ThemeMember.objects.create(theme=single, usecase=alone)
    candidates = {c.id: c for c in plan_candidates(organisation=org)}
    assert (candidates[first.pk].theme, candidates[first.pk].cross_departmental) == (
        shared.pk,
        True,
    )
    assert candidates[second.pk].departments == frozenset({hr.pk, legal.pk})
    assert (candidates[alone.pk].theme, candidates[alone.pk].cross_departmental) == (
        single.pk,
        False,
    )
