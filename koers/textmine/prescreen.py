"""Risk pre-screen from the text alone: does a use case look high-impact, does it involve personal
data?

It routes items to the full triage; it is not a verdict. Missing a high-impact case is worse than
a false alarm, so the rules lean towards flagging. Every flag names the words that raised it.

How a text is read
    The text is split into words (case and accents ignored, hyphens and apostrophes split words,
    sentence ends and line breaks separate phrases). The lexicons in
    ``koers/textmine/lexicons/risk.json`` are in English and Dutch; a term is a word with its
    inflections, a stem (``uitkering*`` also matches "uitkeringsaanvraag"), a compound part
    (``*uitkering*`` matches "bijstandsuitkering") or a phrase whose words occur in order within
    one sentence, at most two other words apart.

The rules, per area (EU AI Act Annex III and Annex I, OMB M-25-21 presumed high-impact purposes)
    1. A *strong* term of an area flags it on its own: "facial recognition", "asylum",
       "eligibility determination", "law enforcement", "clinical decision support",
       "sollicitatie", "bijstandsuitkering".
    2. A *context* term of an area ("border", "patient", "employees", "fraud", "students") flags
       it only when the same text also has a *people* cue (individuals, applicants, veterans,
       travellers, burgers, ...) **and** a *decision* cue (determine, eligibility, prioritise,
       score, flag, detect, beoordelen, ...): "the border of an image" alone stays unflagged.
    3. The word "benefit(s)" is never an area term by itself (every use case lists the benefits
       of the tool); only phrases such as "disability benefits", "benefit claims" or "eligibility
       for benefits" count.

    ``high_impact`` is true when any area is flagged. ``personal_data`` is true when a personal
    data term occurs ("date of birth", "PII", "patient records", "persoonsgegevens", "BSN") or a
    special-category term (health, ethnicity, religion, biometrics, criminal records ...), or
    when the submitter declared personal data (``declared_personal_data=True``).

The lexicons were written from the legal texts' categories and general vocabulary, not fitted to
any labelled column. :mod:`koers.textmine.prescreen_quality` measures recall and precision
against labels, beside the plain seven-group keyword rule kept for comparison.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from koers.textmine.lexicons import load_risk_lexicon
from koers.textmine.lexicons.syntax import WORD, compile_term, fold
from koers.textmine.lexicons.syntax import Atom as _Atom

risk = load_risk_lexicon()

AREAS: dict[str, str] = dict(risk.AREA_LABELS)
AREAS["unclear"] = "too little text to rule it out"

KINDS: dict[str, str] = {"high_impact": "high impact", "personal_data": "personal data"}

MAX_TERMS = 5  # words reported per flag
MAX_GAP = 2  # other words allowed between two words of a phrase
CUE_WINDOW = 8  # a context term needs a people and a decision cue at most this many words away
MIN_WORDS = 20  # a text with fewer words, and no flag, is flagged as too thin to rule out

DECLARED = "declared by the submitter"
DASH = "\u2013"  # en dash between kind and area in a reason line


@dataclass(frozen=True)
class Flag:
    kind: str  # "high_impact" or "personal_data"
    area: str  # a key of AREAS
    terms: tuple[str, ...]  # the words in the text that raised the flag, in order of appearance
    # "strong" (a strong term alone), "context" (a context term near a people and a decision cue),
    # "too_short" (too little text to rule high impact out), "term" (a personal data term) or
    # "declared" (the submitter said so)
    rule: str = "term"
    note: str = ""  # said instead of the terms when there are none

    def reason(self) -> str:
        """One English line, e.g. 'high impact - employment and workers: "hiring", "applicants"'
        (with an en dash and curly quotes)."""
        kind = KINDS.get(self.kind, self.kind)
        label = AREAS.get(self.area, self.area)
        head = kind if label == kind else f"{kind} {DASH} {label}"
        if not self.terms:
            return f"{head}: {self.note}" if self.note else head
        return f"{head}: " + ", ".join(f"“{term}”" for term in self.terms)


@dataclass(frozen=True)
class Screen:
    high_impact: bool
    personal_data: bool
    flags: tuple[Flag, ...]

    def reasons(self) -> list[str]:
        return [flag.reason() for flag in self.flags]

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(flag.area for flag in self.flags if flag.kind == "high_impact")


# ---------------------------------------------------------------------------------------------
# Compiling the lexicons
# ---------------------------------------------------------------------------------------------

_BREAK = re.compile(r"[.!?;:\n\r|•]")


def inflections(word: str) -> set[str]:
    """The word and its plain English (and Dutch plural) inflections."""
    if len(word) < 3:
        return {word}
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing", word + "en"}
    forms.add(word + "n")
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    if word.endswith("y") and len(word) > 2:
        forms.update({word[:-1] + "ies", word[:-1] + "ied"})
    return forms


@dataclass(frozen=True)
class _Role:
    kind: str  # "strong", "context", "people", "decision", "personal", "special"
    area: str


class _Lexicon:
    """All terms compiled once: per-word lookup tables and the phrases that start at a word."""

    def __init__(self, groups: Iterable[tuple[_Role, Iterable[str]]]) -> None:
        self.atom_ids: dict[_Atom, int] = {}
        self.exact: dict[str, set[int]] = {}
        self.case: dict[str, set[int]] = {}
        self.prefix: dict[str, set[int]] = {}
        self.infix: list[tuple[str, int]] = []
        self.terms: list[tuple[int, ...]] = []  # term id -> atom ids
        self.term_ids: dict[tuple[int, ...], int] = {}
        self.roles: list[list[_Role]] = []  # term id -> roles
        self.starting: dict[int, list[int]] = {}  # first atom id -> term ids
        for role, terms in groups:
            for term in terms:
                self._add(term, role)
        self.prefix_lengths = sorted({len(key) for key in self.prefix})

    def _atom(self, atom: _Atom) -> int:
        if atom in self.atom_ids:
            return self.atom_ids[atom]
        ident = len(self.atom_ids)
        self.atom_ids[atom] = ident
        if atom.how == "exact":
            for form in inflections(atom.key):
                self.exact.setdefault(form, set()).add(ident)
        elif atom.how == "exact_only":
            self.exact.setdefault(atom.key, set()).add(ident)
        elif atom.how == "case":
            self.case.setdefault(atom.key, set()).add(ident)
        elif atom.how == "prefix":
            self.prefix.setdefault(atom.key, set()).add(ident)
        else:
            self.infix.append((atom.key, ident))
        return ident

    def _add(self, term: str, role: _Role) -> None:
        atoms = tuple(self._atom(atom) for atom in compile_term(term))
        term_id = self.term_ids.get(atoms)
        if term_id is None:
            term_id = len(self.terms)
            self.term_ids[atoms] = term_id
            self.terms.append(atoms)
            self.roles.append([])
            self.starting.setdefault(atoms[0], []).append(term_id)
        if role not in self.roles[term_id]:
            self.roles[term_id].append(role)

    def word_atoms(self, folded: str) -> frozenset[int]:
        found: set[int] = set()
        found.update(self.exact.get(folded, ()))
        for length in self.prefix_lengths:
            if length > len(folded):
                break
            found.update(self.prefix.get(folded[:length], ()))
        if len(folded) > 4:
            for key, ident in self.infix:
                if key in folded:
                    found.add(ident)
        return frozenset(found)


def _groups() -> list[tuple[_Role, Iterable[str]]]:
    groups: list[tuple[_Role, Iterable[str]]] = []
    for area, terms in risk.STRONG.items():
        groups.append((_Role("strong", area), terms))
    for area, terms in risk.CONTEXT.items():
        groups.append((_Role("context", area), terms))
    groups.append((_Role("mask", ""), risk.NEUTRAL))
    groups.append((_Role("people", ""), risk.PEOPLE))
    groups.append((_Role("decision", ""), risk.DECISION))
    groups.append((_Role("personal", "personal_data"), risk.PERSONAL_DATA))
    groups.append((_Role("special", "special_category"), risk.SPECIAL_CATEGORY))
    return groups


_LEXICON = _Lexicon(_groups())


@lru_cache(maxsize=200_000)
def _atoms_of(folded: str) -> frozenset[int]:
    return _LEXICON.word_atoms(folded)


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    term: int
    start: int  # character offsets in the text
    end: int
    first: int  # word positions in the text
    last: int


def _hits(text: str) -> tuple[list[_Hit], int]:
    """All lexicon hits in the text, and the number of words."""
    lex = _LEXICON
    words = list(WORD.finditer(text))
    if not words:
        return [], 0
    atoms: list[frozenset[int]] = []
    sentence: list[int] = []
    current = 0
    previous_end = 0
    for match in words:
        if _BREAK.search(text, previous_end, match.start()):
            current += 1
        sentence.append(current)
        previous_end = match.end()
        found = _atoms_of(fold(match.group()))
        cased = lex.case.get(match.group())
        atoms.append(found | cased if cased else found)

    hits: list[_Hit] = []
    count = len(words)
    for index in range(count):
        for atom in atoms[index]:
            for term_id in lex.starting.get(atom, ()):
                term = lex.terms[term_id]
                last = index
                for following in term[1:]:
                    nxt = -1
                    for position in range(last + 1, min(count, last + 2 + MAX_GAP)):
                        if sentence[position] != sentence[index]:
                            break
                        if following in atoms[position]:
                            nxt = position
                            break
                    last = nxt
                    if nxt < 0:
                        break
                if last >= 0:
                    hits.append(_Hit(term_id, words[index].start(), words[last].end(), index, last))
    hits.sort(key=lambda hit: (hit.start, -hit.end))
    return hits, count


def _surface(text: str, hit: _Hit) -> str:
    return " ".join(text[hit.start : hit.end].split())


def _terms(text: str, *groups: tuple[Sequence[_Hit], int]) -> tuple[str, ...]:
    """The wording of the hits, taking at most ``limit`` from each group (first ones first),
    skipping repeats and hits inside an already chosen one; in order of appearance."""
    chosen: list[_Hit] = []
    covered: list[_Hit] = []  # chosen hits and their repeats
    seen: set[str] = set()
    for hits, limit in groups:
        taken = 0
        for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
            if taken == limit:
                break
            if any(c.start <= hit.start and hit.end <= c.end for c in covered):
                continue
            covered.append(hit)
            key = _surface(text, hit).lower()
            if key in seen:
                continue
            chosen = [c for c in chosen if not (hit.start <= c.start and c.end <= hit.end)]
            seen.add(key)
            chosen.append(hit)
            taken += 1
    chosen.sort(key=lambda hit: hit.start)
    return tuple(_surface(text, hit) for hit in chosen[:MAX_TERMS])


def _inside(hit: _Hit, outer: _Hit) -> bool:
    return outer.start <= hit.start and hit.end <= outer.end and hit.term != outer.term


def _near(hit: _Hit, others: Sequence[_Hit]) -> _Hit | None:
    for other in others:
        if other.first - CUE_WINDOW <= hit.last and hit.first <= other.last + CUE_WINDOW:
            return other
    return None


@lru_cache(maxsize=2048)
def screen(text: str, *, declared_personal_data: bool | None = None) -> Screen:
    """Screen one text (the use case's fields joined); see the module docstring for the rules.
    The result is immutable and kept for the texts screened most recently: a list page screens
    every use case it shows on every view."""
    text = text or ""
    hits, word_count = _hits(text)
    by_role: dict[tuple[str, str], list[_Hit]] = {}
    for hit in hits:
        for role in _LEXICON.roles[hit.term]:
            by_role.setdefault((role.kind, role.area), []).append(hit)
    masks = by_role.get(("mask", ""), [])
    if masks:
        for key, found in by_role.items():
            if key[0] in ("strong", "context"):
                by_role[key] = [h for h in found if not any(_inside(h, m) for m in masks)]
    people = by_role.get(("people", ""), [])
    decision = by_role.get(("decision", ""), [])

    flags: list[Flag] = []
    for area in AREAS:
        strong = by_role.get(("strong", area), [])
        context = by_role.get(("context", area), [])
        if strong:
            terms = _terms(text, (strong, 3), (context, MAX_TERMS - 3))
            flags.append(Flag("high_impact", area, terms, "strong"))
            continue
        for hit in context:
            person = _near(hit, people)
            act = _near(hit, decision) if person else None
            if person and act:
                cued = [h for h in context if _near(h, people) and _near(h, decision)]
                terms = _terms(text, (cued, 3), ([person], 1), ([act], 1))
                flags.append(Flag("high_impact", area, terms, "context"))
                break
    if not flags and word_count < MIN_WORDS:
        note = f"only {word_count} word{'' if word_count == 1 else 's'}"
        flags.append(Flag("high_impact", "unclear", (), "too_short", note))

    if declared_personal_data:
        flags.append(Flag("personal_data", "personal_data", (), "declared", DECLARED))
    personal = by_role.get(("personal", "personal_data"), [])
    if personal:
        flags.append(Flag("personal_data", "personal_data", _terms(text, (personal, MAX_TERMS))))
    special = by_role.get(("special", "special_category"), [])
    if special:
        flags.append(Flag("personal_data", "special_category", _terms(text, (special, MAX_TERMS))))

    return Screen(
        high_impact=any(flag.kind == "high_impact" for flag in flags),
        personal_data=any(flag.kind == "personal_data" for flag in flags),
        flags=tuple(flags),
    )


def screen_many(texts: Iterable[str]) -> list[Screen]:
    return [screen(text) for text in texts]
