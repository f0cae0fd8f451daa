"""A policy version's content, as stored on ``PolicyVersion.content`` and shipped in the
templates: numbered sections of sanitised rich text, the organisation's data classes, the tools
and one cell per tool and data class (yes / no / conditional, with a condition and the section
to read). Validated with pydantic on every write; no Django here."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
SectionNumber = Annotated[str, StringConstraints(pattern=r"^\d{1,2}(\.\d{1,2}){0,2}$")]

MAX_SECTIONS = 60
MAX_SECTION_HTML = 40_000  # characters of sanitised HTML per section
MAX_TOOLS = 100
MAX_DATA_CLASSES = 12


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    CONDITIONAL = "conditional"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Section(_Frozen):
    """``number`` as the reader cites it ("4.2"); ``key`` stays the same when sections are
    renumbered, so two versions can be compared section by section."""

    key: Slug
    number: SectionNumber
    title: Label
    html: Annotated[str, StringConstraints(max_length=MAX_SECTION_HTML)] = ""


class DataClass(_Frozen):
    key: Slug
    label: Label
    description: Annotated[str, StringConstraints(max_length=500)] = ""


class Tool(_Frozen):
    key: Slug
    name: Label
    description: Annotated[str, StringConstraints(max_length=500)] = ""


class Cell(_Frozen):
    tool: Slug
    data_class: Slug
    answer: Answer
    condition: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    section: SectionNumber | None = None  # the section to read

    @model_validator(mode="after")
    def _condition_when_conditional(self) -> Cell:
        if self.answer == Answer.CONDITIONAL and not self.condition:
            raise ValueError("a conditional answer needs its condition")
        return self


class PolicyContent(_Frozen):
    language: Annotated[str, StringConstraints(pattern=r"^(nl|en)$")]
    title: Label
    sections: tuple[Section, ...] = Field(max_length=MAX_SECTIONS)
    data_classes: tuple[DataClass, ...] = Field(min_length=1, max_length=MAX_DATA_CLASSES)
    tools: tuple[Tool, ...] = Field(default=(), max_length=MAX_TOOLS)
    cells: tuple[Cell, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> PolicyContent:
        for name, keys in (
            ("section", [s.key for s in self.sections]),
            ("section number", [s.number for s in self.sections]),
            ("data class", [d.key for d in self.data_classes]),
            ("tool", [t.key for t in self.tools]),
            ("cell", [(c.tool, c.data_class) for c in self.cells]),
        ):
            if len(keys) != len(set(keys)):
                raise ValueError(f"each {name} may appear once")
        tools = {t.key for t in self.tools}
        classes = {d.key for d in self.data_classes}
        numbers = {s.number for s in self.sections}
        for cell in self.cells:
            if cell.tool not in tools or cell.data_class not in classes:
                raise ValueError(f"cell ({cell.tool}, {cell.data_class}): no such tool or class")
            if cell.section is not None and cell.section not in numbers:
                raise ValueError(f"cell ({cell.tool}, {cell.data_class}) cites no section")
        return self

    def cell(self, tool: str, data_class: str) -> Cell | None:
        """The matrix cell of a tool and data class (by key); None when not filled in."""
        for cell in self.cells:
            if cell.tool == tool and cell.data_class == data_class:
                return cell
        return None
