"""A module's assessment decides when a completed session counts: attendance alone, an assignment
a trainer approved, or a passed quiz; reach, levels and the literacy evidence all agree."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.academy import selectors, services
from koers.academy.models import Module, QuizAttempt, Review
from koers.core import clock
from koers.core.models import Change
from koers.orgs.models import Membership, Role
from koers.testing.factories import ctx_for, make_member, make_org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def world():
    org = make_org(departments=("HR",))
    lead = ctx_for(make_member(org, Role.LEAD), org)
    services.tracks_install(lead, language="en")
    person = make_member(org)
    return org, lead, person


def attended(org, lead, person, key):
    module = Module.objects.get(organisation=org, key=key)
    session = services.session_schedule(
        lead,
        module=module,
        starts_at=clock.now() - timedelta(days=1),
        trainer_label="Outside",
        place="Room",
    )
    member = Membership.objects.get(user=person, organisation=org)
    services.attendance_record(lead, session=session, marks={member: True})
    return module


def test_an_attendance_module_is_completed_by_attending(world):
    org, lead, person = world
    attended(org, lead, person, "employee_start")
    assert selectors.reach_export(organisation=org)["trained"] == 1


def test_an_assignment_counts_once_a_trainer_approves_it_and_not_before(world):
    org, lead, person = world
    module = attended(org, lead, person, "evangelist_practitioner")
    mine = ctx_for(person, org)
    assert selectors.reach_export(organisation=org)["trained"] == 0
    with pytest.raises(ValidationError):
        services.assignment_hand_in(mine, module=module, text="   ")
    first = services.assignment_hand_in(mine, module=module, text="My plan")
    with pytest.raises(ValidationError):  # sending back needs a comment
        services.assignment_review(lead, submission=first, approve=False)
    with pytest.raises(PermissionDenied):  # a member is no trainer
        services.assignment_review(ctx_for(make_member(org), org), submission=first, approve=True)
    services.assignment_review(lead, submission=first, approve=False, comment="Add an example")
    assert selectors.levels_reached(organisation=org) == {}
    assert selectors.submissions_to_review(module=module) == []
    second = services.assignment_hand_in(mine, module=module, text="My plan, with an example")
    assert selectors.submissions_to_review(module=module) == [second]
    services.assignment_review(lead, submission=second, approve=True)
    assert selectors.reach_export(organisation=org)["trained"] == 1
    assert list(selectors.completions_of(organisation=org)) == [(second.learner_id, module.pk)]
    reviews = list(Review.objects.order_by("pk").values_list("approved", "reviewed_by"))
    assert reviews == [(False, lead.user.pk), (True, lead.user.pk)]


def test_nobody_reviews_their_own_assignment(world):
    org, lead, _person = world
    module = Module.objects.get(organisation=org, key="evangelist_trainer")
    own = services.assignment_hand_in(lead, module=module, text="Mine")
    with pytest.raises(ValidationError):
        services.assignment_review(lead, submission=own, approve=True)


def test_a_quiz_counts_from_the_pass_mark_and_every_attempt_is_kept(world):
    org, lead, person = world
    module = attended(org, lead, person, "literacy_basics")
    mine = ctx_for(person, org)
    right = {i: q["correct"][0] for i, q in enumerate(module.quiz)}
    assert len(right) == 4
    assert selectors.literacy_evidence(organisation=org).rows == []
    with pytest.raises(ValidationError):
        services.quiz_take(mine, module=module, answers={0: 99})
    wrong = {i: (a + 1) % 2 for i, a in right.items()}
    almost = {**right, 0: wrong[0], 1: wrong[1]}  # 2 of 4: below 70%
    assert not services.quiz_take(mine, module=module, answers=almost).passed
    assert selectors.reach_export(organisation=org)["trained"] == 0
    assert services.quiz_take(mine, module=module, answers=right).passed
    assert QuizAttempt.objects.count() == 2
    assert [r.name for r in selectors.literacy_evidence(organisation=org).rows] == [str(person)]
    assert selectors.reach_export(organisation=org)["trained"] == 1


def test_a_module_assessed_otherwise_refuses_a_quiz_or_an_assignment(world):
    org, _lead, person = world
    start = Module.objects.get(organisation=org, key="employee_start")
    with pytest.raises(ValidationError):
        services.quiz_take(ctx_for(person, org), module=start, answers={})
    with pytest.raises(ValidationError):
        services.assignment_hand_in(ctx_for(person, org), module=start, text="x")


def test_a_passed_quiz_completes_its_module_without_a_session_but_trains_nobody(world):
    org, _lead, person = world
    module = Module.objects.get(organisation=org, key="literacy_basics")
    right = {i: q["correct"] for i, q in enumerate(module.quiz)}
    assert services.quiz_take(ctx_for(person, org), module=module, answers=right).passed
    assert [r.name for r in selectors.literacy_evidence(organisation=org).rows] == [str(person)]
    # The cascade counts completed sessions: a generation needs a trainer.
    assert selectors.reach_export(organisation=org)["trained"] == 0


def test_a_lead_edits_the_quiz_and_earlier_attempts_keep_what_they_were_graded_on(world):
    org, lead, person = world
    module = Module.objects.get(organisation=org, key="literacy_basics")
    shipped = list(module.quiz)
    right = {i: q["correct"] for i, q in enumerate(shipped)}
    first = services.quiz_take(ctx_for(person, org), module=module, answers=right)
    new = [{"question": "Which are tools?", "options": ["A chatbot", "A chair", "A model"]}]
    new[0]["correct"] = [0, 2]
    with pytest.raises(PermissionDenied):
        services.module_quiz_set(ctx_for(person, org), module=module, questions=new)
    with pytest.raises(ValidationError):
        services.module_quiz_set(lead, module=module, questions=[{**new[0], "correct": []}])
    with pytest.raises(ValidationError):
        services.module_quiz_set(lead, module=module, questions=[{**new[0], "options": ["x"]}])
    services.module_quiz_set(lead, module=module, questions=new)
    module.refresh_from_db()
    assert module.quiz == new
    first.refresh_from_db()
    assert (first.passed, first.right, first.total, first.questions) == (True, 4, 4, shipped)
    assert [r.name for r in selectors.literacy_evidence(organisation=org).rows] == [str(person)]
    assert not services.quiz_take(ctx_for(person, org), module=module, answers={0: [0]}).passed
    assert services.quiz_take(ctx_for(person, org), module=module, answers={0: [0, 2]}).passed
    edits = Change.objects.filter(subject="academy.module", action="updated")
    assert edits.filter(note="quiz questions edited").count() == 1


def test_a_lead_sets_a_modules_skills_from_the_strategy_catalogue(world):
    from koers.strategy.services.skills import skill_catalogue_copy

    org, lead, _person = world
    module = Module.objects.get(organisation=org, key="employee_start")
    skill_catalogue_copy(ctx_for(make_member(org, Role.ADMIN), org))
    with pytest.raises(ValidationError):
        services.module_skills_set(lead, module=module, skills=["juggling"])
    services.module_skills_set(lead, module=module, skills=["risk_and_ethics", "prompting"])
    module.refresh_from_db()
    assert module.skills == ["prompting", "risk_and_ethics"]  # in the catalogue's order
    tracks = selectors.track_list(organisation=org, skill="risk_and_ethics")
    assert "employee_start" in [m.key for t in tracks for m in t.modules.all()]
    assert Change.objects.filter(subject_id=module.pk, fields__has_key="skills").exists()
