"""Editing an instrument's definition: pure operations on its JSON shape, no Django.

Every operation takes a definition (``koers.diagnostic.instruments.schema.Instrument`` as
JSON), returns a changed copy and never touches its input; ``check`` then validates the whole
result with the schema, so an edit is saved whole or not at all. What goes wrong comes back as
``Problem``s: the form field it belongs to and a code the page turns into a translated message.

Ids are made from the English text (snake_case, unique in the instrument) when something is
added, and kept when it is edited, so answers stored against an id keep their meaning. Options
and matrix rows are written one per line as ``Nederlands | English``; an edited line keeps the id
of the option with the same English (or else the same Dutch) text.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from koers.diagnostic.instruments.loader import load_default_scan
from koers.diagnostic.instruments.schema import BARRIER_IDS, Instrument

Definition = dict[str, Any]
Loc = tuple[str | int, ...]

QUESTION_TYPES = ("likert5", "likert7", "single", "multiple", "matrix", "scale10", "text")
LANGUAGES = ("nl", "en")
ID_MAX_LENGTH = 40
ID_MAX_WORDS = 6
RELIABLE_ITEMS = 3  # a barrier measured by fewer items gets a less reliable score

# A new instrument or section cannot be empty (the schema wants a question in every section):
# it starts with one open question that the facilitator rewrites or replaces.
STARTER_QUESTION: dict[str, Any] = {
    "type": "text",
    "required": False,
    "text": {
        "nl": "Wil je verder nog iets kwijt over AI in je werk?",
        "en": "Is there anything else you'd like to tell us about AI in your work?",
    },
}
STARTER_INTRO = {
    "nl": "Deze vragenlijst kost een paar minuten. Je antwoorden zijn anoniem.",
    "en": "This questionnaire takes a few minutes. Your answers are anonymous.",
}
STARTER_SECTION_TITLE = {"nl": "Vragen", "en": "Questions"}


@dataclass(frozen=True)
class Problem:
    """What is wrong: ``field`` names the form field ("" for the form as a whole), ``code`` the
    kind of problem, ``detail`` an id or line number (or the schema's own words for ``invalid``)."""

    field: str
    code: str
    detail: str = ""


class EditError(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(f"{p.field or '-'}: {p.code} {p.detail}" for p in problems))
        self.problems = list(problems)


def _fail(field: str, code: str, detail: str = "") -> EditError:
    return EditError([Problem(field, code, detail)])


# --- ids and texts ----------------------------------------------------------------------------


def make_id(text: str, taken: Iterable[str], *, fallback: str = "item") -> str:
    """A snake_case id from (English) text: its first words, ASCII only, unique among ``taken``
    (``_2``, ``_3``, … added when needed)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain.replace("'", ""))[:ID_MAX_WORDS]
    base = "_".join(words)[:ID_MAX_LENGTH].strip("_") or fallback
    if not base[0].isalpha():
        base = f"{fallback}_{base}"
    used = set(taken)
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}_{n}"
    return candidate


def text(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl.strip(), "en": en.strip()}


def optional_text(nl: str, en: str) -> dict[str, str] | None:
    """None when both are blank; one language alone is kept, for the check to refuse."""
    return text(nl, en) if (nl.strip() or en.strip()) else None


def parse_lines(lines: str, *, field: str) -> list[dict[str, str]]:
    """``Nederlands | English`` per line into texts; blank lines are skipped."""
    texts = []
    for number, line in enumerate(lines.splitlines(), 1):
        if not line.strip():
            continue
        nl, bar, en = line.partition("|")
        if not bar or not nl.strip() or not en.strip() or "|" in en:
            raise _fail(field, "line_format", str(number))
        texts.append(text(nl, en))
    return texts


def format_lines(texts: Iterable[Mapping[str, str]]) -> str:
    return "\n".join(f"{t['nl']} | {t['en']}" for t in texts)


def options_from(
    texts: Sequence[Mapping[str, str]],
    previous: Sequence[Mapping[str, Any]] = (),
    *,
    first_id: str | None = None,
) -> list[dict[str, Any]]:
    """Options (or matrix rows) for these labels, keeping the id of a previous option with the
    same English or else the same Dutch label; ``first_id`` names the first one when no option
    has that id yet (the opt-in question's "yes")."""
    unclaimed = list(previous)
    ids: list[str | None] = []
    for label in texts:
        match = next((o for o in unclaimed if o["label"]["en"] == label["en"]), None) or next(
            (o for o in unclaimed if o["label"]["nl"] == label["nl"]), None
        )
        if match is not None:
            unclaimed.remove(match)
        ids.append(match["id"] if match else None)
    if first_id and first_id not in ids and ids and ids[0] is None:
        ids[0] = first_id
    taken = {i for i in ids if i} | {o["id"] for o in unclaimed}
    options = []
    for label, option_id in zip(texts, ids, strict=True):
        if option_id is None:
            option_id = make_id(label["en"], taken, fallback="option")
            taken.add(option_id)
        options.append({"id": option_id, "label": dict(label)})
    return options


# --- the definition ---------------------------------------------------------------------------


def empty_definition(name: str) -> Definition:
    """A new scan: one section with one open question, ready to be rewritten."""
    return {
        "id": make_id(name, (), fallback="scan"),
        "version": 1,
        "title": text(name, name),
        "intro": dict(STARTER_INTRO),
        "barriers": [],
        "sections": [_starter_section(STARTER_SECTION_TITLE, None, "questions", taken=())],
    }


def _starter_section(
    title: Mapping[str, str], intro: Mapping[str, str] | None, section_id: str, taken: Iterable[str]
) -> Definition:
    question = {
        "id": make_id(STARTER_QUESTION["text"]["en"], taken, fallback="question"),
        **copy.deepcopy(STARTER_QUESTION),
    }
    section: Definition = {"id": section_id, "title": dict(title), "questions": [question]}
    if intro:
        section["intro"] = dict(intro)
    return section


def question_ids(definition: Mapping[str, Any]) -> list[str]:
    return [q["id"] for s in definition["sections"] for q in s["questions"]]


def find_question(definition: Mapping[str, Any], question_id: str) -> tuple[int, int]:
    """(section index, question index) of a question; ``not_found`` when it is gone."""
    for s, section in enumerate(definition["sections"]):
        for q, question in enumerate(section["questions"]):
            if question["id"] == question_id:
                return s, q
    raise _fail("", "not_found", question_id)


def find_section(definition: Mapping[str, Any], section_id: str) -> int:
    for s, section in enumerate(definition["sections"]):
        if section["id"] == section_id:
            return s
    raise _fail("", "not_found", section_id)


def details_update(
    definition: Mapping[str, Any], *, title: Mapping[str, str], intro: Mapping[str, str]
) -> Definition:
    changed = copy.deepcopy(dict(definition))
    changed["title"] = dict(title)
    changed["intro"] = dict(intro)
    return changed


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


# --- checking ---------------------------------------------------------------------------------

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


# --- coverage ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    barrier: str
    items: int

    @property
    def reliable(self) -> bool:
        return self.items >= RELIABLE_ITEMS


def coverage(instrument: Instrument) -> list[Coverage]:
    """How many Likert items measure each barrier the instrument declares or measures."""
    counts = instrument.barrier_coverage()
    declared = {b.id for b in instrument.barriers}
    return [Coverage(b, n) for b, n in counts.items() if n or b in declared]
