"""Checking an edited definition with the schema, its problems put on the form fields of what was
edited (the ``focus``) or on the form as a whole."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from koers.diagnostic.instruments.edit.common import (
    LANGUAGES,
    QUESTION_TYPES,
    EditError,
    Loc,
    Problem,
)
from koers.diagnostic.instruments.edit.definition import find_question, find_section
from koers.diagnostic.instruments.schema import Instrument

# The schema's own checks across fields, by the words of their message.
_RULES = (
    ("duplicate", "", "duplicate"),
    ("cannot be required", "required", "opt_in_required"),
    ("needs an option with id 'yes'", "options", "opt_in_yes"),
    ("at most one evangelist opt-in", "evangelist_opt_in", "one_opt_in"),
    ("a barrier or motivation, not both", "motivation", "barrier_and_motivation"),
    ("only an item that measures something", "reverse", "reverse_needs_measure"),
    ("is not declared", "barrier", "barrier_undeclared"),
)
_LINES = ("options", "rows", "scale")
_TEXTS = ("text", "help", "low_label", "high_label", "title", "intro")


def check(definition: Mapping[str, Any], *, focus: Loc = ()) -> Instrument:
    """The definition as the schema reads it, or ``EditError``: the problems inside ``focus``
    (the location of what was edited, e.g. ``("sections", 1, "questions", 0)``) on their form
    fields, the others on the form as a whole."""
    try:
        return Instrument.model_validate(definition)
    except ValidationError as error:
        errors = error.errors()
        locs = [tuple(e["loc"]) for e in errors]
        problems = [
            _problem(loc, e["type"], e["msg"], e.get("ctx") or {}, focus)
            for loc, e in zip(locs, errors, strict=True)
            if not _follows_from_another(loc, e["type"], locs)
        ]
        raise EditError(list(dict.fromkeys(problems))) from None


def _follows_from_another(loc: Loc, kind: str, locs: Sequence[Loc]) -> bool:
    """A list left too short only because one of its items failed (pydantic drops it)."""
    return kind == "too_short" and any(len(o) > len(loc) and o[: len(loc)] == loc for o in locs)


def _problem(loc: Loc, kind: str, message: str, context: Mapping[str, Any], focus: Loc) -> Problem:
    inside = loc[: len(focus)] == focus
    rest = loc[len(focus) :] if inside else ()
    if focus and len(focus) >= 4 and rest[:1] and rest[0] in QUESTION_TYPES:
        rest = rest[1:]  # the schema names the question type after the question's place
    for words, field, code in _RULES:
        if words in message:
            # A rule across the whole instrument (loc ``()``) still concerns what was edited.
            on_field = field if inside or not loc else ""
            return Problem(on_field, code, message if code == "duplicate" else "")
    if rest == ("questions",) or loc[-1:] == ("questions",):
        return Problem("", "section_empty")
    if not inside:
        return Problem("", "invalid", message)
    if rest[:1] and rest[0] in _LINES:
        if kind == "too_short":
            return Problem(str(rest[0]), "too_few", str(context.get("min_length", "")))
        if kind == "too_long":
            return Problem(str(rest[0]), "too_many", str(context.get("max_length", "")))
        return Problem(str(rest[0]), "invalid", message)
    if len(rest) == 2 and rest[0] in _TEXTS and rest[1] in LANGUAGES:
        return Problem(f"{rest[0]}_{rest[1]}", "blank" if kind == "string_too_short" else "invalid")
    if rest[:1] == ("max_length",):
        return Problem("max_length", "invalid", message)
    return Problem("", "invalid", message)


def focus_of_question(definition: Mapping[str, Any], question_id: str) -> Loc:
    s, q = find_question(definition, question_id)
    return ("sections", s, "questions", q)


def focus_of_section(definition: Mapping[str, Any], section_id: str) -> Loc:
    return ("sections", find_section(definition, section_id))
