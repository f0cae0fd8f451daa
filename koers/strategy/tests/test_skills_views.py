"""The skills pages: the gap heat map with its table, the self-assessment, the needed levels, an
ambassador's judgement and the catalogue, for each role; another organisation gets 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from koers.orgs.models import Role
from koers.strategy.models import (
    SelfAssessmentAnswer,
    SelfAssessmentTaken,
    Skill,
    SkillJudgement,
    SkillTarget,
)
from koers.strategy.selectors.skills import skills_board
from koers.strategy.services.skills import (
    self_assessment_submit,
    skill_catalogue_copy,
    skill_judgements_set,
    skill_targets_set,
)
from koers.testing.factories import ctx_for, make_member

pytestmark = pytest.mark.usefixtures("clock")

PAGES = [
    "skills",
    "skills_self_assessment",
    "skills_targets",
    "skills_judgements",
    "skills_catalogue",
]


def _url(org, name, **query):
    url = reverse(f"strategy:{name}", kwargs={"org_slug": org.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def skills(org, lead):
    org.language = "nl"
    org.save()
    return skill_catalogue_copy(ctx_for(lead, org))


def _answer(org, department, role, level, skills, n):
    for _ in range(n):
        person = make_member(org, role, department=department)
        self_assessment_submit(ctx_for(person, org), levels={s.pk: level for s in skills})


@pytest.fixture
def last_quarter(org, skills, clock):
    """Finance: six staff and one lead answered last quarter; HR: two staff."""
    clock.set(dt.datetime(2026, 11, 3, 10, 0))
    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")
    _answer(org, finance, Role.MEMBER, 1, skills, 6)
    _answer(org, finance, Role.LEAD, 4, skills, 1)
    _answer(org, hr, Role.MEMBER, 3, skills, 2)
    clock.set(dt.datetime(2027, 1, 15, 10, 0))
    return finance, hr


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.MEMBER, {"skills", "skills_self_assessment"}),
        (Role.LEGAL, {"skills", "skills_self_assessment"}),
        (Role.EVANGELIST, {"skills", "skills_self_assessment", "skills_judgements"}),
        (Role.LEAD, set(PAGES)),
        (Role.ADMIN, set(PAGES)),
    ],
)
def test_each_role_reaches_its_pages_and_no_other(org, skills, role, allowed):
    client = _client(make_member(org, role))
    for name in PAGES:
        assert client.get(_url(org, name)).status_code == (200 if name in allowed else 403), name


def test_another_organisation_gets_404_on_every_page_and_action(org, other_org, skills):
    stranger = _client(make_member(other_org, Role.ADMIN))
    for name in [*PAGES, "skills_catalogue_copy"]:
        assert stranger.get(_url(org, name)).status_code == 404
        assert (
            stranger.post(_url(org, name), {"department": org.departments.first().pk}).status_code
            == 404
        )
    assert not SkillTarget.objects.exists() and not SelfAssessmentAnswer.objects.exists()


def test_the_heat_map_shows_the_gap_and_too_few_answers_in_dutch(org, lead, last_quarter, skills):
    finance, _hr = last_quarter
    skill_targets_set(
        ctx_for(lead, org), department_id=finance.pk, role_group="", levels={skills[0].pk: 3}
    )
    page = _client(lead).get(_url(org, "skills"), HTTP_ACCEPT_LANGUAGE="nl")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "te weinig antwoorden" in html
    assert "AI-geletterdheid" in html
    # Each skill links to the Academy's modules that train it (by address: no import).
    assert f'/o/{org.slug}/academy/tracks/?skill=ai_literacy"' in html
    board = page.context["board"]
    rows = {row.label: row for row in board.rows}
    literacy = rows["HR"].cells[0]
    assert literacy.current is None and literacy.gap is None  # two answers: under k
    # Finance: seven answered, but the lead alone would follow from Finance minus its staff.
    finance_cell = rows["Finance"].cells[0]
    groups = {row.label: row for row in board.group_rows}
    shown_staff = groups["Finance · Medewerkers"].cells[0].current is not None
    assert not (finance_cell.current is not None and shown_staff)
    assert groups["Finance · Leiding"].cells[0].current is None


def test_no_figure_on_the_page_rests_on_fewer_than_k_people(org, lead, last_quarter, skills):
    board = skills_board(organisation=org)
    for row in [*board.rows, *board.group_rows]:
        for cell in row.cells:
            assert cell.source != "self" or cell.n >= board.k


def test_this_quarters_answers_wait_until_the_quarter_is_over(org, lead, skills, clock):
    clock.set(dt.datetime(2027, 2, 1, 10, 0))
    _answer(org, org.departments.get(name="HR"), Role.MEMBER, 2, skills, 6)
    _answer(org, org.departments.get(name="Finance"), Role.MEMBER, 3, skills, 5)
    board = skills_board(organisation=org)
    assert board.quarter is None
    assert all(c.current is None for row in board.rows for c in row.cells)
    clock.set(dt.datetime(2027, 4, 1, 10, 0))
    board = skills_board(organisation=org)
    assert board.quarter == dt.date(2027, 1, 1)
    hr = next(row for row in board.rows if row.label == "HR")
    assert hr.cells[0].current == 2.0 and hr.cells[0].gap == skills[0].default_needed - 2.0


def test_an_ambassadors_judgement_fills_a_department_with_too_few_answers(
    org, last_quarter, skills
):
    _finance, hr = last_quarter
    ambassador = make_member(org, Role.EVANGELIST)
    ambassador.name = "Sanne de Vries"
    ambassador.save()
    skill_judgements_set(ctx_for(ambassador, org), department_id=hr.pk, levels={skills[0].pk: 1})
    html = _client(ambassador).get(_url(org, "skills"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "AI-ambassadeur Sanne de Vries" in html
    cell = next(r for r in skills_board(organisation=org).rows if r.label == "HR").cells[0]
    assert (cell.current, cell.source, cell.gap) == (
        1.0,
        "ambassador",
        skills[0].default_needed - 1,
    )


def test_a_member_takes_the_self_assessment_on_the_page(org, skills):
    person = make_member(org, Role.MEMBER, department=org.departments.get(name="HR"))
    client = _client(person)
    form = client.get(_url(org, "skills_self_assessment"), HTTP_ACCEPT_LANGUAGE="nl")
    assert 'type="radio"' in form.content.decode() and "Ik heb nog nooit" in form.content.decode()
    answers = {f"skill_{s.pk}": "2" for s in skills}
    page = client.post(_url(org, "skills_self_assessment"), answers, follow=True)
    assert page.redirect_chain[-1][0] == _url(org, "skills")
    assert SelfAssessmentAnswer.objects.count() == 6
    again = client.post(
        _url(org, "skills_self_assessment"), answers, follow=True, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert "al ingevuld" in again.content.decode()
    assert SelfAssessmentAnswer.objects.count() == 6 and SelfAssessmentTaken.objects.count() == 1


def test_a_self_assessment_with_a_skill_left_out_stores_nothing(org, member, skills):
    answers = {f"skill_{s.pk}": "2" for s in skills[1:]}
    page = _client(member).post(_url(org, "skills_self_assessment"), answers)
    assert page.status_code == 200
    assert not SelfAssessmentAnswer.objects.exists()


def test_a_lead_sets_needed_levels_on_the_page(org, lead, skills):
    finance = org.departments.get(name="Finance")
    client = _client(lead)
    page = client.get(_url(org, "skills_targets", department=finance.pk))
    assert f'name="skill_{skills[0].pk}"' in page.content.decode()
    client.post(
        _url(org, "skills_targets"),
        {"department": finance.pk, "role_group": "staff", f"skill_{skills[0].pk}": "3"},
    )
    assert SkillTarget.objects.get().level == 3


def test_an_ambassador_judges_on_the_page(org, skills):
    ambassador = make_member(org, Role.EVANGELIST)
    hr = org.departments.get(name="HR")
    _client(ambassador).post(
        _url(org, "skills_judgements"),
        {"department": hr.pk, f"skill_{skills[2].pk}": "2", "note": "Na de workshop"},
    )
    assert SkillJudgement.objects.get().judged_by == ambassador


def test_a_lead_starts_renames_and_adds_skills_on_the_catalogue_page(org, lead):
    client = _client(lead)
    client.post(_url(org, "skills_catalogue_copy"))
    assert Skill.objects.filter(organisation=org).count() == 6
    first = Skill.objects.filter(organisation=org).first()
    levels = {f"level_{n}": f"Niveau {n}" for n in range(5)}
    client.post(
        _url(org, "skills_catalogue"),
        {"skill": first.pk, "name": "AI-basis", "description": "", "default_needed": "2", **levels},
    )
    client.post(
        _url(org, "skills_catalogue"),
        {"name": "Klantgesprekken met AI", "description": "", "default_needed": "1", **levels},
    )
    assert Skill.objects.get(pk=first.pk).name == "AI-basis"
    assert Skill.objects.filter(organisation=org).count() == 7


def test_without_a_catalogue_a_member_is_told_and_a_lead_can_start_one(org, member, lead):
    assert "Use the catalogue" not in _client(member).get(_url(org, "skills")).content.decode()
    assert "Use the catalogue" in _client(lead).get(_url(org, "skills")).content.decode()


def test_a_get_changes_nothing(org, lead):
    _client(lead).get(_url(org, "skills_catalogue_copy"))
    assert not Skill.objects.exists()
