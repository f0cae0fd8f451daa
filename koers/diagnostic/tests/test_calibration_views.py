"""The pages: the rounds, the quiz with a leader's own result, and the team page."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from koers.diagnostic.models import CalibrationAnswer, CalibrationRound
from koers.diagnostic.tests.calibration_helpers import QUIZ, TRUE, all_right, answer, answers, start
from koers.orgs.models import Role
from koers.testing.factories import make_member, make_org, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("Acme")


@pytest.fixture
def started(org):
    return start(org)


def _as(client, org, role, **user):
    person = make_member(org, role, user=make_user(**user) if user else None)
    client.force_login(person)
    return person


def _quiz(org, calibration_round):
    return f"/o/{org.slug}/calibration/{calibration_round.pk}/"


def test_a_leader_sees_every_statement_with_true_false_and_not_sure(client, org, started):
    _as(client, org, Role.LEAD)
    page = client.get(_quiz(org, started)).content.decode()
    for statement in QUIZ.statements:
        assert escape(statement.text.en) in page
        assert f'name="{statement.id}" value="unsure"' in page
    assert page.count('type="radio"') == 3 * len(QUIZ.statements)
    # Plain radio buttons: the only script is the site's shared file, which the quiz does not need.
    assert page.count("<script") == page.count('<script src="/static/koers/koers.js" defer>')


def test_a_dutch_leader_reads_the_statements_in_dutch(client, org, started):
    lead = _as(client, org, Role.LEAD)
    lead.language = "nl"
    lead.save(update_fields=["language"])
    page = client.get(_quiz(org, started)).content.decode()
    assert escape(QUIZ.statements[0].text.nl) in page


def test_after_answering_a_leader_sees_their_own_result(client, org, started):
    _as(client, org, Role.LEAD)
    response = client.post(_quiz(org, started), answers(**{TRUE[0]: "unsure"}), follow=True)
    result = response.context["result"]
    assert result.right == len(QUIZ.statements) - 1
    page = response.content.decode()
    assert 'id="result"' in page
    assert f"{result.right} of {len(QUIZ.statements)} right" in page
    assert escape(QUIZ.statements[0].source.en) in page
    assert "as of" in page


def test_a_leader_sees_only_their_own_result(client, org, started):
    other = make_member(org, Role.ADMIN)
    answer(started, other, answers(**{t: "false" for t in TRUE}))
    _as(client, org, Role.LEAD)
    response = client.get(_quiz(org, started))
    assert response.context["result"] is None  # not answered yet: no result, not someone else's
    assert 'id="result"' not in response.content.decode()
    assert str(other.name) not in response.content.decode()


def test_a_leader_answers_once_and_then_sees_only_the_result(client, org, started):
    lead = _as(client, org, Role.LEAD)
    client.post(_quiz(org, started), answers(**{TRUE[0]: "false"}))
    page = client.get(_quiz(org, started))
    assert page.context["result"] is not None
    assert "Submit and see my result" not in page.content.decode()
    client.post(_quiz(org, started), all_right())  # refused: the answers are final
    stored = CalibrationAnswer.objects.get(membership__user=lead).answers
    assert stored == answers(**{TRUE[0]: "false"})


def test_an_incomplete_quiz_shows_what_is_missing_and_saves_nothing(client, org, started):
    _as(client, org, Role.LEAD)
    given = {k: v for k, v in all_right().items() if k != TRUE[0]}
    response = client.post(_quiz(org, started), given)
    assert response.status_code == 200
    assert "Choose true, false or not sure." in response.content.decode()
    assert not CalibrationAnswer.objects.exists()


def test_an_unknown_answer_value_is_refused_and_nothing_saved(client, org, started):
    _as(client, org, Role.LEAD)
    client.post(_quiz(org, started), answers(**{TRUE[0]: "probably"}))
    assert not CalibrationAnswer.objects.exists()


def test_a_closed_round_shows_the_result_without_the_form(client, org, started):
    lead = _as(client, org, Role.LEAD)
    answer(started, lead)
    CalibrationRound.objects.filter(pk=started.pk).update(status=CalibrationRound.Status.CLOSED)
    page = client.get(_quiz(org, started)).content.decode()
    assert 'id="result"' in page and 'type="radio"' not in page
    client.post(_quiz(org, started), answers(**{TRUE[0]: "false"}))
    assert CalibrationAnswer.objects.get().answers == all_right()


@pytest.mark.parametrize("role", [Role.EVANGELIST, Role.MEMBER, Role.LEGAL])
def test_staff_cannot_open_the_rounds_the_quiz_or_the_team_page(client, org, started, role):
    _as(client, org, role)
    base = f"/o/{org.slug}/calibration/"
    for url in (base, _quiz(org, started), f"{_quiz(org, started)}team/"):
        assert client.get(url).status_code == 403, url
    assert client.post(_quiz(org, started), all_right()).status_code == 403
    assert not CalibrationAnswer.objects.exists()


def test_another_organisations_round_is_not_found(client, org):
    other = start(make_org("Other"))
    _as(client, org, Role.ADMIN)
    for suffix in ("", "team/"):
        assert client.get(f"{_quiz(org, other)}{suffix}").status_code == 404
    assert client.post(f"{_quiz(org, other)}close/").status_code == 404
    assert client.post(_quiz(org, other), all_right()).status_code == 404
    assert not CalibrationAnswer.objects.exists()


def test_the_team_page_hides_itself_below_three_answers(client, org, started):
    leaders = [make_member(org, Role.LEAD) for _ in range(3)]
    _as(client, org, Role.ADMIN)
    for leader in leaders[:2]:
        answer(started, leader)
    page = client.get(f"{_quiz(org, started)}team/").content.decode()
    assert "appear once at least 3 leaders have answered" in page
    assert "Underestimation index" not in page
    answer(started, leaders[2], answers(**{TRUE[0]: "unsure"}))
    page = client.get(f"{_quiz(org, started)}team/").content.decode()
    assert "Underestimation index" in page and "95% CI" in page
    assert "Most often underestimated" in page
    for leader in leaders:  # aggregates only: no leader is named
        assert str(leader.name) not in page


def test_a_facilitator_starts_and_closes_a_round(client, org):
    _as(client, org, Role.ADMIN)
    page = client.get(f"/o/{org.slug}/calibration/").content.decode()
    assert "No round yet." in page and "Start the round" in page
    response = client.post(f"/o/{org.slug}/calibration/", {"name": "Q1", "closes_on": "2099-01-31"})
    started = CalibrationRound.objects.get(organisation=org)
    assert response.url == _quiz(org, started)  # an admin is a leader: straight to the quiz
    client.post(f"{_quiz(org, started)}close/")
    started.refresh_from_db()
    assert started.status == CalibrationRound.Status.CLOSED


def test_a_bad_start_form_starts_nothing(client, org):
    _as(client, org, Role.ADMIN)
    response = client.post(f"/o/{org.slug}/calibration/", {"name": "", "closes_on": "soon"})
    assert response.status_code == 200
    assert not CalibrationRound.objects.exists()
