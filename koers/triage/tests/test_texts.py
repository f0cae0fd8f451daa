"""Every question, help text and option of the engine's questionnaire has a translatable text."""

from __future__ import annotations

from koers.triage.display import NOTES, OBLIGATIONS
from koers.triage.rules import questions as engine_questions
from koers.triage.rules.tables.duties import DUTIES
from koers.triage.texts import HELP, LABELS, OPTIONS, questions


def test_it_translates_every_question_and_its_help():
    keys = [question.key for question in engine_questions.QUESTIONS]
    assert set(keys) <= set(LABELS) and set(keys) <= set(HELP)


def test_it_translates_every_option():
    for key, question in questions().items():
        if question.kind != "bool":
            assert set(question.values) <= set(OPTIONS[key]), key


def test_it_translates_every_obligation():
    assert {duty.code for duty in DUTIES} <= set(OBLIGATIONS)


def test_it_translates_every_transitional_rule_and_reason_for_legal_review():
    notes = {
        n for duty in DUTIES for start in duty.starts for n in (start.transition, start.review)
    }
    assert notes - {""} <= set(NOTES)
