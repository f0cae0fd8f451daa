"""A module's short quiz: its validated shape and the grading. A pure core: no Django.

A quiz is a few multiple-choice questions stored on the module as JSON:
``[{"question": "...", "options": ["...", "..."], "answer": 0}, ...]`` (``answer`` is the index
of the right option). Whoever answers at least ``PASS_MARK`` of the questions right passes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

PASS_MARK = 0.7
MAX_QUESTIONS = 20


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    question: str = Field(min_length=1, max_length=500)
    options: tuple[str, ...] = Field(min_length=2, max_length=6)
    answer: int = Field(ge=0)

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> Question:
        if self.answer >= len(self.options):
            raise ValueError("the answer must be one of the options")
        if any(not option.strip() or len(option) > 300 for option in self.options):
            raise ValueError("every option needs a text of at most 300 characters")
        return self


_QUESTIONS = TypeAdapter(tuple[Question, ...])


def quiz_parse(data: Any) -> tuple[Question, ...]:
    """The questions of stored quiz data; ValueError (pydantic's) when it is not a valid quiz."""
    questions = _QUESTIONS.validate_python(data or [])
    if len(questions) > MAX_QUESTIONS:
        raise ValueError(f"a quiz has at most {MAX_QUESTIONS} questions")
    return questions


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


def quiz_grade(questions: Sequence[Question], answers: Mapping[int, int]) -> Grade:
    """Grade answers (question index → option index); an unanswered question counts as wrong."""
    right = sum(1 for i, q in enumerate(questions) if answers.get(i) == q.answer)
    return Grade(right, len(questions))
