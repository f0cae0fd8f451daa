"""The quiz core (its shape is checked, grading passes from 70%) and the shipped tracks' data."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from koers.academy.quiz import quiz_grade, quiz_parse, quiz_public, quiz_store
from koers.academy.tracks import load_tracks


def test_a_quiz_passes_from_seventy_percent_and_an_unanswered_question_is_wrong():
    questions = quiz_parse(
        [{"question": f"Q{i}", "options": ["a", "b"], "answer": 1} for i in range(10)]
    )
    assert quiz_grade(questions, dict.fromkeys(range(7), 1)).passed
    assert not quiz_grade(questions, dict.fromkeys(range(6), 1)).passed


def test_a_question_with_several_right_options_needs_exactly_those_chosen():
    (question,) = quiz_parse([{"question": "Q", "options": ["a", "b", "c"], "correct": [0, 2]}])
    assert question.multiple
    assert quiz_grade([question], {0: {0, 2}}).right == 1
    assert quiz_grade([question], {0: {0}}).right == 0
    assert quiz_grade([question], {0: {0, 1, 2}}).right == 0


def test_a_quiz_stored_with_one_answer_reads_as_one_right_option_and_is_stored_anew():
    old = [{"question": "Q", "options": ["a", "b"], "answer": 1}]
    assert quiz_store(quiz_parse(old)) == [{"question": "Q", "options": ["a", "b"], "correct": [1]}]


def test_what_someone_taking_the_quiz_sees_leaves_out_the_right_options():
    public = quiz_public(quiz_parse([{"question": "Q", "options": ["a", "b"], "correct": [1]}]))
    assert public == [{"index": 0, "question": "Q", "options": ["a", "b"], "multiple": False}]


@pytest.mark.parametrize(
    "bad",
    [
        [{"question": "Q", "options": ["only one"], "answer": 0}],
        [{"question": "Q", "options": ["a", "b"], "answer": 2}],
        [{"question": "", "options": ["a", "b"], "answer": 0}],
        [{"question": "Q", "options": ["a", "b"], "answer": 0, "extra": 1}],
        [{"question": "Q", "options": ["a", "b"], "correct": []}],
        [{"question": "Q", "options": ["a", "b"], "correct": [0, 0]}],
        [{"question": "Q", "options": ["a", " "], "correct": [0]}],
        [{"question": "Q", "options": ["a"] * 7, "correct": [0]}],
        [{"question": "Q" * 501, "options": ["a", "b"], "correct": [0]}],
        [{"question": "Q", "options": ["a", "b"], "correct": [0]}] * 21,
    ],
)
def test_a_malformed_quiz_is_refused(bad):
    with pytest.raises((ValidationError, ValueError)):
        quiz_parse(bad)


def test_the_shipped_literacy_module_has_a_valid_quiz_in_both_languages():
    module = next(m for t in load_tracks() for m in t.modules if m.key == "literacy_basics")
    for language in ("nl", "en"):
        assert len(quiz_parse([q.get(language) for q in module.quiz])) == 4


def test_every_skill_a_shipped_module_names_is_in_the_strategy_catalogue():
    from koers.strategy.skills.loader import load_catalogue

    known = set(load_catalogue().keys())
    named = {s for t in load_tracks() for m in t.modules for s in m.skills}
    assert named and named <= known
