"""Questions: the form's values to a question's parts and back, changing or adding one (declaring
the barrier it measures), deleting and moving it."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from koers.diagnostic.instruments.edit.common import LANGUAGES, Definition, _fail
from koers.diagnostic.instruments.edit.definition import find_question, find_section, question_ids
from koers.diagnostic.instruments.edit.texts import (
    format_lines,
    make_id,
    optional_text,
    options_from,
    parse_lines,
    text,
)
from koers.diagnostic.instruments.loader import load_default_scan
from koers.diagnostic.instruments.schema import BARRIER_IDS


def question_fields(kind: str, values: Mapping[str, Any]) -> Definition:
    """The parts of a question of type ``kind`` that the form edits, from the form's values.
    Options, rows and scale points come as lines of ``Nederlands | English``."""
    fields: Definition = {
        "type": kind,
        "text": text(values["text_nl"], values["text_en"]),
        "help": optional_text(values.get("help_nl", ""), values.get("help_en", "")),
        "required": bool(values.get("required")),
    }
    if kind in ("likert5", "likert7"):
        fields["barrier"] = values.get("barrier") or None
        fields["reverse"] = bool(values.get("reverse"))
        fields["motivation"] = bool(values.get("motivation"))
        fields["dont_know"] = bool(values.get("dont_know"))
    elif kind in ("single", "multiple"):
        fields["options"] = parse_lines(values.get("options", ""), field="options")
        if kind == "single":
            fields["evangelist_opt_in"] = bool(values.get("evangelist_opt_in"))
    elif kind == "matrix":
        fields["rows"] = parse_lines(values.get("rows", ""), field="rows")
        fields["scale"] = parse_lines(values.get("scale", ""), field="scale")
    elif kind == "scale10":
        fields["low_label"] = text(values["low_label_nl"], values["low_label_en"])
        fields["high_label"] = text(values["high_label_nl"], values["high_label_en"])
    elif kind == "text":
        fields["max_length"] = int(values.get("max_length") or 2000)
        fields["destination"] = values.get("destination") or None
    else:
        raise _fail("", "unknown_type", kind)
    return fields


def question_values(question: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values for a stored question: the inverse of ``question_fields``."""
    values: dict[str, Any] = {"required": question.get("required", True)}
    for part in ("text", "help", "low_label", "high_label"):
        for language in LANGUAGES:
            found = question.get(part)
            values[f"{part}_{language}"] = found[language] if found else ""
    for flag in ("reverse", "motivation", "dont_know", "evangelist_opt_in"):
        values[flag] = bool(question.get(flag, False))
    values["barrier"] = question.get("barrier") or ""
    values["destination"] = question.get("destination") or ""
    values["max_length"] = question.get("max_length", 2000)
    for part in ("options", "rows"):
        values[part] = format_lines(o["label"] for o in question.get(part, ()))
    values["scale"] = format_lines(question.get("scale", ()))
    return values


def question_save(
    definition: Mapping[str, Any],
    *,
    fields: Mapping[str, Any],
    question_id: str | None = None,
    section_id: str | None = None,
) -> tuple[Definition, str]:
    """Change a question (``question_id``; its id and type stay) or add one at the end of a
    section (``section_id``) with an id made from its English text; the question's id. A barrier
    a Likert item measures is declared with Koers's own name and actions if it was not yet."""
    changed = copy.deepcopy(dict(definition))
    parts: Definition = copy.deepcopy(dict(fields))
    if question_id is None:
        if section_id is None:
            raise _fail("", "not_found")
        questions = changed["sections"][find_section(changed, section_id)]["questions"]
        previous: Definition = {
            "id": make_id(parts["text"]["en"], question_ids(changed), fallback="question")
        }
        questions.append(previous)
    else:
        s, q = find_question(changed, question_id)
        previous = changed["sections"][s]["questions"][q]
        if previous["type"] != parts["type"]:
            raise _fail("", "type_changed", question_id)
    first_id = "yes" if parts.get("evangelist_opt_in") else None
    for part in ("options", "rows"):
        if part in parts:
            parts[part] = options_from(
                parts[part],
                previous.get(part, ()),
                first_id=first_id if part == "options" else None,
            )
    previous.update(parts)
    for key in [k for k, v in previous.items() if v is None]:
        del previous[key]
    if previous.get("barrier"):
        changed = _with_barrier(changed, previous["barrier"])
    return changed, previous["id"]


def _with_barrier(definition: Definition, barrier: str) -> Definition:
    if barrier in BARRIER_IDS and barrier not in {b["id"] for b in definition["barriers"]}:
        shipped = next(b for b in load_default_scan().barriers if b.id == barrier)
        taken = {a["id"] for b in definition["barriers"] for a in b["actions"]}
        declared = shipped.model_dump(mode="json")
        for action in declared["actions"]:
            action["id"] = make_id(action["id"], taken, fallback="action")
            taken.add(action["id"])
        definition["barriers"].append(declared)
        order = {b: n for n, b in enumerate(BARRIER_IDS)}
        definition["barriers"].sort(key=lambda b: order[b["id"]])
    return definition


def question_delete(definition: Mapping[str, Any], question_id: str) -> Definition:
    changed = copy.deepcopy(dict(definition))
    s, q = find_question(changed, question_id)
    if len(changed["sections"][s]["questions"]) == 1:
        raise _fail("", "section_empty", changed["sections"][s]["id"])
    del changed["sections"][s]["questions"][q]
    return changed


def question_move(definition: Mapping[str, Any], question_id: str, step: int) -> Definition:
    """One place up (``step`` -1) or down (+1); past the edge of its section into the end of the
    previous or the start of the next section, as long as its own section keeps a question."""
    changed = copy.deepcopy(dict(definition))
    sections = changed["sections"]
    s, q = find_question(changed, question_id)
    questions = sections[s]["questions"]
    to = q + (1 if step > 0 else -1)
    if 0 <= to < len(questions):
        questions[q], questions[to] = questions[to], questions[q]
        return changed
    neighbour = s + (1 if step > 0 else -1)
    if not 0 <= neighbour < len(sections):
        return changed
    if len(questions) == 1:
        raise _fail("", "section_empty", sections[s]["id"])
    moved = questions.pop(q)
    if step > 0:
        sections[neighbour]["questions"].insert(0, moved)
    else:
        sections[neighbour]["questions"].append(moved)
    return changed
