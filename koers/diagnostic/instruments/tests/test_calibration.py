"""The leadership calibration quiz: dated statements, honestly balanced between true and false."""

from __future__ import annotations

import pytest

from koers.core import clock
from koers.diagnostic.instruments import load_calibration
from koers.diagnostic.instruments.schema import SNAKE_CASE
from koers.diagnostic.instruments.tests.walk import texts_in


@pytest.fixture(scope="module")
def quiz():
    return load_calibration()


def test_it_has_twenty_statements(quiz):
    assert len(quiz.statements) == 20


def test_about_forty_percent_are_false_so_always_true_does_not_score(quiz):
    assert 0.35 <= quiz.false_share <= 0.45


def test_true_and_false_are_mixed_not_blocked(quiz):
    answers = [s.answer for s in quiz.statements]
    assert answers[: len(answers) // 2].count(False) >= 3
    assert answers[len(answers) // 2 :].count(False) >= 3


def test_every_statement_completes_genai_can_already(quiz):
    assert all(s.text.en.startswith("GenAI can already ") for s in quiz.statements)
    assert all(s.text.nl.startswith("GenAI kan nu al ") for s in quiz.statements)


def test_every_statement_is_dated_and_not_in_the_future(quiz):
    today = clock.today()
    assert all(s.as_of <= today for s in quiz.statements)


def test_every_statement_names_its_source_in_words(quiz):
    for statement in quiz.statements:
        assert len(statement.source.en.split()) >= 5
        assert "http" not in statement.source.en + statement.source.nl


def test_ids_are_unique_snake_case(quiz):
    ids = [s.id for s in quiz.statements]
    assert len(set(ids)) == len(ids)
    assert all(SNAKE_CASE.match(i) for i in ids)


def test_its_dutch_and_english_are_complete_and_not_copies(quiz):
    texts = texts_in(quiz)
    assert all(t.nl.strip() and t.en.strip() for t in texts)
    assert [t for t in texts if t.nl == t.en] == []
