"""The definition as a whole: a new one (with its starter question), finding a section or
question in it, and its name and introduction."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from koers.diagnostic.instruments.edit.common import Definition, _fail
from koers.diagnostic.instruments.edit.texts import make_id, text

# A new instrument or section cannot be empty (the schema wants a question in every section):
# it starts with one open question that the facilitator rewrites or replaces.
STARTER_QUESTION: dict[str, Any] = {
    "type": "text",
    "required": False,
    "text": {
        "nl": "Wil je verder nog iets kwijt over AI in je werk?",
        "en": "Is there anything else you'd like to tell us about AI in your work?",
    },
}
STARTER_INTRO = {
    "nl": "Deze vragenlijst kost een paar minuten. Je antwoorden zijn anoniem.",
    "en": "This questionnaire takes a few minutes. Your answers are anonymous.",
}
STARTER_SECTION_TITLE = {"nl": "Vragen", "en": "Questions"}


def empty_definition(name: str) -> Definition:
    """A new scan: one section with one open question, ready to be rewritten."""
    return {
        "id": make_id(name, (), fallback="scan"),
        "version": 1,
        "title": text(name, name),
        "intro": dict(STARTER_INTRO),
        "barriers": [],
        "sections": [_starter_section(STARTER_SECTION_TITLE, None, "questions", taken=())],
    }


def _starter_section(
    title: Mapping[str, str], intro: Mapping[str, str] | None, section_id: str, taken: Iterable[str]
) -> Definition:
    question = {
        "id": make_id(STARTER_QUESTION["text"]["en"], taken, fallback="question"),
        **copy.deepcopy(STARTER_QUESTION),
    }
    section: Definition = {"id": section_id, "title": dict(title), "questions": [question]}
    if intro:
        section["intro"] = dict(intro)
    return section


def question_ids(definition: Mapping[str, Any]) -> list[str]:
    return [q["id"] for s in definition["sections"] for q in s["questions"]]


def find_question(definition: Mapping[str, Any], question_id: str) -> tuple[int, int]:
    """(section index, question index) of a question; ``not_found`` when it is gone."""
    for s, section in enumerate(definition["sections"]):
        for q, question in enumerate(section["questions"]):
            if question["id"] == question_id:
                return s, q
    raise _fail("", "not_found", question_id)


def find_section(definition: Mapping[str, Any], section_id: str) -> int:
    for s, section in enumerate(definition["sections"]):
        if section["id"] == section_id:
            return s
    raise _fail("", "not_found", section_id)


def details_update(
    definition: Mapping[str, Any], *, title: Mapping[str, str], intro: Mapping[str, str]
) -> Definition:
    changed = copy.deepcopy(dict(definition))
    changed["title"] = dict(title)
    changed["intro"] = dict(intro)
    return changed
