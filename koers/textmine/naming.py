"""Names for themes that people can read, in Dutch and English.

A theme is named with a short phrase a person would write ("Facturen controleren en verwerken",
"Answering customer questions") from a curated catalogue (``lexicons/theme_names.json``): each
phrase has cues, words whose presence in a text shows that the text is about it.

**Choosing the phrase.** For every theme and phrase, ``share`` is the share of the theme's texts
that match one of the phrase's cues and ``outside`` the share of the other texts of the backlog
that do. The phrase *fits* the theme when

- at least ``MIN_SHARE`` (30%) of the theme's texts match it, and at least two texts (one in
  a theme of one), and
- it sets the theme apart: ``share - outside`` is at least ``MIN_EXCESS`` (0.2). A phrase that
  half of every theme matches ("automating routine work") names none of them.

Its score is ``share - outside``, plus ``TERM_BONUS`` for each of the theme's first four key terms
that match a cue (at most two). Themes take phrases greedily, highest score first; a phrase names
one theme only. A theme whose fitting phrases are all taken takes another phrase that fits it and
scores at least half its best, else its best phrase with a key term that sets it apart from the
other theme ("Documenten samenvatten — contracten"). A theme no phrase fits is named after its two
first key terms in the reader's language, words the term lists know first ("Over facturen en
betalingen", "About invoices and payments"). No two themes, and no theme and a name in ``taken``
(a lead's names), end up with the same name.

Key terms are shown in the reader's language through the file's term list (English and Dutch
forms) and the glossary; a term neither knows is shown as written.

``cross_departmental`` is the one rule for the "cross-departmental" mark of a theme.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated, Literal

import numpy as np
import snowballstemmer
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from koers.textmine.glossary import DUTCH_TO_ENGLISH, translate
from koers.textmine.lexicons.schema import LexiconError, no_repeated_keys

RESOURCE = "theme_names.json"
LANGUAGES = ("nl", "en")
MIN_SHARE = 0.3
MIN_EXCESS = 0.2
TERM_BONUS = 0.05
ALTERNATIVE_AT = 0.5  # a taken phrase's theme may take another fitting phrase scoring this share
# A theme is cross-departmental from this many departments on: two departments sharing a need is
# common, three is a pattern worth building once.
CROSS_DEPARTMENTAL_FROM = 3

Catalogue = Literal["usecases", "concerns"]
_WORD = re.compile(r"[a-z0-9]+")


def cross_departmental(departments: int) -> bool:
    """A theme whose use cases (or concerns) come from this many departments spans them."""
    return departments >= CROSS_DEPARTMENTAL_FROM


def words(text: str) -> list[str]:
    """Lower-case words without accents; punctuation splits ("e-mail" is "e", "mail")."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _WORD.findall(plain)


# --- the file --------------------------------------------------------------------------------


class NamesFileError(LexiconError):
    """The names file is not valid JSON or breaks its schema."""


def _check_cues(cues: tuple[str, ...]) -> tuple[str, ...]:
    if not cues:
        raise ValueError("no cues")
    seen: set[tuple[str, ...]] = set()
    for cue in cues:
        parts = _cue_parts(cue)
        if parts in seen:
            raise ValueError(f"cue {cue!r} is repeated")
        seen.add(parts)
    return cues


def _cue_parts(cue: str) -> tuple[str, ...]:
    """A cue's words with their marks (``=`` exact, ``*`` inside a word); ValueError if wrong."""
    if cue != cue.strip() or not cue:
        raise ValueError(f"cue {cue!r} is empty or has leading or trailing spaces")
    parts: list[str] = []
    for raw in cue.split():
        mark = raw[0] if raw[0] in "=*" else ""
        found = words(raw[len(mark) :])
        if not found:
            raise ValueError(f"cue {cue!r} has a part without letters")
        if mark == "*" and (len(found) > 1 or len(found[0]) < 4):
            raise ValueError(f"cue {cue!r}: *word needs one word of at least 4 letters")
        parts.append(mark + found[0])
        parts.extend(found[1:])
    return tuple(parts)


Cues = Annotated[tuple[str, ...], AfterValidator(_check_cues)]
Text = Annotated[str, Field(min_length=1, max_length=80)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PhraseEntry(_Model):
    key: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    nl: Text
    en: Text
    cues: Cues
    category: str = ""  # concerns only: the Voice category this phrase names outright


class NamesFile(_Model):
    about: tuple[str, ...] = ()  # documentation only
    cue_syntax: dict[str, str] = {}  # documentation only
    usecases: tuple[PhraseEntry, ...] = Field(min_length=1)
    concerns: tuple[PhraseEntry, ...] = Field(min_length=1)
    terms: tuple[tuple[Text, Text], ...]  # (English, Dutch)


@dataclass(frozen=True)
class Phrase:
    key: str
    nl: str
    en: str
    cues: tuple[tuple[str, ...], ...]
    category: str = ""


@dataclass(frozen=True)
class Names:
    """The validated file."""

    usecases: tuple[Phrase, ...]
    concerns: tuple[Phrase, ...]
    english_to_dutch: Mapping[str, str]  # English stem -> Dutch form
    dutch_to_english: Mapping[str, str]  # Dutch stem -> English form


def parse_names(text: str, source: str = RESOURCE) -> Names:
    """Validate the file's text; :class:`NamesFileError` naming the place if it is wrong."""
    try:
        data = json.loads(text, object_pairs_hook=no_repeated_keys)
        parsed = NamesFile.model_validate(data)
    except json.JSONDecodeError as error:
        raise NamesFileError(f"{source}: not valid JSON: {error}") from error
    except LexiconError as error:  # a repeated key, or a check of the file's own
        raise NamesFileError(f"{source}: {error}") from error
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or 'the file'}: "
            + problem["msg"].removeprefix("Value error, ")
            for problem in error.errors()
        )
        raise NamesFileError(f"{source}: {problems}") from error
    catalogues = []
    for name, entries in (("usecases", parsed.usecases), ("concerns", parsed.concerns)):
        for label in ("key", "nl", "en", "category"):
            values = [getattr(e, label).lower() for e in entries if getattr(e, label)]
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise NamesFileError(f"{source}: {name}: {label} {repeated[0]!r} is repeated")
        catalogues.append(
            tuple(
                Phrase(e.key, e.nl, e.en, tuple(_cue_parts(c) for c in e.cues), e.category)
                for e in entries
            )
        )
    english, dutch = _stemmer("en"), _stemmer("nl")
    to_dutch: dict[str, str] = {}
    to_english: dict[str, str] = {}
    for en, nl in parsed.terms:
        to_dutch.setdefault(english.stemWord(en.lower()), nl)
        to_english.setdefault(dutch.stemWord(nl.lower()), en)
    return Names(catalogues[0], catalogues[1], to_dutch, to_english)


@cache
def load_names() -> Names:
    """The names shipped in this package, validated once."""
    text = resources.files("koers.textmine.lexicons").joinpath(RESOURCE).read_text(encoding="utf-8")
    return parse_names(text)


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch" if language == "nl" else "english")


# --- key terms in the reader's language -------------------------------------------------------


def reader_language(language: str | None) -> str:
    """``nl`` for any Dutch locale, else ``en``."""
    return "nl" if (language or "").lower().startswith("nl") else "en"


@cache
def _glossary_to_dutch() -> dict[str, str]:
    """English word -> a Dutch word, from the glossary's single-word entries."""
    found: dict[str, str] = {}
    for dutch, english in DUTCH_TO_ENGLISH.items():
        if len(english) == 1:
            found.setdefault(english[0], dutch)
    return found


def translate_term(term: str, language: str) -> str:
    """A key term as the reader of ``language`` reads it; as written when no list knows it."""
    names = load_names()
    word = term.lower()
    if reader_language(language) == "nl":
        if _stemmer("nl").stemWord(word) in names.dutch_to_english:
            return term  # already Dutch
        found = names.english_to_dutch.get(_stemmer("en").stemWord(word))
        return found or _glossary_to_dutch().get(word) or term
    if _stemmer("en").stemWord(word) in names.english_to_dutch:
        return term  # already English
    found = names.dutch_to_english.get(_stemmer("nl").stemWord(word))
    if found:
        return found
    english = translate(word)
    return " ".join(english) if english else term


def translate_terms(terms: Iterable[str], language: str, written_in: str = "") -> list[str]:
    """Key terms in the reader's language, each once, in their order. Terms ``written_in`` the
    reader's language (an organisation's key terms are in its language) are shown as written."""
    same = bool(written_in) and reader_language(written_in) == reader_language(language)
    shown: list[str] = []
    for term in terms:
        readable = term if same else translate_term(term, language)
        if readable.lower() not in (t.lower() for t in shown):
            shown.append(readable)
    return shown


# --- matching cues ---------------------------------------------------------------------------


class _Matcher:
    """Which phrases each text matches: a boolean matrix texts x phrases."""

    def __init__(self, phrases: Sequence[Phrase], texts: Sequence[str]) -> None:
        self.phrases = phrases
        self.tokens = [words(t) for t in texts]
        vocabulary = sorted({w for ws in self.tokens for w in ws})
        self._vocabulary = vocabulary
        self._cache: dict[str, frozenset[str]] = {}

    def _part(self, part: str) -> frozenset[str]:
        """The words of the texts that a cue part matches."""
        found = self._cache.get(part)
        if found is not None:
            return found
        if part.startswith("="):
            hits = {part[1:]} & set(self._vocabulary)
        elif part.startswith("*"):
            hits = {w for w in self._vocabulary if part[1:] in w}
        elif len(part) < 4:
            hits = {part} & set(self._vocabulary)
        else:
            start = bisect.bisect_left(self._vocabulary, part)
            hits = set()
            for w in self._vocabulary[start:]:
                if not w.startswith(part):
                    break
                hits.add(w)
        self._cache[part] = frozenset(hits)
        return self._cache[part]

    def matrix(self) -> np.ndarray:
        n, p = len(self.tokens), len(self.phrases)
        out = np.zeros((n, p), bool)
        single: dict[str, set[int]] = {}
        multi: dict[str, list[tuple[int, tuple[frozenset[str], ...]]]] = {}
        for j, phrase in enumerate(self.phrases):
            for cue in phrase.cues:
                sets = tuple(self._part(part) for part in cue)
                if len(cue) == 1:
                    for w in sets[0]:
                        single.setdefault(w, set()).add(j)
                else:
                    for w in sets[0]:
                        multi.setdefault(w, []).append((j, sets[1:]))
        for i, ws in enumerate(self.tokens):
            for at, w in enumerate(ws):
                for j in single.get(w, ()):
                    out[i, j] = True
                for j, rest in multi.get(w, ()):
                    if not out[i, j] and all(
                        at + 1 + k < len(ws) and ws[at + 1 + k] in part
                        for k, part in enumerate(rest)
                    ):
                        out[i, j] = True
        return out


# --- naming ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeName:
    nl: str
    en: str
    phrase: str = ""  # the catalogue key, empty when named after its key terms

    def text(self, language: str) -> str:
        return self.nl if reader_language(language) == "nl" else self.en

    def as_dict(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en, "phrase": self.phrase}


def catalogue(name: Catalogue = "usecases") -> tuple[Phrase, ...]:
    names = load_names()
    return names.usecases if name == "usecases" else names.concerns


def phrase_for_category(category: str) -> Phrase | None:
    """The concerns phrase that names a Voice category's group outright, if there is one."""
    return next((p for p in catalogue("concerns") if p.category == category), None)


def _known(term: str) -> bool:
    """A word the term list or the glossary knows: a noun a reader recognises, more often than
    the verbs and adverbs that key terms also hold."""
    names, word = load_names(), term.lower()
    return (
        _stemmer("en").stemWord(word) in names.english_to_dutch
        or _stemmer("nl").stemWord(word) in names.dutch_to_english
        or word in _glossary_to_dutch()
        or translate(word) is not None
    )


def fallback_name(terms: Sequence[str]) -> ThemeName:
    """A readable name from the first two key terms, words the term lists know first: "Over
    facturen en betalingen"."""
    terms = sorted(terms, key=lambda t: not _known(t))  # stable: otherwise in their order
    nl, en = translate_terms(terms, "nl")[:2], translate_terms(terms, "en")[:2]
    if not nl:
        return ThemeName("", "")
    return ThemeName(
        "Over " + " en ".join(t.lower() if t.isalpha() else t for t in nl),
        "About " + " and ".join(t.lower() if t.isalpha() else t for t in en),
    )


def scores(
    texts: Sequence[str],
    groups: Sequence[Sequence[int]],
    terms: Sequence[Sequence[str]],
    phrases: Sequence[Phrase],
) -> np.ndarray:
    """Score per group and phrase; ``-inf`` where the phrase does not fit the group."""
    hits = _Matcher(phrases, texts).matrix()
    total = hits.sum(axis=0)
    n = len(texts)
    out = np.full((len(groups), len(phrases)), -np.inf)
    # Each group's first four key terms, matched in one pass.
    owners = [g for g in range(len(groups)) if g < len(terms) for _term in terms[g][:4]]
    term_hits = _Matcher(
        phrases, [t for g in range(len(groups)) if g < len(terms) for t in terms[g][:4]]
    ).matrix()
    for g, members in enumerate(groups):
        members = [m for m in members if 0 <= m < n]
        if not members:
            continue
        inside = hits[members].sum(axis=0)
        share = inside / len(members)
        rest = n - len(members)
        outside = (total - inside) / rest if rest else np.zeros(len(phrases))
        excess = share - outside
        mine = [row for row, owner in enumerate(owners) if owner == g]
        bonus = np.minimum(term_hits[mine].sum(axis=0) * TERM_BONUS, 2 * TERM_BONUS)
        fits = (share >= MIN_SHARE) & (inside >= min(2, len(members))) & (excess >= MIN_EXCESS)
        out[g, fits] = excess[fits] + bonus[fits]
    return out


def name_themes(
    texts: Sequence[str],
    groups: Sequence[Sequence[int]],
    terms: Sequence[Sequence[str]],
    *,
    kind: Catalogue = "usecases",
    phrases: Sequence[Phrase] | None = None,
    fixed: Mapping[int, str] | None = None,
    taken: Iterable[str] = (),
) -> list[ThemeName]:
    """A name for each group of ``texts`` (indexes into it), in Dutch and English.

    ``terms``: each group's key terms, most telling first. ``fixed``: group -> a phrase key that
    names it outright (a Voice category's). ``taken``: names already in use (a lead's), which no
    group gets."""
    phrases = list(phrases if phrases is not None else catalogue(kind))
    by_key = {p.key: j for j, p in enumerate(phrases)}
    score = scores(texts, groups, terms, phrases) if len(groups) else np.zeros((0, 0))
    chosen: dict[int, int] = {}
    for g, key in (fixed or {}).items():
        if key in by_key and 0 <= g < len(groups):
            chosen[g] = by_key[key]
    best = score.max(axis=1, initial=-np.inf) if score.size else np.full(len(groups), -np.inf)
    used = set(chosen.values())
    pairs = sorted(
        ((float(score[g, j]), g, j) for g, j in zip(*np.nonzero(np.isfinite(score)), strict=True)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for value, g, j in pairs:
        if g in chosen or j in used or value < ALTERNATIVE_AT * best[g]:
            continue
        chosen[g] = j
        used.add(j)
    names: list[ThemeName] = []
    rank: list[int] = []  # who keeps a shared name: the chosen, then the others, then fallbacks
    for g in range(len(groups)):
        own = list(terms[g]) if g < len(terms) else []
        if g in chosen:
            phrase = phrases[chosen[g]]
            names.append(ThemeName(phrase.nl, phrase.en, phrase.key))
            rank.append(0)
        elif np.isfinite(best[g]):
            phrase = phrases[int(np.argmax(score[g]))]
            names.append(ThemeName(phrase.nl, phrase.en, phrase.key))
            rank.append(1)
        else:
            names.append(fallback_name(own))
            rank.append(2)
    return _distinct(names, terms, taken, rank)


def _distinct(
    names: list[ThemeName],
    terms: Sequence[Sequence[str]],
    taken: Iterable[str],
    rank: Sequence[int],
) -> list[ThemeName]:
    """No two names alike (nor like a taken one): later ones get a key term that sets them apart
    ("Documenten samenvatten — contracten"), or else a number."""
    seen = {t.strip().lower() for t in taken if t.strip()}
    order = sorted(range(len(names)), key=lambda g: (rank[g], g))
    result: dict[int, ThemeName] = {}
    for g in order:
        name = names[g]
        if not name.nl:
            result[g] = name
            continue
        if name.nl.lower() in seen or name.en.lower() in seen:
            others = {
                t.lower()
                for h in range(len(names))
                if h != g and names[h].phrase == name.phrase
                for t in (terms[h] if h < len(terms) else [])
            }
            own = [t for t in (terms[g] if g < len(terms) else []) if t.lower() not in others]
            name = _with_term(name, own, seen)
        seen.update({name.nl.lower(), name.en.lower()})
        result[g] = name
    return [result[g] for g in range(len(names))]


def _with_term(name: ThemeName, terms: Sequence[str], seen: set[str]) -> ThemeName:
    for term in terms:
        nl, en = translate_term(term, "nl"), translate_term(term, "en")
        if nl.lower() in name.nl.lower() or en.lower() in name.en.lower():
            continue
        candidate = ThemeName(f"{name.nl} — {nl}", f"{name.en} — {en}", name.phrase)
        if candidate.nl.lower() not in seen and candidate.en.lower() not in seen:
            return candidate
    number = 2
    while f"{name.nl} ({number})".lower() in seen or f"{name.en} ({number})".lower() in seen:
        number += 1
    return ThemeName(f"{name.nl} ({number})", f"{name.en} ({number})", name.phrase)
