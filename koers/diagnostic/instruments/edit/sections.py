"""Sections: changing or adding one (with a starter question), deleting and moving it."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from koers.diagnostic.instruments.edit.common import Definition, _fail
from koers.diagnostic.instruments.edit.definition import (
    _starter_section,
    find_section,
    question_ids,
)
from koers.diagnostic.instruments.edit.texts import make_id


def section_save(
    definition: Mapping[str, Any],
    section_id: str | None,
    *,
    title: Mapping[str, str],
    intro: Mapping[str, str] | None,
) -> tuple[Definition, str]:
    """Change a section's title and intro, or add a section at the end (``section_id`` None)
    with one starter question; the section's id."""
    changed = copy.deepcopy(dict(definition))
    sections = changed["sections"]
    if section_id is None:
        section_id = make_id(title["en"], (s["id"] for s in sections), fallback="section")
        sections.append(_starter_section(title, intro, section_id, question_ids(changed)))
        return changed, section_id
    section = sections[find_section(changed, section_id)]
    section["title"] = dict(title)
    section.pop("intro", None)
    if intro:
        section["intro"] = dict(intro)
    return changed, section_id


def section_delete(definition: Mapping[str, Any], section_id: str) -> Definition:
    changed = copy.deepcopy(dict(definition))
    if len(changed["sections"]) == 1:
        raise _fail("", "last_section")
    del changed["sections"][find_section(changed, section_id)]
    return changed


def section_move(definition: Mapping[str, Any], section_id: str, step: int) -> Definition:
    """Move a section one place up (``step`` -1) or down (+1); at either end nothing changes."""
    changed = copy.deepcopy(dict(definition))
    sections = changed["sections"]
    at = find_section(changed, section_id)
    to = at + (1 if step > 0 else -1)
    if 0 <= to < len(sections):
        sections[at], sections[to] = sections[to], sections[at]
    return changed
