"""The shape of a survey instrument and of the leadership calibration quiz, checked on load.

Everything a respondent or leader reads exists in Dutch and English, and ids are stable
snake_case so answers stored against them survive later edits of the wording.

Likert items measure a barrier in one direction: agreeing with an item means the barrier holds
*more* strongly, unless the item is ``reverse``-coded, where agreeing means it holds less
(``LikertQuestion.barrier_strength`` turns an answer into that common direction).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

# The seven usual reasons for a slow start that the method names (PRODUCT.md, seed essay).
BARRIER_IDS: tuple[str, ...] = (
    "other_priorities",
    "privacy_ethics",
    "talent_shortage",
    "data_infrastructure",
    "pace_of_change",
    "job_displacement",
    "not_good_enough",
)
BarrierId = Literal[
    "other_priorities",
    "privacy_ethics",
    "talent_shortage",
    "data_infrastructure",
    "pace_of_change",
    "job_displacement",
    "not_good_enough",
]
# The Koers module a recommended action links to.
ModuleId = Literal["voice", "academy", "policy", "backlog", "sprints", "quickwins", "strategy"]

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
Slug = Annotated[str, StringConstraints(pattern=SNAKE_CASE.pattern, max_length=64)]
NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

ITEMS_PER_BARRIER = range(3, 5)  # 3 or 4 Likert items per barrier in a full scan


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Frozen):
    """One piece of text in both languages; neither may be blank."""

    nl: NonBlank
    en: NonBlank


def text_in(text: Text | None, language: str) -> str:
    """The text in ``language`` ("nl" or "en"); "" for no text."""
    return "" if text is None else str(getattr(text, language))


def _agree_scale(*pairs: tuple[str, str]) -> tuple[Text, ...]:
    return tuple(Text(nl=nl, en=en) for nl, en in pairs)


AGREE_5 = _agree_scale(
    ("Helemaal oneens", "Strongly disagree"),
    ("Oneens", "Disagree"),
    ("Niet eens, niet oneens", "Neither agree nor disagree"),
    ("Eens", "Agree"),
    ("Helemaal eens", "Strongly agree"),
)
AGREE_7 = _agree_scale(
    ("Helemaal oneens", "Strongly disagree"),
    ("Oneens", "Disagree"),
    ("Een beetje oneens", "Somewhat disagree"),
    ("Niet eens, niet oneens", "Neither agree nor disagree"),
    ("Een beetje eens", "Somewhat agree"),
    ("Eens", "Agree"),
    ("Helemaal eens", "Strongly agree"),
)
DONT_KNOW = Text(nl="Weet ik niet", en="Don't know")


class Option(_Frozen):
    id: Slug
    label: Text


def _unique(kind: str, ids: Iterable[str]) -> None:
    duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
    if duplicates:
        raise ValueError(f"duplicate {kind} id(s): {', '.join(duplicates)}")


class _QuestionBase(_Frozen):
    id: Slug
    text: Text
    help: Text | None = None
    required: bool = True


class LikertQuestion(_QuestionBase):
    """An agree/disagree statement; measures a barrier, or motivation, or stands alone."""

    points: ClassVar[int]
    labels: tuple[Text, ...]
    barrier: BarrierId | None = None
    reverse: bool = False
    motivation: bool = False
    dont_know: bool = False
    dont_know_label: Text = DONT_KNOW

    @model_validator(mode="after")
    def _check(self) -> LikertQuestion:
        if len(self.labels) != self.points:
            raise ValueError(f"{self.id}: a {self.points}-point scale needs {self.points} labels")
        if self.barrier is not None and self.motivation:
            raise ValueError(f"{self.id}: an item measures a barrier or motivation, not both")
        if self.reverse and self.barrier is None and not self.motivation:
            raise ValueError(f"{self.id}: only an item that measures something can be reversed")
        return self

    def barrier_strength(self, value: int) -> int:
        """The answer 1..points turned so that a higher number always means a stronger barrier."""
        if not 1 <= value <= self.points:
            raise ValueError(f"{self.id}: answer {value} is outside 1..{self.points}")
        return self.points + 1 - value if self.reverse else value


class Likert5Question(LikertQuestion):
    points: ClassVar[int] = 5
    type: Literal["likert5"]
    labels: tuple[Text, ...] = AGREE_5


class Likert7Question(LikertQuestion):
    points: ClassVar[int] = 7
    type: Literal["likert7"]
    labels: tuple[Text, ...] = AGREE_7


class _ChoiceQuestion(_QuestionBase):
    options: tuple[Option, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _check_options(self) -> _ChoiceQuestion:
        _unique(f"option in {self.id}", (o.id for o in self.options))
        return self


class SingleChoiceQuestion(_ChoiceQuestion):
    type: Literal["single"]
    # The "I'd like to help colleagues with AI" question: its "yes" becomes a named nomination
    # stored apart from the (anonymous) answers, so it can never be required.
    evangelist_opt_in: bool = False

    @model_validator(mode="after")
    def _check_opt_in(self) -> SingleChoiceQuestion:
        if self.evangelist_opt_in:
            if self.required:
                raise ValueError(f"{self.id}: an opt-in question cannot be required")
            if "yes" not in {o.id for o in self.options}:
                raise ValueError(f"{self.id}: an opt-in question needs an option with id 'yes'")
        return self


class MultipleChoiceQuestion(_ChoiceQuestion):
    type: Literal["multiple"]


class MatrixQuestion(_QuestionBase):
    """Several rows rated on one shared scale (labels from low to high)."""

    type: Literal["matrix"]
    rows: tuple[Option, ...] = Field(min_length=1)
    scale: tuple[Text, ...] = Field(min_length=2, max_length=11)

    @model_validator(mode="after")
    def _check_rows(self) -> MatrixQuestion:
        _unique(f"row in {self.id}", (r.id for r in self.rows))
        return self


class Scale10Question(_QuestionBase):
    """A 0-10 rating with a label at each end."""

    type: Literal["scale10"]
    low_label: Text
    high_label: Text


class TextQuestion(_QuestionBase):
    """A free-text answer; ``destination`` says which module it feeds after the anonymity checks."""

    type: Literal["text"]
    max_length: int = Field(default=2000, ge=1, le=10_000)
    destination: Literal["voice", "backlog"] | None = None


Question = Annotated[
    Likert5Question
    | Likert7Question
    | SingleChoiceQuestion
    | MultipleChoiceQuestion
    | MatrixQuestion
    | Scale10Question
    | TextQuestion,
    Field(discriminator="type"),
]


class Section(_Frozen):
    id: Slug
    title: Text
    intro: Text | None = None
    questions: tuple[Question, ...] = Field(min_length=1)


class RecommendedAction(_Frozen):
    id: Slug
    text: Text
    module: ModuleId


class Barrier(_Frozen):
    """A barrier as the instrument names it, with what to do when it scores badly."""

    id: BarrierId
    name: Text
    actions: tuple[RecommendedAction, ...] = Field(min_length=1, max_length=2)


# How long a respondent takes, in seconds (quickest, slowest): reading a question and answering
# it. An agree/disagree statement takes 6-8 seconds; an open question is often skipped when
# optional. Plus the intro and the submit, once.
SECONDS_PER_QUESTION: dict[str, tuple[int, int]] = {
    "likert5": (6, 8),
    "likert7": (6, 8),
    "single": (6, 10),
    "multiple": (10, 20),
    "matrix": (6, 8),  # per row
    "scale10": (6, 8),
    "text": (15, 45),
    "text_required": (30, 90),
}
SECONDS_TO_START_AND_SUBMIT = 30

# An intro may name what Koers knows only when the page is shown: the organisation's anonymity
# threshold and the time the questionnaire takes, computed from its questions.
INTRO_PLACEHOLDERS = ("{k}", "{min_minutes}", "{max_minutes}")


def intro_filled(intro: str, *, k: int, minutes: tuple[int, int]) -> str:
    """The intro with its placeholders filled in; other braces are left as they are."""
    values = {"{k}": str(k), "{min_minutes}": str(minutes[0]), "{max_minutes}": str(minutes[1])}
    for placeholder in INTRO_PLACEHOLDERS:
        intro = intro.replace(placeholder, values[placeholder])
    return intro


class Instrument(_Frozen):
    id: Slug
    version: int = Field(ge=1)
    title: Text
    intro: Text
    barriers: tuple[Barrier, ...] = ()
    sections: tuple[Section, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Instrument:
        _unique("section", (s.id for s in self.sections))
        _unique("question", (q.id for q in self.questions()))
        _unique("barrier", (b.id for b in self.barriers))
        _unique("action", (a.id for b in self.barriers for a in b.actions))
        declared = {b.id for b in self.barriers}
        for question in self.likert_questions():
            if question.barrier is not None and question.barrier not in declared:
                raise ValueError(f"{question.id}: barrier {question.barrier!r} is not declared")
        if len(self.opt_in_questions()) > 1:
            raise ValueError("at most one evangelist opt-in question")
        return self

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions

    def likert_questions(self) -> Iterator[LikertQuestion]:
        return (q for q in self.questions() if isinstance(q, LikertQuestion))

    def opt_in_questions(self) -> list[SingleChoiceQuestion]:
        """The "I'd like to help colleagues" question (at most one), kept apart from answers."""
        singles = (q for q in self.questions() if isinstance(q, SingleChoiceQuestion))
        return [q for q in singles if q.evangelist_opt_in]

    def items_for(self, barrier: str) -> list[LikertQuestion]:
        return [q for q in self.likert_questions() if q.barrier == barrier]

    def barrier_coverage(self) -> dict[str, int]:
        """How many Likert items measure each of the seven barriers (0 where none)."""
        return {b: len(self.items_for(b)) for b in BARRIER_IDS}

    def seconds(self) -> tuple[int, int]:
        """How long answering takes, in seconds: (quickest, slowest)."""
        low = high = SECONDS_TO_START_AND_SUBMIT
        for question in self.questions():
            kind: str = question.type
            if isinstance(question, TextQuestion) and question.required:
                kind = "text_required"
            times = len(question.rows) if isinstance(question, MatrixQuestion) else 1
            low += times * SECONDS_PER_QUESTION[kind][0]
            high += times * SECONDS_PER_QUESTION[kind][1]
        return low, high

    def minutes(self) -> tuple[int, int]:
        """How long answering takes, in whole minutes: (at least, at most), at least one."""
        low, high = self.seconds()
        at_least = max(1, low // 60)
        return at_least, max(at_least, -(-high // 60))

    def check_full_coverage(self) -> None:
        """Raise unless every barrier is declared and measured by 3-4 items (a full scan)."""
        missing = [b for b in BARRIER_IDS if b not in {d.id for d in self.barriers}]
        if missing:
            raise ValueError(f"barrier(s) not declared: {', '.join(missing)}")
        wrong = {b: n for b, n in self.barrier_coverage().items() if n not in ITEMS_PER_BARRIER}
        if wrong:
            raise ValueError(f"each barrier needs 3-4 items; got {wrong}")


class CalibrationStatement(_Frozen):
    """A dated claim about what today's GenAI can do, with the answer and where it comes from."""

    id: Slug
    text: Text
    answer: bool
    source: Text
    as_of: datetime.date


class Calibration(_Frozen):
    id: Slug
    version: int = Field(ge=1)
    title: Text
    intro: Text
    statements: tuple[CalibrationStatement, ...] = Field(min_length=15, max_length=25)

    @model_validator(mode="after")
    def _check(self) -> Calibration:
        _unique("statement", (s.id for s in self.statements))
        return self

    @property
    def false_share(self) -> float:
        return sum(not s.answer for s in self.statements) / len(self.statements)
