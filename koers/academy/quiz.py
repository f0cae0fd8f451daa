"""A module's short quiz: its validated shape and the grading. A pure core: no Django.

A quiz is a few multiple-choice questions stored on the module as JSON:
``[{"question": "...", "options": ["...", "..."], "correct": [0]}, ...]`` (``correct`` holds the
indexes of the right options: one or more). Quizzes stored before a question could have several
right options name the single one as ``"answer": 0``; that still reads. A question is answered
right when exactly its right options are chosen. Whoever answers at least ``PASS_MARK`` of the
questions right passes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

PASS_MARK = 0.7
MAX_QUESTIONS = 20
MIN_OPTIONS = 2
MAX_OPTIONS = 6
MAX_QUESTION_CHARS = 500
MAX_OPTION_CHARS = 300


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    options: tuple[str, ...] = Field(min_length=MIN_OPTIONS, max_length=MAX_OPTIONS)
    correct: tuple[int, ...] = Field(min_length=1, max_length=MAX_OPTIONS)

    @model_validator(mode="before")
    @classmethod
    def _single_answer_of_old(cls, data: Any) -> Any:
        """A question stored as ``"answer": i`` has the one right option ``i``."""
        if isinstance(data, Mapping) and "answer" in data and "correct" not in data:
            data = {**{k: v for k, v in data.items() if k != "answer"}, "correct": [data["answer"]]}
        return data

    @model_validator(mode="after")
    def _correct_are_options(self) -> Question:
        if not self.question.strip():
            raise ValueError("every question needs a text")
        if any(not option.strip() or len(option) > MAX_OPTION_CHARS for option in self.options):
            raise ValueError(f"every option needs a text of at most {MAX_OPTION_CHARS} characters")
        if len(set(self.correct)) != len(self.correct):
            raise ValueError("an option is marked right twice")
        if any(not 0 <= i < len(self.options) for i in self.correct):
            raise ValueError("a right answer must be one of the options")
        return self

    @property
    def multiple(self) -> bool:
        """Whether more than one option is right (the form then offers checkboxes)."""
        return len(self.correct) > 1

    def stored(self) -> dict[str, Any]:
        """The question as a module stores it."""
        return {
            "question": self.question.strip(),
            "options": [o.strip() for o in self.options],
            "correct": sorted(self.correct),
        }


_QUESTIONS = TypeAdapter(tuple[Question, ...])


def quiz_parse(data: Any) -> tuple[Question, ...]:
    """The questions of stored quiz data; ValueError (pydantic's) when it is not a valid quiz."""
    questions = _QUESTIONS.validate_python(data or [])
    if len(questions) > MAX_QUESTIONS:
        raise ValueError(f"a quiz has at most {MAX_QUESTIONS} questions")
    return questions


def quiz_store(questions: Sequence[Question]) -> list[dict[str, Any]]:
    """The JSON a module stores for these questions (in the current shape)."""
    return [q.stored() for q in questions]


def quiz_public(questions: Sequence[Question]) -> list[dict[str, Any]]:
    """The questions as someone taking the quiz sees them: without which options are right."""
    return [
        {"index": i, "question": q.question, "options": list(q.options), "multiple": q.multiple}
        for i, q in enumerate(questions)
    ]


@dataclass(frozen=True)
class Grade:
    right: int
    total: int

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        return self.total > 0 and self.share >= PASS_MARK


def quiz_grade(
    questions: Sequence[Question], answers: Mapping[int, int | Collection[int]]
) -> Grade:
    """Grade answers (question index → the option, or options, chosen): a question is right when
    exactly its right options are chosen; an unanswered question counts as wrong."""
    right = 0
    for i, q in enumerate(questions):
        given = answers.get(i)
        chosen = {given} if isinstance(given, int) else set(given or ())
        right += chosen == set(q.correct)
    return Grade(right, len(questions))
