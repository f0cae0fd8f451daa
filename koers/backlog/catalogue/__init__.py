"""The starter catalogue: twenty common GenAI workplace uses with their real peer adoption.

A pure module (no Django): the shipped ``starter.json``, its pydantic model and the counting that
``scripts/build_starter_catalogue.py`` uses to derive the adoption figures from the source CSV.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

STARTER_PATH = Path(__file__).with_name("starter.json")
LANGUAGES = ("en", "nl")
KEY_PATTERN = r"^[a-z][a-z0-9_]{1,40}$"


class Texts(BaseModel):
    """One text in every language Koers speaks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str = Field(min_length=3, max_length=600)
    nl: str = Field(min_length=3, max_length=600)

    def get(self, language: str) -> str:
        return self.nl if language.startswith("nl") else self.en


class StarterUse(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=KEY_PATTERN)
    title: Texts
    description: Texts
    source_text: str = Field(min_length=3, description="The use as the source CSV words it.")
    using: int = Field(ge=0, description="Agencies that answered Y.")
    answering: int = Field(ge=1, description="Agencies that answered Y or N.")

    @model_validator(mode="after")
    def _using_within_answering(self) -> StarterUse:
        if self.using > self.answering:
            raise ValueError(f"{self.key}: {self.using} using of only {self.answering} answering")
        return self


class StarterCatalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(min_length=3)
    source_file: str = Field(min_length=3)
    uses: tuple[StarterUse, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_keys(self) -> StarterCatalogue:
        keys = [use.key for use in self.uses]
        if len(keys) != len(set(keys)):
            raise ValueError("the keys of the uses must be unique")
        return self

    def find(self, key: str) -> StarterUse | None:
        return next((use for use in self.uses if use.key == key), None)


@cache
def starter_catalogue() -> StarterCatalogue:
    """The shipped catalogue (read once per process)."""
    return StarterCatalogue.model_validate_json(STARTER_PATH.read_text(encoding="utf-8"))


def normalised_use(text: str) -> str:
    """The CSV's wording of a use, without the stray spaces some rows carry."""
    return re.sub(r"\s+", " ", text).strip().rstrip(".").casefold()


@dataclass(frozen=True)
class Adoption:
    using: int
    answering: int


@dataclass(frozen=True)
class Tally:
    adoption: dict[str, Adoption]
    skipped_rows: int


USE_COLUMN = "AI Use Case"
ANSWER_COLUMN = "Agency Use (Y/N)?"
AGENCY_COLUMN = "Agency"


def tally_adoption(rows: Iterable[Sequence[str]]) -> Tally:
    """Per use (normalised wording): how many agencies answered Y, of those that answered Y or N.

    ``rows`` are CSV rows, the header first. A row without an agency, a use or a clean Y/N answer
    is skipped and counted; an agency counts once per use (its first clean answer)."""
    iterator = iter(rows)
    header = [cell.strip().lstrip("\ufeff") for cell in next(iterator, [])]
    try:
        agency_at, use_at, answer_at = (
            header.index(name) for name in (AGENCY_COLUMN, USE_COLUMN, ANSWER_COLUMN)
        )
    except ValueError as error:
        raise ValueError(f"the CSV lacks a column: {error}") from None
    seen: set[tuple[str, str]] = set()
    using: dict[str, int] = {}
    answering: dict[str, int] = {}
    skipped = 0
    for row in iterator:
        if len(row) <= max(agency_at, use_at, answer_at):
            skipped += 1
            continue
        agency, use = row[agency_at].strip(), normalised_use(row[use_at])
        answer = row[answer_at].strip().upper()
        if not agency or not use or answer not in ("Y", "N") or (agency, use) in seen:
            skipped += 1
            continue
        seen.add((agency, use))
        answering[use] = answering.get(use, 0) + 1
        using[use] = using.get(use, 0) + (answer == "Y")
    return Tally(
        adoption={use: Adoption(using[use], answering[use]) for use in answering},
        skipped_rows=skipped,
    )


def tally_file(path: Path) -> Tally:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return tally_adoption(csv.reader(handle))


def catalogue_json(catalogue: StarterCatalogue) -> str:
    return json.dumps(catalogue.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
