"""Writing the skills matrix: the catalogue copy and its edits, needed levels, an ambassador's
judgement and the anonymous self-assessment, each with who may do it."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.core.models import Change
from koers.orgs.models import Role
from koers.strategy.models import (
    SelfAssessmentAnswer,
    SelfAssessmentTaken,
    Skill,
    SkillJudgement,
    SkillTarget,
)
from koers.strategy.services.skills import (
    next_quarter,
    quarter_of,
    self_assessment_submit,
    skill_add,
    skill_catalogue_copy,
    skill_judgements_set,
    skill_targets_set,
    skill_update,
)
from koers.testing.factories import ctx_for, make_member

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def skills(org, lead):
    return skill_catalogue_copy(ctx_for(lead, org))


def _all(skills, level):
    return {s.pk: level for s in skills}


def test_the_quarter_starts_on_the_first_of_january_april_july_or_october():
    assert quarter_of(dt.date(2026, 12, 7)) == dt.date(2026, 10, 1)
    assert quarter_of(dt.date(2026, 4, 1)) == dt.date(2026, 4, 1)
    assert next_quarter(dt.date(2026, 10, 1)) == dt.date(2027, 1, 1)
    assert next_quarter(dt.date(2026, 1, 1)) == dt.date(2026, 4, 1)


def test_a_lead_copies_the_catalogue_in_the_organisations_language(org, lead):
    org.language = "nl"
    org.save()
    skills = skill_catalogue_copy(ctx_for(lead, org))
    assert [s.name for s in skills][:2] == [
        "AI-geletterdheid",
        "Prompts schrijven en uitkomsten controleren",
    ]
    assert len(skills[0].levels) == 5
    assert Change.objects.filter(subject="strategy.skill", action="created").count() == 6
    with pytest.raises(ValidationError):
        skill_catalogue_copy(ctx_for(lead, org))


def test_a_member_may_not_copy_or_edit_the_catalogue(org, member, skills):
    with pytest.raises(PermissionDenied):
        skill_catalogue_copy(ctx_for(member, org))
    with pytest.raises(PermissionDenied):
        skill_update(
            ctx_for(member, org),
            skill_id=skills[0].pk,
            name="x",
            description="",
            levels=["a"] * 5,
            default_needed=1,
        )


def test_a_lead_renames_a_skill_and_adds_one_of_their_own(org, lead, skills):
    ctx = ctx_for(lead, org)
    skill_update(
        ctx,
        skill_id=skills[0].pk,
        name="AI basics",
        description="",
        levels=list("abcde"),
        default_needed=3,
    )
    renamed = Skill.objects.get(pk=skills[0].pk)
    assert (renamed.name, renamed.levels, renamed.default_needed) == ("AI basics", list("abcde"), 3)
    change = Change.objects.filter(subject="strategy.skill", action="updated").get()
    assert change.fields["name"][1] == "AI basics"
    added = skill_add(
        ctx, name="Prompting", description="Our own", levels=list("vwxyz"), default_needed=2
    )
    assert added.key == "prompting_2"  # the catalogue's key is taken
    assert added.position > skills[-1].position


@pytest.mark.parametrize(
    "bad",
    [
        {"name": " "},
        {"levels": ["a", "b", "c", "d"]},
        {"levels": ["a", "b", "", "d", "e"]},
        {"default_needed": 5},
        {"default_needed": "expert"},
        {"name": "x" * 121},
    ],
)
def test_a_bad_skill_is_refused_and_nothing_changes(org, lead, skills, bad):
    values = {"name": "New", "description": "", "levels": list("abcde"), "default_needed": 1} | bad
    with pytest.raises(ValidationError):
        skill_add(ctx_for(lead, org), **values)
    with pytest.raises(ValidationError):
        skill_update(ctx_for(lead, org), skill_id=skills[0].pk, **values)
    assert Skill.objects.filter(organisation=org).count() == 6
    assert Skill.objects.get(pk=skills[0].pk).name == skills[0].name


def test_a_skill_of_another_organisation_cannot_be_edited(org, other_org, skills):
    other_lead = make_member(other_org, Role.LEAD)
    with pytest.raises(ValidationError):
        skill_update(
            ctx_for(other_lead, other_org),
            skill_id=skills[0].pk,
            name="x",
            description="",
            levels=list("abcde"),
            default_needed=1,
        )


def test_leaders_set_needed_levels_per_department_and_role_group_with_history(org, lead, skills):
    finance = org.departments.get(name="Finance")
    ctx = ctx_for(lead, org)
    assert (
        skill_targets_set(
            ctx,
            department_id=finance.pk,
            role_group="",
            levels={skills[0].pk: "3", skills[1].pk: ""},
        )
        == 1
    )
    assert (
        skill_targets_set(
            ctx, department_id=finance.pk, role_group="leadership", levels={skills[0].pk: 4}
        )
        == 1
    )
    assert (
        skill_targets_set(ctx, department_id=finance.pk, role_group="", levels={skills[0].pk: 3})
        == 0
    )
    assert (
        skill_targets_set(ctx, department_id=finance.pk, role_group="", levels={skills[0].pk: ""})
        == 1
    )
    assert list(SkillTarget.objects.values_list("role_group", "level")) == [("leadership", 4)]
    actions = list(
        Change.objects.filter(subject="strategy.skilltarget").values_list("action", "fields")
    )
    assert sorted(a for a, _ in actions) == ["created", "created", "deleted"]


def test_needed_levels_refuse_bad_input_and_change_nothing(org, other_org, lead, member, skills):
    finance = org.departments.get(name="Finance")
    ctx = ctx_for(lead, org)
    with pytest.raises(ValidationError):
        skill_targets_set(
            ctx, department_id=finance.pk, role_group="", levels={skills[0].pk: 2, skills[1].pk: 9}
        )
    with pytest.raises(ValidationError):
        skill_targets_set(
            ctx,
            department_id=other_org.departments.get().pk,
            role_group="",
            levels={skills[0].pk: 2},
        )
    with pytest.raises(ValidationError):
        skill_targets_set(
            ctx, department_id=finance.pk, role_group="interns", levels={skills[0].pk: 2}
        )
    assert not SkillTarget.objects.exists()
    with pytest.raises(PermissionDenied):
        skill_targets_set(
            ctx_for(member, org), department_id=finance.pk, role_group="", levels={skills[0].pk: 2}
        )


def test_an_ambassador_judges_a_department_with_their_name_on_it(org, skills):
    ambassador = make_member(org, Role.EVANGELIST)
    hr = org.departments.get(name="HR")
    ctx = ctx_for(ambassador, org)
    assert (
        skill_judgements_set(
            ctx, department_id=hr.pk, levels={skills[0].pk: 2}, note="After the workshop"
        )
        == 1
    )
    judgement = SkillJudgement.objects.get()
    assert (judgement.level, judgement.judged_by, judgement.note) == (
        2,
        ambassador,
        "After the workshop",
    )
    change = Change.objects.get(subject="strategy.skilljudgement")
    assert change.actor == ambassador and change.fields["level"] == [None, 2]
    skill_judgements_set(ctx, department_id=hr.pk, levels={skills[0].pk: ""})
    assert not SkillJudgement.objects.exists()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.LEGAL])
def test_members_and_legal_may_not_judge(org, skills, role):
    person = make_member(org, role)
    with pytest.raises(PermissionDenied):
        skill_judgements_set(
            ctx_for(person, org), department_id=org.departments.first().pk, levels={skills[0].pk: 2}
        )


def test_a_self_assessment_is_stored_without_the_person(org, skills):
    finance = org.departments.get(name="Finance")
    person = make_member(org, Role.MEMBER, department=finance)
    ctx = ctx_for(person, org)
    before = Change.objects.count()
    quarter = self_assessment_submit(ctx, levels=_all(skills, "2"))
    answers = SelfAssessmentAnswer.objects.all()
    assert answers.count() == 6
    assert {(a.department_id, a.role_group, a.level, a.quarter) for a in answers} == {
        (finance.pk, "staff", 2, quarter)
    }
    fields = {f.name for f in SelfAssessmentAnswer._meta.get_fields()}
    assert fields == {"id", "organisation", "skill", "department", "role_group", "level", "quarter"}
    assert Change.objects.count() == before  # no history row: it would name the person and time
    # Random ids: a counter would line the answers up with the order of who answered.
    assert all(isinstance(a.pk, uuid.UUID) for a in answers)
    assert SelfAssessmentTaken.objects.get().membership.user == person


def test_a_lead_answers_in_the_leadership_group(org, lead, skills):
    self_assessment_submit(ctx_for(lead, org), levels=_all(skills, 3))
    assert set(SelfAssessmentAnswer.objects.values_list("role_group", flat=True)) == {"leadership"}


def test_a_second_answer_in_the_same_quarter_is_refused_and_the_next_quarter_counts_apart(
    org, member, skills, clock
):
    clock.set(dt.datetime(2026, 12, 7, 12, 0))
    ctx = ctx_for(member, org)
    self_assessment_submit(ctx, levels=_all(skills, 1))
    with pytest.raises(ValidationError, match="again"):
        self_assessment_submit(ctx, levels=_all(skills, 4))
    assert set(SelfAssessmentAnswer.objects.values_list("level", flat=True)) == {1}
    clock.set(dt.datetime(2027, 1, 2, 9, 0))
    self_assessment_submit(ctx, levels=_all(skills, 4))
    by_quarter = dict(SelfAssessmentAnswer.objects.values_list("quarter", "level").distinct())
    assert by_quarter == {dt.date(2026, 10, 1): 1, dt.date(2027, 1, 1): 4}


def test_a_self_assessment_needs_every_skill_and_a_level_from_0_to_4(org, member, skills):
    ctx = ctx_for(member, org)
    partial = _all(skills, 2)
    partial.pop(skills[0].pk)
    for levels in (partial, _all(skills, 5), _all(skills, "x")):
        with pytest.raises(ValidationError):
            self_assessment_submit(ctx, levels=levels)
    assert not SelfAssessmentAnswer.objects.exists()
    assert not SelfAssessmentTaken.objects.exists()


def test_a_judgement_with_an_overlong_note_is_refused(org, lead, skills):
    with pytest.raises(ValidationError):
        skill_judgements_set(
            ctx_for(lead, org),
            department_id=org.departments.first().pk,
            levels={skills[0].pk: 2},
            note="x" * 301,
        )
    assert not SkillJudgement.objects.exists()


def test_a_catalogue_holds_at_most_forty_skills(org, lead, skills):
    ctx = ctx_for(lead, org)
    for n in range(34):
        skill_add(ctx, name=f"Skill {n}", description="", levels=list("abcde"), default_needed=1)
    with pytest.raises(ValidationError, match="40"):
        skill_add(ctx, name="One too many", description="", levels=list("abcde"), default_needed=1)
