"""The default GenAI readiness scan: every barrier measured, both languages, stable ids."""

from __future__ import annotations

import re

import pytest

from koers.diagnostic.instruments import BARRIER_IDS, load_default_scan
from koers.diagnostic.instruments.schema import (
    SNAKE_CASE,
    TextQuestion,
)
from koers.diagnostic.instruments.tests.walk import ids_in, texts_in

# Answers are stored against these ids: changing one orphans every earlier wave's answers.
QUESTION_IDS = [
    "usage_frequency",
    "usage_tool_kinds",
    "usage_unapproved_tools",
    "priorities_more_important_now",
    "priorities_no_time_to_explore",
    "priorities_leadership_says_ai_matters",
    "priorities_after_other_projects",
    "pace_cannot_keep_up",
    "pace_better_to_wait",
    "pace_outdated_soon",
    "pace_know_where_to_look",
    "quality_too_many_mistakes",
    "quality_output_not_usable",
    "quality_mostly_hype",
    "quality_already_speeds_up_work",
    "talent_no_people_in_house",
    "talent_know_who_to_ask",
    "talent_own_knowledge_lacking",
    "talent_room_to_learn",
    "jobs_afraid_work_disappears",
    "jobs_used_to_cut_staff",
    "jobs_trust_employer",
    "jobs_help_not_threat",
    "privacy_worried_about_data",
    "privacy_unsure_what_is_allowed",
    "privacy_ethically_uneasy",
    "privacy_clear_agreements",
    "data_messy_or_scattered",
    "data_expensive_new_systems",
    "data_old_systems_incompatible",
    "data_can_start_without_changes",
    "motivation_enjoy_trying_tools",
    "motivation_want_to_understand",
    "motivation_explore_in_own_time",
    "motivation_share_with_colleagues",
    "worries_any",
    "open_worries",
    "open_where_ai_helps",
    "evangelist_opt_in",
]


@pytest.fixture(scope="module")
def scan():
    return load_default_scan()


def question(scan, question_id):
    return next(q for q in scan.questions() if q.id == question_id)


def test_it_keeps_its_question_ids(scan):
    assert [q.id for q in scan.questions()] == QUESTION_IDS


def test_it_uses_snake_case_ids_everywhere(scan):
    ids = ids_in(scan)
    assert len(ids) > len(QUESTION_IDS)
    assert [i for i in ids if not SNAKE_CASE.match(i)] == []


def test_it_declares_the_seven_barriers_in_the_method_order(scan):
    assert tuple(b.id for b in scan.barriers) == BARRIER_IDS


@pytest.mark.parametrize("barrier", BARRIER_IDS)
def test_it_measures_each_barrier_with_three_or_four_items(scan, barrier):
    assert 3 <= scan.barrier_coverage()[barrier] <= 4


@pytest.mark.parametrize("barrier", BARRIER_IDS)
def test_it_words_each_barrier_both_ways(scan, barrier):
    """Some items are reverse-coded so that agreeing with everything does not look like a score."""
    reversed_flags = {q.reverse for q in scan.items_for(barrier)}
    assert reversed_flags == {True, False}


def test_it_offers_dont_know_on_every_barrier_item(scan):
    items = [q for q in scan.likert_questions() if q.barrier]
    assert all(q.type == "likert5" and q.dont_know for q in items)


@pytest.mark.parametrize("barrier", BARRIER_IDS)
def test_it_recommends_one_or_two_actions_per_barrier(scan, barrier):
    (declared,) = [b for b in scan.barriers if b.id == barrier]
    assert 1 <= len(declared.actions) <= 2


def test_it_sends_each_barrier_to_a_fitting_module(scan):
    modules = {b.id: {a.module for a in b.actions} for b in scan.barriers}
    assert "voice" in modules["job_displacement"]
    assert "academy" in modules["talent_shortage"]
    assert "policy" in modules["privacy_ethics"]


def test_it_asks_how_often_ai_is_used_from_never_to_daily(scan):
    options = [o.id for o in question(scan, "usage_frequency").options]
    assert options[0] == "never"
    assert options[-1] == "daily"


def test_it_asks_which_kinds_of_tools(scan):
    tool_kinds = question(scan, "usage_tool_kinds")
    assert tool_kinds.type == "multiple"
    assert {o.id for o in tool_kinds.options} >= {
        "chat_assistants",
        "writing_help",
        "code_assistants",
        "image_tools",
        "meeting_summaries",
        "other",
    }


def test_it_lets_people_answer_honestly_about_unapproved_tools(scan):
    unapproved = question(scan, "usage_unapproved_tools")
    assert unapproved.help is not None
    assert "anoniem" in unapproved.help.nl
    assert "anonymous" in unapproved.help.en
    assert {"prefer_not_to_say", "unsure_what_is_approved"} <= {o.id for o in unapproved.options}


def test_it_has_motivation_items_that_point_to_evangelists(scan):
    motivation = [q for q in scan.likert_questions() if q.motivation]
    assert len(motivation) >= 3
    assert all(q.barrier is None for q in motivation)


def test_it_routes_the_two_open_questions(scan):
    open_questions = [q for q in scan.questions() if isinstance(q, TextQuestion)]
    assert {q.id: q.destination for q in open_questions} == {
        "open_worries": "voice",
        "open_where_ai_helps": "backlog",
    }
    assert not any(q.required for q in open_questions)


def test_it_has_one_optional_evangelist_opt_in(scan):
    opt_ins = scan.opt_in_questions()
    assert [q.id for q in opt_ins] == ["evangelist_opt_in"]
    assert not opt_ins[0].required


def test_its_dutch_and_english_are_complete_and_not_copies(scan):
    texts = texts_in(scan)
    assert len(texts) > 100
    assert all(t.nl.strip() and t.en.strip() for t in texts)
    assert [t for t in texts if t.nl == t.en] == []


def test_its_dutch_speaks_to_people_as_je(scan):
    formal = re.compile(r"\b(u|uw|Uw)\b")
    assert [t.nl for t in texts_in(scan) if formal.search(t.nl)] == []
