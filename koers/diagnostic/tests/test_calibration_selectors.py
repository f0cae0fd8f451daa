"""A leader's own result, the team's figures and the summary for the scan's results page."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from koers.diagnostic.selectors import calibration as selectors
from koers.diagnostic.stats import measures as stats
from koers.diagnostic.tests.calibration_helpers import (
    FALSE,
    QUIZ,
    TRUE,
    all_right,
    answer,
    answers,
    leaders_answer,
    start,
)
from koers.orgs.models import Role
from koers.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("Acme")


def test_the_underestimation_index_counts_true_statements_answered_false_or_unsure():
    given = answers(**{TRUE[0]: "false", TRUE[1]: "unsure", FALSE[0]: "unsure"})
    result = selectors.personal_result(QUIZ, given)
    assert result.underestimation == pytest.approx(2 / len(TRUE))
    # The same definition as the statistics module's, which the team figures use.
    truth = {s.id: s.answer for s in QUIZ.statements}
    assert result.underestimation == stats.calibration(truth, {"me": given}).underestimation["me"]
    assert result.overestimation == 0  # "unsure" on a false statement is no overestimation


def test_overestimation_counts_false_statements_answered_true():
    result = selectors.personal_result(QUIZ, answers(**{FALSE[0]: "true"}))
    assert result.overestimation == pytest.approx(1 / len(FALSE))
    assert result.underestimation == 0


def test_a_leaders_result_scores_each_statement_against_its_correct_answer():
    result = selectors.personal_result(QUIZ, answers(**{TRUE[0]: "unsure", FALSE[0]: "true"}))
    assert (result.answered, result.right) == (len(QUIZ.statements), len(QUIZ.statements) - 2)
    assert result.score == pytest.approx(result.right / result.answered)
    by_id = {row.statement.id: row for row in result.statements}
    assert not by_id[TRUE[0]].right and by_id[TRUE[0]].correct == "true"
    assert not by_id[FALSE[0]].right and by_id[FALSE[0]].correct == "false"
    assert by_id[TRUE[1]].right


def test_it_shows_statements_in_the_pages_language():
    first = QUIZ.statements[0]
    with translation.override("nl"):
        row = selectors.personal_result(QUIZ, all_right()).statements[0]
    assert (row.text, row.source) == (first.text.nl, first.source.nl)
    with translation.override("en"):
        assert selectors.personal_result(QUIZ, all_right()).statements[0].text == first.text.en


def test_the_team_figures_stay_hidden_below_three_answers(org):
    started = start(org)
    leaders_answer(started, 2)
    team = selectors.team_result(started)
    assert (team.shown, team.answered) == (False, 2)
    assert team.calibration is None and team.underestimation is None and not team.statements


def test_the_team_figures_average_over_leaders_with_an_interval(org):
    started = start(org)
    a, b, c = (make_member(org, Role.LEAD) for _ in range(3))
    answer(started, a, all_right())
    answer(started, b, answers(**{t: "unsure" for t in TRUE}))
    answer(started, c, answers(**{TRUE[0]: "false"}))
    team = selectors.team_result(started)
    assert team.shown and team.answered == 3
    # The facilitator who started the round is an admin: a leader who has not answered.
    assert team.leaders == 4
    expected = (0 + 1 + 1 / len(TRUE)) / 3
    assert team.underestimation is not None
    assert team.underestimation.value == pytest.approx(expected)
    interval = team.underestimation.interval
    assert interval is not None and 0 <= interval.low <= expected <= interval.high <= 1
    first = next(s for s in team.statements if s.statement.id == TRUE[0])
    assert (first.correct.hits, first.correct.n) == (1, 3)
    assert first.underestimated == stats.Share(2, 3)
    assert team.most_underestimated[0].statement.id == TRUE[0]
    assert all(s.underestimated is None for s in team.statements if not s.statement.answer)


def test_the_team_figures_move_only_once_three_more_leaders_answered(org):
    """Reading the team page before and after one leader answers shows nothing of that leader:
    the figures rest on the answers released so far."""
    started = start(org)
    leaders_answer(started, 3)
    first = selectors.team_result(started)
    answer(started, make_member(org, Role.LEAD), answers(**{t: "false" for t in TRUE}))
    second = selectors.team_result(started)
    assert second.answered == 4 and second.underestimation == first.underestimation
    assert [s.correct for s in second.statements] == [s.correct for s in first.statements]
    leaders_answer(started, 2)
    third = selectors.team_result(started)
    assert third.underestimation != first.underestimation
    assert third.statements[0].correct.n == 6


def test_team_summary_is_the_latest_round_that_three_leaders_answered(org):
    assert selectors.team_summary(org) is None
    admin = make_member(org, Role.ADMIN)
    first = start(org, admin)
    leaders_answer(first, 3)
    latest = start(org, admin)
    leaders_answer(latest, 2)  # too few: the summary stays with the first round
    summary = selectors.team_summary(org)
    assert summary is not None
    assert (summary.round, summary.answered) == (first, 3)
    assert summary.underestimation_index == 0 and summary.calibration == 1
    assert summary.underestimation_interval is None  # all alike: no interval to show
    assert selectors.team_summary(make_org("Other")) is None


def test_the_summary_partial_links_to_the_team_page(org):
    started = start(org)
    leaders_answer(started, 3)
    with translation.override("en"):
        html = render_to_string(
            "calibration/_summary.html", {"summary": selectors.team_summary(org)}
        )
    assert "underestimation index 0%" in html
    assert f'href="/o/{org.slug}/calibration/{started.pk}/team/"' in html
    assert render_to_string("calibration/_summary.html", {"summary": None}).strip() == ""
