"""The instrument schema accepts every question type and refuses what would break a scan."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from koers.diagnostic.instruments.schema import (
    BARRIER_IDS,
    Calibration,
    Instrument,
    Likert5Question,
    Likert7Question,
)


def text(word):
    return {"nl": f"{word} (nl)", "en": f"{word} (en)"}


def options(*ids):
    return [{"id": i, "label": text(i)} for i in ids]


def barrier(barrier_id):
    action = {"id": f"act_{barrier_id}", "text": text("act"), "module": "voice"}
    return {"id": barrier_id, "name": text(barrier_id), "actions": [action]}


QUESTIONS = [
    {"id": "l5", "type": "likert5", "text": text("l5"), "barrier": "other_priorities"},
    {"id": "l5_rev", "type": "likert5", "text": text("r"), "barrier": "other_priorities",
     "reverse": True, "dont_know": True},
    {"id": "l7", "type": "likert7", "text": text("l7"), "motivation": True},
    {"id": "one", "type": "single", "text": text("one"), "options": options("a", "b")},
    {"id": "many", "type": "multiple", "text": text("many"), "options": options("a", "b", "c"),
     "help": text("help"), "required": False},
    {"id": "grid", "type": "matrix", "text": text("grid"), "rows": options("r1", "r2"),
     "scale": [text("low"), text("mid"), text("high")]},
    {"id": "ten", "type": "scale10", "text": text("ten"), "low_label": text("0"),
     "high_label": text("10")},
    {"id": "free", "type": "text", "text": text("free"), "destination": "voice"},
    {"id": "helper", "type": "single", "text": text("help"), "options": options("yes", "no"),
     "required": False, "evangelist_opt_in": True},
]  # fmt: skip

VALID = {
    "id": "custom",
    "version": 1,
    "title": text("title"),
    "intro": text("intro"),
    "barriers": [barrier("other_priorities")],
    "sections": [{"id": "all", "title": text("all"), "questions": QUESTIONS}],
}


def changed(**edits):
    data = copy.deepcopy(VALID)
    for path, value in edits.items():
        target = data
        *parents, last = path.split("__")
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[last] = value
    return data


def test_it_accepts_every_question_type():
    instrument = Instrument.model_validate(VALID)
    assert [q.type for q in instrument.questions()] == [q["type"] for q in QUESTIONS]


def test_it_gives_likert_items_a_default_agree_scale():
    instrument = Instrument.model_validate(VALID)
    l5, _, l7 = list(instrument.likert_questions())
    assert isinstance(l5, Likert5Question) and len(l5.labels) == 5
    assert isinstance(l7, Likert7Question) and len(l7.labels) == 7
    assert l5.labels[-1].en == "Strongly agree"


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        ({"sections__0__questions__1__id": "l5"}, "duplicate question id"),
        ({"sections": [{"id": "a", "title": text("a"), "questions": QUESTIONS[:1]},
                       {"id": "b", "title": text("b"), "questions": QUESTIONS[:1]}]},
         "duplicate question id"),
        ({"sections__0__questions__3__options": options("a", "a")}, "duplicate option"),
        ({"sections__0__questions__5__rows": options("r", "r")}, "duplicate row"),
        ({"title": {"nl": "Titel", "en": "  "}}, "at least 1 character"),
        ({"intro": {"nl": "Alleen Nederlands"}}, "Field required"),
        ({"sections__0__questions__0__barrier": "bad_weather"}, "Input should be"),
        ({"sections__0__questions__0__barrier": "talent_shortage"}, "is not declared"),
        ({"sections__0__questions__0__labels": [text("a"), text("b")]}, "needs 5 labels"),
        ({"sections__0__questions__2__barrier": "other_priorities"}, "not both"),
        ({"sections__0__questions__3__id": "Single Choice"}, "String should match pattern"),
        ({"sections__0__questions__8__required": True}, "cannot be required"),
        ({"sections__0__questions__8__options": options("ja", "nee")}, "'yes'"),
        ({"sections__0__questions__0__wording": text("typo")}, "Extra inputs"),
        ({"barriers__0__actions__0__module": "intranet"}, "Input should be"),
        ({"barriers__0__actions": []}, "at least 1 item"),
    ],
)  # fmt: skip
def test_it_refuses(edits, message):
    with pytest.raises(ValidationError, match=message):
        Instrument.model_validate(changed(**edits))


def test_it_refuses_a_second_opt_in_question():
    second = dict(QUESTIONS[-1], id="helper_again")
    with pytest.raises(ValidationError, match="at most one"):
        Instrument.model_validate(changed(sections__0__questions=[*QUESTIONS, second]))


def test_full_coverage_needs_every_barrier_with_three_or_four_items():
    instrument = Instrument.model_validate(VALID)
    with pytest.raises(ValueError, match="not declared"):
        instrument.check_full_coverage()

    items = [
        {"id": f"{b}_{n}", "type": "likert5", "text": text(f"{b} {n}"), "barrier": b}
        for b in BARRIER_IDS
        for n in range(3)
    ]
    full = changed(
        barriers=[barrier(b) for b in BARRIER_IDS],
        sections=[{"id": "all", "title": text("all"), "questions": items}],
    )
    Instrument.model_validate(full).check_full_coverage()

    full["sections"][0]["questions"] = items[1:]
    with pytest.raises(ValueError, match="3-4 items"):
        Instrument.model_validate(full).check_full_coverage()


@pytest.mark.parametrize(
    ("question", "answer", "strength"),
    [(0, 5, 5), (0, 1, 1), (1, 5, 1), (1, 2, 4)],
)
def test_reverse_coded_items_turn_agreement_into_a_weaker_barrier(question, answer, strength):
    item = list(Instrument.model_validate(VALID).likert_questions())[question]
    assert item.barrier_strength(answer) == strength


def test_an_answer_off_the_scale_is_refused():
    item = next(Instrument.model_validate(VALID).likert_questions())
    with pytest.raises(ValueError, match=r"outside 1\.\.5"):
        item.barrier_strength(6)


def test_a_calibration_refuses_duplicate_statements():
    statement = {
        "id": "same",
        "text": text("s"),
        "answer": True,
        "source": text("src"),
        "as_of": "2025-10-01",
    }
    data = {
        "id": "quiz",
        "version": 1,
        "title": text("t"),
        "intro": text("i"),
        "statements": [statement] * 15,
    }
    with pytest.raises(ValidationError, match="duplicate statement id"):
        Calibration.model_validate(data)
