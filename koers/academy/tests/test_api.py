"""The Academy's assessments over the API: a lead edits a quiz and a module's skills, a member
takes the quiz and hands in an assignment, a trainer reviews it; the same services and
permissions as the pages."""

from __future__ import annotations

import pytest

from koers.academy import services
from koers.academy.models import Module
from koers.orgs.models import Role
from koers.strategy.services.skills import skill_catalogue_copy
from koers.testing.api import api_client
from koers.testing.factories import ctx_for, make_member, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = make_org(departments=("HR",))
    org.lead = make_member(org, Role.LEAD)
    services.tracks_install(ctx_for(org.lead, org), language="en")
    return org


def path(org, rest):
    return f"/api/v1/orgs/{org.slug}/academy/{rest}"


def test_a_lead_sets_the_quiz_and_a_member_takes_it_without_seeing_the_answers(org):
    module = Module.objects.get(organisation=org, key="literacy_basics")
    lead, member = api_client(org.lead), api_client(make_member(org))
    key = path(org, f"modules/{module.pk}/quiz/questions")
    quiz = {
        "questions": [
            {"question": "Which are AI tools?", "options": ["A chatbot", "A chair", "A model"]},
            {"question": "May you paste client data?", "options": ["Yes", "No"]},
        ]
    }
    quiz["questions"][0]["correct"] = [0, 2]
    quiz["questions"][1]["correct"] = [1]
    assert member.put(key, quiz, content_type="application/json").status_code == 403
    assert member.get(key).status_code == 403
    bad = {"questions": [{**quiz["questions"][1], "correct": []}]}
    assert lead.put(key, bad, content_type="application/json").status_code == 422
    saved = lead.put(key, quiz, content_type="application/json")
    assert saved.status_code == 200
    assert saved.json()["questions"] == quiz["questions"]

    shown = member.get(path(org, f"modules/{module.pk}/quiz")).json()
    assert shown["available"] and shown["pass_mark"] == 0.7
    assert [q["multiple"] for q in shown["questions"]] == [True, False]
    assert "correct" not in shown["questions"][0]
    attempts = path(org, f"modules/{module.pk}/quiz/attempts")
    wrong = {"answers": [{"question": 0, "chosen": [0]}, {"question": 1, "chosen": [1]}]}
    assert member.post(attempts, wrong, content_type="application/json").json()["passed"] is False
    right = {"answers": [{"question": 0, "chosen": [0, 2]}, {"question": 1, "chosen": [1]}]}
    graded = member.post(attempts, right, content_type="application/json").json()
    assert (graded["right"], graded["total"], graded["passed"]) == (2, 2, True)
    assert [a["passed"] for a in member.get(attempts).json()] == [True, False]


def test_a_lead_sets_a_modules_skills_from_the_catalogue(org):
    skill_catalogue_copy(ctx_for(make_member(org, Role.ADMIN), org))
    module = Module.objects.get(organisation=org, key="employee_start")
    lead, member = api_client(org.lead), api_client(make_member(org))
    skills = path(org, f"modules/{module.pk}/skills")
    body = {"skills": ["risk_and_ethics"]}
    assert member.put(skills, body, content_type="application/json").status_code == 403
    unknown = {"skills": ["juggling"]}
    assert lead.put(skills, unknown, content_type="application/json").status_code == 422
    answer = lead.put(skills, body, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["skills"] == ["risk_and_ethics"]


def test_a_member_hands_in_an_assignment_and_only_a_trainer_reviews_it(org):
    module = Module.objects.get(organisation=org, key="evangelist_practitioner")
    author = make_member(org)
    member, lead = api_client(author), api_client(org.lead)
    other = api_client(make_member(org))
    submissions = path(org, f"modules/{module.pk}/submissions")
    handed = member.post(submissions, {"text": "My plan"}, content_type="application/json")
    assert handed.status_code == 201
    submission = handed.json()["id"]
    assert other.get(f"{submissions}/to-review").status_code == 403
    waiting = lead.get(f"{submissions}/to-review").json()
    assert [(s["id"], s["name"]) for s in waiting] == [(submission, str(author))]
    review = path(org, f"submissions/{submission}/review")
    approve = {"approve": True}
    assert other.post(review, approve, content_type="application/json").status_code == 403
    back = {"approve": False}
    assert lead.post(review, back, content_type="application/json").status_code == 422
    reviewed = lead.post(review, approve, content_type="application/json")
    assert reviewed.status_code == 200
    assert [r["approved"] for r in reviewed.json()["reviews"]] == [True]
    assert lead.get(f"{submissions}/to-review").json() == []
    mine = member.get(submissions).json()
    assert [s["reviews"][0]["reviewed_by"] for s in mine] == [str(org.lead)]
