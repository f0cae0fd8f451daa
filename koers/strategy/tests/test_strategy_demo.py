"""The demo's strategy: a vision, a published Dutch policy with six tools x four data classes, a
draft next version that differs from it, acknowledgements from most but not all members (a small
department merged under the small-group rule), tool requests, and three scenarios with figures."""

from __future__ import annotations

import datetime as dt

import pytest

from koers.core import clock
from koers.core.models import Change
from koers.demo import DEPARTMENTS
from koers.demo.strategy import strategy_load
from koers.orgs.models import Membership, Role
from koers.strategy.models import PolicyVersion, ToolRequest
from koers.strategy.policy.content import PolicyContent
from koers.strategy.selectors.checker import checker_answer
from koers.strategy.selectors.policy import (
    acknowledgements_by_department,
    open_version,
    published_version,
    versions_diff,
)
from koers.strategy.selectors.scenarios import scenario_outcomes
from koers.strategy.selectors.vision import vision_current
from koers.testing.factories import ctx_for, make_member, make_org, make_usecase, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

SIX_TOOLS = {
    "Microsoft 365 Copilot",
    "ChatGPT Enterprise",
    "Gratis openbare chatbots",
    "DeepL",
    "GitHub Copilot",
    "Vraagbaak",
}


@pytest.fixture
def demo():
    org = make_org("Demo BV", departments=tuple(DEPARTMENTS))
    org.language = "nl"
    org.save()
    departments = {d.name: d for d in org.departments.all()}
    lead = make_member(org, Role.LEAD, department=departments["Bedrijfsvoering"])
    make_member(org, Role.LEGAL, department=departments["Juridische zaken"])
    make_member(org, Role.LEAD)  # the consultant, in no department
    make_member(org, user=make_user("member@demo.example"), department=departments["Financiën"])
    for department in departments.values():
        for _ in range(6):
            make_member(org, department=department)
        make_usecase(org, hours_saved_per_month=40, department_ids=(department.pk,))
    strategy_load(org, ctx_for(lead, org), seed=7)
    return org


def test_the_demo_has_a_vision_and_a_published_dutch_policy_with_six_tools_by_four_classes(demo):
    assert vision_current(demo) is not None
    published = published_version(demo)
    assert published is not None and published.published_at < clock.now()
    content = PolicyContent.model_validate(published.content)
    assert content.language == "nl"
    assert {t.name for t in content.tools} == SIX_TOOLS
    assert [d.label for d in content.data_classes] == [
        "Openbaar",
        "Intern",
        "Vertrouwelijk",
        "Persoonsgegevens",
    ]
    assert len(content.cells) == 24 and all(cell.section for cell in content.cells)
    # Four eyes: approved by someone other than the author.
    approval = published.approvals.get()
    assert approval.approver_id != published.created_by_id


def test_free_public_chatbots_are_only_for_public_information(demo):
    for data_class in ("Intern", "Vertrouwelijk", "Persoonsgegevens"):
        answer = checker_answer(demo, tool="gratis openbare chatbots", data_class=data_class)
        assert answer.answer == "no"
    answer = checker_answer(demo, tool="Gratis openbare chatbots", data_class="Openbaar")
    assert answer.answer == "conditional"


def test_the_checker_answers_chatgpt_enterprise_with_its_condition_and_section(demo):
    answer = checker_answer(demo, tool="ChatGPT Enterprise", data_class="vertrouwelijk")
    assert answer.answer == "conditional"
    assert "organisatie-account" in answer.condition and answer.section == "6"


def test_the_draft_next_version_differs_from_the_published_one(demo):
    draft = open_version(demo)
    assert draft is not None and draft.status == PolicyVersion.Status.DRAFT
    assert draft.number == 2
    diff = versions_diff(published_version(demo), draft)
    assert [t.new for t in diff.tools] == ["Canva"]
    assert any(c.tool == "ChatGPT Enterprise" for c in diff.cells)
    assert [s.key for s in diff.sections if s.change == "changed"] == ["literacy"]


def test_most_members_confirmed_and_a_small_department_is_merged(demo):
    groups = acknowledgements_by_department(demo, published_version(demo))
    total = groups[-1]
    assert total.members == Membership.objects.filter(organisation=demo).count()
    assert total.members * 0.6 < total.acknowledged < total.members
    assert "Directie" not in {g.label for g in groups}
    assert groups[-2].merged and groups[-2].members >= 5


def test_there_are_tool_requests_one_answered(demo):
    requests = ToolRequest.objects.filter(organisation=demo)
    assert requests.count() == 3
    assert requests.filter(status=ToolRequest.Status.ANSWERED).count() == 1


def test_three_scenarios_have_figures_for_every_department_with_a_cost_base(demo):
    views, _value = scenario_outcomes(demo)
    assert len(views) == 3
    for view in views:
        assert len(view.result.departments) == len(DEPARTMENTS)
        assert 0 < view.result.needed_share < 0.5
        assert view.result.total.needed_eur > 0 and view.result.total.coverage is not None
        assert all(o.expected_eur > 0 for o in view.result.departments)


def test_the_vision_is_composed_from_the_answers(demo):
    vision = vision_current(demo)
    assert vision.composed and vision.ambition and vision.people
    assert vision.ambition in vision.text


def test_the_story_happened_over_the_past_weeks_in_order(demo):
    published = published_version(demo)
    now = clock.now()
    assert now - published.published_at > dt.timedelta(weeks=5)
    assert published.created_at < published.submitted_at < published.approved_at
    assert published.approved_at < published.published_at
    confirmed = published.acknowledgements.values_list("acknowledged_at", flat=True)
    assert all(published.published_at <= when < now for when in confirmed)
    history = Change.objects.filter(
        organisation_id=demo.pk, subject__startswith="strategy."
    ).values_list("created_at", flat=True)
    assert all(when < now for when in history)
    assert min(history) < published.published_at
