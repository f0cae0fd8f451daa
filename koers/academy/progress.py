"""Who completed which module when, and the level that makes. A pure core: no Django.

A module's assessment is how it is completed; the kinds are alternatives:

- ``attendance``: a session of the module that the trainer marked completed;
- ``assignment``: an assignment a trainer approved (with or without a session);
- ``quiz``: a passed quiz (with or without a session). A quiz module without questions yet is
  completed by attendance.

A level of the evangelist track is reached when every module of that level is completed and
every lower level (that has modules) is reached. The cascade (``reach.py``) is another matter: it
counts completed *sessions*, because a generation needs a trainer.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import date
from typing import TypeVar

from koers.academy.tracks.schema import LEVELS

Person = TypeVar("Person", bound=Hashable)
Module = TypeVar("Module", bound=Hashable)


def completions(
    *,
    assessment: Mapping[Module, str],
    attended: Iterable[tuple[Person, Module, date]],
    passed: Iterable[tuple[Person, Module, date]],
) -> dict[tuple[Person, Module], date]:
    """The day each person completed each module (the first day it counted). ``assessment``
    gives each module's kind (``attendance`` also for a quiz module without questions);
    ``attended`` the completed sessions, ``passed`` the approved assignments and passed quizzes."""
    done: dict[tuple[Person, Module], date] = {}

    def add(person: Person, module: Module, day: date) -> None:
        key = (person, module)
        if key not in done or day < done[key]:
            done[key] = day

    for person, module, day in attended:
        if assessment.get(module) == "attendance":
            add(person, module, day)
    for person, module, day in passed:
        if assessment.get(module) in ("assignment", "quiz"):
            add(person, module, day)
    return done


def level_reached(
    modules_by_level: Mapping[str, Iterable[Hashable]],
    completed: Iterable[Hashable],
    *,
    levels: Sequence[str] = LEVELS,
) -> str | None:
    """The highest level whose modules, and those of every lower level, are all completed. A
    level without modules neither counts nor stands in the way; None before the first level."""
    done = set(completed)
    reached = None
    for level in levels:
        modules = set(modules_by_level.get(level, ()))
        if not modules:
            continue
        if not modules <= done:
            break
        reached = level
    return reached
