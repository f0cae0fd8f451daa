"""The Dutch evaluation set of the backlog analysis (``data/dutch-backlog.json``), read and checked.

A fictional municipality's backlog written by hand for Koers (see ``data/README.md``): each item
is labelled with its theme, the earlier item it re-submits in other words (if any), whether it is
high impact and whether it processes personal data. ``load`` validates the file strictly, so a
broken label fails loudly instead of skewing a benchmark figure."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from koers.textmine.text import join_text

DATA_FILE = Path(__file__).parent / "data" / "dutch-backlog.json"
MIN_ITEMS = 150
TEXT_FIELDS = ("title", "problem", "solution", "benefits")


class ThemeName(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^nl-\d{3}$")
    department: str = Field(min_length=1)
    title: str = Field(min_length=1)
    problem: str = Field(min_length=1)
    solution: str
    benefits: str
    theme: str
    resubmission_of: str | None
    high_impact: bool
    personal_data: bool


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    about: str = Field(min_length=1)
    organisation: str = Field(min_length=1)
    themes: dict[str, ThemeName] = Field(min_length=1)
    items: list[Item]

    @model_validator(mode="after")
    def _labels_hang_together(self) -> _Document:
        if len(self.items) < MIN_ITEMS:
            raise ValueError(f"{len(self.items)} items; the set needs at least {MIN_ITEMS}")
        seen: dict[str, Item] = {}
        for item in self.items:
            if item.id in seen:
                raise ValueError(f"{item.id}: duplicate id")
            if item.theme not in self.themes:
                raise ValueError(f"{item.id}: unknown theme {item.theme!r}")
            original_id = item.resubmission_of
            if original_id is not None:
                original = seen.get(original_id)
                if original is None:
                    raise ValueError(
                        f"{item.id}: re-submission of {original_id!r}, which is not an earlier item"
                    )
                if original.resubmission_of is not None:
                    raise ValueError(
                        f"{item.id}: re-submission of {original_id}, itself a re-submission"
                    )
                if original.department == item.department:
                    raise ValueError(
                        f"{item.id}: re-submission from the same department as {original_id}"
                    )
                if original.theme != item.theme:
                    raise ValueError(f"{item.id}: theme differs from its original {original_id}")
            seen[item.id] = item
        return self


@dataclass(frozen=True)
class DutchSet:
    """The checked set: its items in file order and its themes (key → Dutch and English name)."""

    organisation: str
    themes: Mapping[str, ThemeName]
    items: tuple[Item, ...]

    def texts(self) -> list[str]:
        """Each item's text, its fields joined as the backlog analysis joins a use case's."""
        return [join_text(getattr(item, f) for f in TEXT_FIELDS) for item in self.items]

    def theme_labels(self) -> list[str]:
        return [item.theme for item in self.items]

    def resubmission_pairs(self) -> list[tuple[int, int]]:
        """(index of the re-submission, index of its original), in file order."""
        index = {item.id: i for i, item in enumerate(self.items)}
        return [
            (i, index[item.resubmission_of])
            for i, item in enumerate(self.items)
            if item.resubmission_of is not None
        ]

    def high_impact_labels(self) -> list[bool]:
        return [item.high_impact for item in self.items]


def parse(data: Any) -> DutchSet:
    """The set from its decoded JSON; ``ValueError`` naming the first offending item."""
    try:
        document = _Document.model_validate(data)
    except ValidationError as error:
        raise ValueError(_describe(error, data)) from None
    return DutchSet(
        organisation=document.organisation,
        themes=dict(document.themes),
        items=tuple(document.items),
    )


def load(path: Path | str | None = None) -> DutchSet:
    """The set in ``path`` (default: the one shipped with Koers)."""
    with Path(path or DATA_FILE).open(encoding="utf-8") as file:
        return parse(json.load(file))


def _describe(error: ValidationError, data: Any) -> str:
    """Pydantic's errors with each item's position replaced by its id, for a readable message."""
    lines = []
    for detail in error.errors(include_url=False):
        location = list(detail["loc"])
        if location[:1] == ["items"] and len(location) > 1 and isinstance(location[1], int):
            with contextlib.suppress(KeyError, IndexError, TypeError):
                location[1] = str(data["items"][location[1]]["id"])
        where = ".".join(str(part) for part in location)
        message = str(detail.get("ctx", {}).get("error") or detail["msg"])
        lines.append(f"{where}: {message}" if where else message)
    return "; ".join(lines)
