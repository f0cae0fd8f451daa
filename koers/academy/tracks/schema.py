"""The shape of a shipped track: modules with goals, materials, hours and an assessment."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

Language = Literal["nl", "en"]
TrackKind = Literal["leadership", "evangelist", "employee", "literacy"]
Assessment = Literal["attendance", "assignment", "quiz"]
# The evangelist track's levels, lowest first.
LEVELS = ("foundation", "practitioner", "trainer", "champions")
Level = Literal["", "foundation", "practitioner", "trainer", "champions"]


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    nl: str = Field(min_length=1, max_length=2000)
    en: str = Field(min_length=1, max_length=2000)

    def get(self, language: str) -> str:
        return self.nl if language == "nl" else self.en


class MaterialSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: Text
    url: HttpUrl


class QuestionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    question: Text
    options: tuple[Text, ...] = Field(min_length=2, max_length=6)
    answer: int = Field(ge=0)

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> QuestionSpec:
        if self.answer >= len(self.options):
            raise ValueError("the answer must be one of the options")
        return self

    def get(self, language: str) -> dict[str, object]:
        """The question as a module stores it (see ``koers.academy.quiz``)."""
        return {
            "question": self.question.get(language),
            "options": [o.get(language) for o in self.options],
            "correct": [self.answer],
        }


class ModuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str = Field(pattern=r"^[a-z0-9_]{2,60}$")
    title: Text
    goals: Text
    hours: float = Field(gt=0, le=200)
    assessment: Assessment
    level: Level = ""
    barrier: str = ""  # a barrier of the readiness scan (the leadership track)
    calibration: tuple[str, ...] = ()  # statements of the calibration quiz this module covers
    materials: tuple[MaterialSpec, ...] = ()
    # Keys of the Strategy app's skills catalogue (koers/strategy/skills) this module trains.
    skills: tuple[str, ...] = ()
    quiz: tuple[QuestionSpec, ...] = Field(default=(), max_length=20)

    @model_validator(mode="after")
    def _quiz_only_for_a_quiz(self) -> ModuleSpec:
        if self.quiz and self.assessment != "quiz":
            raise ValueError(f"{self.key}: only a module assessed by a quiz has questions")
        return self


class TrackSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str = Field(pattern=r"^[a-z0-9_]{2,60}$")
    kind: TrackKind
    title: Text
    description: Text
    modules: tuple[ModuleSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _modules_fit_the_track(self) -> TrackSpec:
        keys = [m.key for m in self.modules]
        if len(set(keys)) != len(keys):
            raise ValueError(f"track {self.key}: module keys repeat")
        for module in self.modules:
            if (self.kind == "evangelist") != bool(module.level):
                raise ValueError(f"{module.key}: only the evangelist track's modules have a level")
        return self


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    tracks: tuple[TrackSpec, ...] = Field(min_length=1)
