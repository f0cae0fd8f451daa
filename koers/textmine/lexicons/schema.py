"""The risk lexicon file (``risk.json``): its schema, validation and loading.

The file is checked whole when it is loaded: only the known areas, each with a label and
non-empty lists of valid, distinct terms (the term syntax is :func:`.syntax.compile_term`'s, the
pre-screen's own parser), no unknown fields and no repeated keys. A file that breaks a rule is
refused with a :class:`LexiconError` naming the place (``areas.migration.strong``) and the term.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from koers.textmine.lexicons.syntax import Atom, compile_term

# The areas a use case may be flagged in, in the order the pre-screen reports them. They are keys
# other code relies on: koers.backlog.selectors.prescreen gives each a translated label and
# koers.triage.rules.suggest maps them to Annex III, so the file can neither add nor drop one.
HIGH_IMPACT_AREAS: tuple[str, ...] = (
    "rights",
    "biometrics",
    "critical_infrastructure",
    "education",
    "employment",
    "essential_services",
    "finance",
    "law_enforcement",
    "migration",
    "justice",
    "health",
    "safety",
)
RESOURCE = "risk.json"


class LexiconError(ValueError):
    """The lexicon file is not valid JSON or breaks the schema."""


def _check_terms(terms: tuple[str, ...]) -> tuple[str, ...]:
    if not terms:
        raise ValueError("no terms")
    seen: dict[tuple[Atom, ...], str] = {}
    for term in terms:
        if term != term.strip():
            raise ValueError(f"term {term!r} has leading or trailing spaces")
        atoms = compile_term(term)  # ValueError naming the term when its syntax is wrong
        if atoms in seen:
            same = "" if seen[atoms] == term else f" (the same as {seen[atoms]!r})"
            raise ValueError(f"term {term!r} is repeated{same}")
        seen[atoms] = term
    return terms


Terms = Annotated[tuple[str, ...], AfterValidator(_check_terms)]
Text = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Area(_Model):
    label: Text
    note: str = ""  # why these terms: the legal source, a term that needs explaining
    strong: Terms  # flag the area on their own
    context: Terms  # flag the area only near a people and a decision cue


class Group(_Model):
    note: str = ""
    terms: Terms


class LabelledGroup(Group):
    label: Text


class RiskLexiconFile(_Model):
    """The layout of ``risk.json``."""

    about: tuple[str, ...] = ()  # documentation only
    term_syntax: dict[str, str] = {}  # documentation only
    areas: dict[str, Area]
    neutral: Group
    people: Group
    decision: Group
    personal_data: LabelledGroup
    special_category: LabelledGroup

    @field_validator("areas")
    @classmethod
    def _known_areas(cls, areas: dict[str, Area]) -> dict[str, Area]:
        for key in areas:
            if key not in HIGH_IMPACT_AREAS:
                known = ", ".join(HIGH_IMPACT_AREAS)
                raise ValueError(f"unknown area {key!r} (the areas are: {known})")
        for key in HIGH_IMPACT_AREAS:
            if key not in areas:
                raise ValueError(f"area {key!r} is missing")
        return areas


@dataclass(frozen=True)
class RiskLexicon:
    """The validated lexicons, under the names of the module constants they replace."""

    AREA_LABELS: Mapping[str, str]  # every area, high-impact ones first, in the file's order
    STRONG: Mapping[str, tuple[str, ...]]  # area -> terms that flag it on their own
    CONTEXT: Mapping[str, tuple[str, ...]]  # area -> terms that need a people and decision cue
    NEUTRAL: tuple[str, ...]  # phrases inside which an area term does not count
    PEOPLE: tuple[str, ...]  # cue: the text is about people
    DECISION: tuple[str, ...]  # cue: the output drives a decision or action about them
    PERSONAL_DATA: tuple[str, ...]
    SPECIAL_CATEGORY: tuple[str, ...]


def no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise LexiconError(f"key {key!r} appears twice in one object")
        result[key] = value
    return result


def parse_risk_lexicon(text: str, source: str = RESOURCE) -> RiskLexicon:
    """Validate the file's text and return its lexicons; :class:`LexiconError` if it is wrong."""
    try:
        data = json.loads(text, object_pairs_hook=no_repeated_keys)
    except json.JSONDecodeError as error:
        raise LexiconError(f"{source}: not valid JSON: {error}") from error
    except LexiconError as error:
        raise LexiconError(f"{source}: {error}") from error
    try:
        parsed = RiskLexiconFile.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or 'the file'}: "
            + problem["msg"].removeprefix("Value error, ")
            for problem in error.errors()
        )
        raise LexiconError(f"{source}: {problems}") from error
    areas = parsed.areas
    labels = {key: area.label for key, area in areas.items()}
    labels["personal_data"] = parsed.personal_data.label
    labels["special_category"] = parsed.special_category.label
    return RiskLexicon(
        AREA_LABELS=MappingProxyType(labels),
        STRONG=MappingProxyType({key: area.strong for key, area in areas.items()}),
        CONTEXT=MappingProxyType({key: area.context for key, area in areas.items()}),
        NEUTRAL=parsed.neutral.terms,
        PEOPLE=parsed.people.terms,
        DECISION=parsed.decision.terms,
        PERSONAL_DATA=parsed.personal_data.terms,
        SPECIAL_CATEGORY=parsed.special_category.terms,
    )


@cache
def load_risk_lexicon() -> RiskLexicon:
    """The lexicons shipped in this package, validated once."""
    text = resources.files("koers.textmine.lexicons").joinpath(RESOURCE).read_text(encoding="utf-8")
    return parse_risk_lexicon(text)
