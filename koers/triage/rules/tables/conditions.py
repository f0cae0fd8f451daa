"""The language of the rules: conditions on the facts and on other tables' outcomes, and the
shapes of a rule, a table and a duty (see :mod:`koers.triage.rules.tables` for how to read them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeAlias

# ---------------------------------------------------------------------------------------------
# Conditions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Is:
    """The fact has one of these values."""

    fact: str
    values: tuple[Any, ...]
    allowed: frozenset[Any] = field(init=False, repr=False, compare=False)  # for the engine

    def __init__(self, fact: str, *values: Any) -> None:
        object.__setattr__(self, "fact", fact)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "allowed", frozenset(values))


@dataclass(frozen=True)
class Has:
    """The list fact contains at least one of these items."""

    fact: str
    items: tuple[str, ...]

    def __init__(self, fact: str, *items: str) -> None:
        object.__setattr__(self, "fact", fact)
        object.__setattr__(self, "items", items)


@dataclass(frozen=True)
class AtLeast:
    """The list fact contains at least ``count`` of its possible items."""

    fact: str
    count: int


@dataclass(frozen=True)
class NonEmpty:
    """The list fact has any item at all (for lists whose items are not a closed set)."""

    fact: str


@dataclass(frozen=True)
class Outcome:
    """Another table decided one of these values."""

    table: str
    values: tuple[Any, ...]

    def __init__(self, table: str, *values: Any) -> None:
        object.__setattr__(self, "table", table)
        object.__setattr__(self, "values", values)


@dataclass(frozen=True)
class Decided:
    """Another table was decided by one of these rules."""

    table: str
    rules: tuple[str, ...]

    def __init__(self, table: str, *rules: str) -> None:
        object.__setattr__(self, "table", table)
        object.__setattr__(self, "rules", rules)


@dataclass(frozen=True)
class All:
    parts: tuple[Condition, ...]

    def __init__(self, *parts: Condition) -> None:
        object.__setattr__(self, "parts", parts)


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]

    def __init__(self, *parts: Condition) -> None:
        object.__setattr__(self, "parts", parts)


@dataclass(frozen=True)
class Not:
    part: Condition


Condition: TypeAlias = Is | Has | AtLeast | NonEmpty | Outcome | Decided | All | AnyOf | Not

ALWAYS = All()


@dataclass(frozen=True)
class Rule:
    id: str
    when: Condition
    then: Any
    text: str  # why, in one English sentence
    source: str


@dataclass(frozen=True)
class Table:
    name: str  # the outcome it decides
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Start:
    """From when a duty applies, if ``when`` holds: the first of a duty's starts that holds
    decides. ``transition`` says what a transitional rule allows some systems; ``review`` why a
    lawyer should confirm the date (where the text is unclear, the earlier date is given)."""

    when: Condition
    on: date
    source: str
    transition: str = ""
    review: str = ""


@dataclass(frozen=True)
class Duty:
    code: str
    article: str
    summary: str
    when: Condition
    starts: tuple[Start, ...]  # the last one holds always
