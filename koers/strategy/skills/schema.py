"""The shape of a skills catalogue, checked on load: skills with stable snake_case keys, each with
one line per level (0 none to 4 expert) in Dutch and English."""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

LEVELS = range(0, 5)  # 0 none, 1 aware, 2 user, 3 skilled, 4 expert
TOP_LEVEL = LEVELS[-1]
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
Key = Annotated[str, StringConstraints(pattern=SNAKE_CASE.pattern, max_length=64)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Language = Literal["nl", "en"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Frozen):
    """One piece of text in both languages; neither may be blank."""

    nl: Line
    en: Line

    def in_language(self, language: str) -> str:
        return self.nl if language == "nl" else self.en


class Skill(_Frozen):
    key: Key
    name: Text
    description: Text
    # One line per level, from 0 (none) to 4 (expert): what someone at that level can do.
    levels: tuple[Text, ...] = Field(min_length=len(LEVELS), max_length=len(LEVELS))
    # The level a department needs unless its leaders set another.
    default_needed: int = Field(ge=LEVELS[0], le=TOP_LEVEL)


class Catalogue(_Frozen):
    version: int = Field(ge=1)
    skills: tuple[Skill, ...] = Field(min_length=1, max_length=40)

    @model_validator(mode="after")
    def _keys_once(self) -> Catalogue:
        twice = [key for key, n in Counter(s.key for s in self.skills).items() if n > 1]
        if twice:
            raise ValueError(f"skill keys must be unique, repeated: {', '.join(sorted(twice))}")
        return self

    def keys(self) -> list[str]:
        return [skill.key for skill in self.skills]
