"""Names of the organisation's own people, found in free text.

The directory says who the people are; the text around a word says whether it is used as a name.
The rules (also in docs/voice.md, "Redaction"):

- A **full name** (first name, particles, surname) is a name in any case ("anouk de vries"),
  unless both its first name and its surname are ordinary words and it is written without
  capitals ("roos de wit").
- A **surname with its particles** is a name when the surname has a capital, whatever the
  particle's case: "De Vries zei", "volgens de Vries", "mevrouw Van der Berg", "van der Berg".
- A **surname or first name alone** is a name when it has a capital. If it is also an ordinary
  word (``lexicon.ORDINARY_WORDS``: Bakker, Visser, Smit, Mark, Ben, Will, ...) it needs a sign
  of a person: a capital in mid-sentence, a title or greeting before it ("meneer", "mevrouw",
  "dhr.", "Hoi", "volgens"), initials before it ("J. Bakker"), a verb of saying after it ("Bakker
  zei", "Mark thinks"), a possessive with an apostrophe ("Bakker's"), or another name right
  beside it. A word that is capitalised anyway (May, June, Monday) or written in capitals (MILA,
  more often an acronym) gets no credit for its capital.
- Lower case never makes a name of a single word: "de bakker op de hoek", "ik ben", "een visser".
- Possessives are found and left outside the redaction: "Jansens team" -> "[name]s team",
  "Bakker's", "De Vries' rapport". Diacritics and case do not matter when comparing
  ("Zoë" = "Zoe", "Müller" = "Muller" = "Mueller").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import product
from typing import NamedTuple

from koers.redact.lexicon import (
    CAPITALISED_WORDS,
    DEPARTMENTS,
    ORDINARY_WORDS,
    PARTICLES,
    PERSON_VERBS,
    TITLES,
)

PERSON = "person"

_WORD = re.compile(r"[^\W\d_]+")
# What may stand between the words of one name: a space, a hyphen (Anne-Marie, Jansen-de Vries)
# or an apostrophe (d'Ancona, O'Brien).
_NAME_GAP = re.compile("[ \t\u00a0]{1,2}|[ \t\u00a0]?[-'\u2019][ \t\u00a0]?")
# Names beside each other: "Mark Visser", or in a list: "Roos en Rik", "Iris, Daan and June".
_BESIDE = re.compile(
    "[ \t\u00a0]{1,2}|[ \t\u00a0]?[-'\u2019][ \t\u00a0]?"
    "|,[ \t\u00a0]|[ \t\u00a0](?:en|and|&)[ \t\u00a0]"
)
_TITLE_GAP = re.compile(r"\.?,?[ \t\u00a0]{1,2}")
_VERB_GAP = re.compile(r",?[ \t\u00a0]{1,2}")
_SENTENCE_END = ".!?:\n\r"
# Quotes, brackets, bullets and dashes between a word and the end of the previous sentence.
_SKIPPED_BEFORE = " \t\u00a0\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb([*\u2022\u2013\u2014-"
_APOSTROPHES = ("'", "\u2019")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def fold(word: str) -> str:
    """Lower case without diacritics: "Zoë" -> "zoe", "Müller" -> "muller"."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _spellings(word: str) -> set[str]:
    """How a name's word may be written: "Müller" also as "Muller" and "Mueller"."""
    composed = unicodedata.normalize("NFC", word)
    return {fold(composed), fold(composed.translate(_UMLAUTS))}


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass(frozen=True)
class Person:
    """One person's name, split as Dutch names are: given names, particles, surname."""

    given: tuple[str, ...]
    particles: tuple[str, ...]
    surname: tuple[str, ...]

    @classmethod
    def parse(cls, first: str, last: str) -> Person:
        """A first name and a surname that may start with particles ("de Vries")."""
        words = _words(last)
        split = 0
        while split < len(words) - 1 and fold(words[split]) in PARTICLES:
            split += 1
        return cls(tuple(_words(first)), tuple(words[:split]), tuple(words[split:]))

    @classmethod
    def parse_full(cls, name: str) -> Person:
        """A whole name: "Anouk de Vries", "Jan Willem van der Berg", "Anne-Marie Jansen-de
        Vries", "Anouk"; the surname starts at the first particle after the first name."""
        parts = name.split()
        if len(parts) <= 1:
            return cls(tuple(_words(name)), (), ())
        start = len(parts) - 1
        for index in range(1, len(parts) - 1):
            last_word = (_words(parts[index]) or [""])[-1]
            if fold(last_word) in PARTICLES:  # "de", or "Jansen-de" of a double surname
                start = index
                break
        surname = Person.parse("", " ".join(parts[start:]))
        return cls(tuple(_words(" ".join(parts[:start]))), surname.particles, surname.surname)


class Pattern(NamedTuple):
    """One way a person may be named in a text: a sequence of folded words."""

    words: tuple[str, ...]
    kind: str  # "full", "particle", "surname" or "first"
    core: int  # index of the surname's first word ("full" and "particle")
    ordinary_first: bool  # the first word (of "full": the first name) is an ordinary word
    ordinary_surname: bool  # the surname is an ordinary word ("full", "particle", "surname")
    capitalised: bool  # a single word that is capitalised in ordinary writing (May, Monday)


def _variants(words: Iterable[str]) -> Iterator[tuple[str, ...]]:
    yield from product(*(sorted(_spellings(word)) for word in words))


def _is_ordinary(words: tuple[str, ...]) -> bool:
    return len(words) == 1 and fold(words[0]) in ORDINARY_WORDS


def _patterns(person: Person) -> Iterator[Pattern]:
    given = tuple(word for word in person.given if len(word) > 1)
    surname_ordinary = _is_ordinary(person.surname)
    names = [given, given[:1]] if given else []
    if person.surname:
        for first in names:
            core = len(first) + len(person.particles)
            for words in _variants((*first, *person.particles, *person.surname)):
                yield Pattern(words, "full", core, _is_ordinary(first), surname_ordinary, False)
        if person.particles:
            for words in _variants((*person.particles, *person.surname)):
                core = len(person.particles)
                yield Pattern(words, "particle", core, False, surname_ordinary, False)
        for words in _variants(person.surname):
            capitalised = len(words) == 1 and words[0] in CAPITALISED_WORDS
            yield Pattern(words, "surname", 0, surname_ordinary, surname_ordinary, capitalised)
    for first in names:
        ordinary = _is_ordinary(first)
        for words in _variants(first):
            capitalised = len(words) == 1 and words[0] in CAPITALISED_WORDS
            yield Pattern(words, "first", 0, ordinary, False, capitalised)


class Directory:
    """The people whose names are redacted; build it once and reuse it for many texts."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self.people = tuple(person for person in people if person.given or person.surname)
        self._index: dict[str, list[Pattern]] = {}
        for pattern in {p for person in self.people for p in _patterns(person)}:
            self._index.setdefault(pattern.words[0], []).append(pattern)
        for patterns in self._index.values():
            patterns.sort(key=lambda p: (-len(p.words), p))

    @classmethod
    def from_people(cls, people: Iterable[tuple[str, str]]) -> Directory:
        """From ``(first name, surname)`` pairs; the surname may start with particles."""
        return cls(Person.parse(first, last) for first, last in people)

    @classmethod
    def from_names(cls, names: Iterable[str]) -> Directory:
        """From whole names as people write them in their profile ("Anouk de Vries")."""
        return cls(Person.parse_full(name) for name in names if name.strip())

    def __len__(self) -> int:
        return len(self.people)

    def patterns_from(self, word: str) -> list[Pattern]:
        return self._index.get(word, [])

    def has(self, words: tuple[str, ...]) -> bool:
        """Whether ``words`` (folded) are a way to write one of the people's names."""
        return any(pattern.words == words for pattern in self.patterns_from(words[0]))


# --- finding them in a text -------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    folded: str
    capital: bool


class _Match(NamedTuple):
    first: int  # token index
    last: int  # token index, inclusive
    start: int
    end: int
    accepted: bool


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(m.start(), m.end(), fold(m.group()), m.group()[0].isupper())
        for m in _WORD.finditer(text)
    ]


def written_sloppily(text: str) -> bool:
    """Whether ``text`` is written without capitals ("sanne en iris zeiden ..."): then a capital
    says nothing, so the words that can only be names get one, and a full name of ordinary words
    counts. (A text with a placeholder for a name had a name, so the engine says no for it.)"""
    tokens = _WORD.findall(text)
    return len(tokens) >= 4 and not any(len(word) > 1 and word.istitle() for word in tokens)


class Reader:
    def __init__(self, text: str, directory: Directory, *, sloppy: bool | None = None) -> None:
        self.text = text
        self.directory = directory
        self.tokens = _tokens(text)
        self.sloppy = written_sloppily(text) if sloppy is None else sloppy
        if self.sloppy:
            self.tokens = [
                _Token(token.start, token.end, token.folded, True)
                if self._only_a_name(token.folded)
                else token
                for token in self.tokens
            ]

    def _only_a_name(self, folded: str) -> bool:
        from koers.redact.name_lists import first_names

        if folded in ORDINARY_WORDS or folded in PARTICLES or len(folded) < 3:
            return False
        return bool(self.directory.patterns_from(folded)) or (
            len(folded) >= 4 and folded in first_names()
        )

    def joined(self, left: int, right: int, gap: re.Pattern[str] = _NAME_GAP) -> bool:
        """Whether tokens ``left`` and ``right`` are next to each other, with only ``gap``
        between them."""
        if left < 0 or right >= len(self.tokens):
            return False
        between = self.text[self.tokens[left].end : self.tokens[right].start]
        return gap.fullmatch(between) is not None

    def sentence_start(self, index: int) -> bool:
        position = self.tokens[index].start - 1
        while position >= 0 and self.text[position] in _SKIPPED_BEFORE:
            position -= 1
        return position < 0 or self.text[position] in _SENTENCE_END

    def initials_before(self, index: int) -> int:
        """The index of the first of the initials right before token ``index`` ("J.W. Bakker",
        "A. de Vries"), or ``index`` itself when there are none."""
        first = index
        while first > 0:
            before = self.tokens[first - 1]
            after_dot = self.text[before.end : before.end + 1] == "."
            gap = self.text[before.end : self.tokens[first].start]
            if not (before.capital and before.end - before.start == 1 and after_dot):
                break
            if gap not in {".", ". ", ".\u00a0"}:
                break
            first -= 1
        return first

    def possessive_apostrophe(self, token: _Token) -> bool:
        after = self.text[token.end : token.end + 3]
        if after[:1] not in _APOSTROPHES:
            return False
        if after[1:2] == "s":  # Bakker's
            return not after[2:3].isalpha()
        return not after[1:2].isalpha() and token.folded[-1] in "sxz"  # De Vries'

    def person_context(self, first: int, last: int, capital_says_name: bool) -> bool:
        """Whether the words around tokens ``first``..``last`` say they name a person; with
        ``capital_says_name`` a capital in mid-sentence is enough."""
        if (
            first > 0
            and self.tokens[first - 1].folded in TITLES
            and self.joined(first - 1, first, _TITLE_GAP)
        ):
            return True
        if self.initials_before(first) < first:
            return True
        nxt = last + 1
        if (
            nxt < len(self.tokens)
            and self.tokens[nxt].folded in PERSON_VERBS
            and self.joined(last, nxt, _VERB_GAP)
        ):
            return True
        if self.possessive_apostrophe(self.tokens[last]):
            return True
        if self.of_a_department(last):
            return True
        return capital_says_name and not self.sentence_start(first)

    def directory_has(self, words: tuple[str, ...]) -> bool:
        return self.directory.has(words)

    def of_a_department(self, last: int) -> bool:
        """Whether "van finance", "from HR", "van de helpdesk" follows token ``last``."""
        words = [token.folded for token in self.tokens[last + 1 : last + 4]]
        if not words or words[0] not in {"van", "from", "uit", "of", "bij", "at", "in"}:
            return False
        rest = words[2:] if len(words) > 1 and words[1] in {"de", "het", "the"} else words[1:]
        return bool(rest) and rest[0] in DEPARTMENTS

    def match(self, index: int, pattern: Pattern) -> tuple[int, bool] | None:
        """Where ``pattern`` matches from token ``index``: the end offset (a possessive "s" left
        out) and whether the last word had that "s"; None when it does not match."""
        words = pattern.words
        last = index + len(words) - 1
        if last >= len(self.tokens):
            return None
        for offset, word in enumerate(words[:-1]):
            if self.tokens[index + offset].folded != word or not self.joined(
                index + offset, index + offset + 1
            ):
                return None
        final = self.tokens[last]
        if final.folded == words[-1]:
            return final.end, False
        if final.folded == words[-1] + "s" and len(words[-1]) > 1:
            return final.end - 1, True
        return None

    def decide(self, index: int, pattern: Pattern) -> bool | None:
        """True: a name; None: a name if another name stands right beside it; False: not."""
        tokens = self.tokens[index : index + len(pattern.words)]
        if pattern.kind == "full":
            # Each part is written as a name or is no ordinary word: "anouk de vries", "Mark de
            # Boer", but not "ik ben de Boer" (ben) or "Ben bakker van beroep" (bakker).
            first_name = tokens[0].capital or not pattern.ordinary_first
            surname = tokens[pattern.core].capital or not pattern.ordinary_surname
            return (first_name and surname) or (self.sloppy and len(pattern.words) > 2)
        if pattern.kind == "particle":
            # "van der meer" in a text without capitals: two particles make it a name.
            return tokens[pattern.core].capital or (self.sloppy and pattern.core >= 2)
        if not tokens[0].capital:
            return False
        # A word in capitals (MILA, BOS) is more often an acronym than a name.
        written = self.text[tokens[0].start : tokens[-1].end]
        capital_says_name = not pattern.capitalised and not (len(written) > 1 and written.isupper())
        if not pattern.ordinary_first and capital_says_name:
            return True
        last = index + len(tokens) - 1
        return True if self.person_context(index, last, capital_says_name) else None

    def candidate(self, index: int) -> _Match | None:
        token = self.tokens[index]
        patterns = self.directory.patterns_from(token.folded)
        if token.folded.endswith("s"):
            patterns = patterns + [
                p for p in self.directory.patterns_from(token.folded[:-1]) if len(p.words) == 1
            ]
        for pattern in sorted(patterns, key=lambda p: -len(p.words)):
            found = self.match(index, pattern)
            if found is None:
                continue
            decision = self.decide(index, pattern)
            if decision is False:
                continue
            first = self.initials_before(index)
            last = index + len(pattern.words) - 1
            start = self.tokens[first].start
            if self.tokens[first].folded == "t" and self.text[start - 1 : start] in _APOSTROPHES:
                start -= 1  # 't Hart
            return _Match(first, last, start, found[0], decision is True)
        return None

    def matches(self, also: Iterable[_Match] = ()) -> list[_Match]:
        """The directory's names, settled together with ``also`` (names found otherwise)."""
        found: list[_Match] = []
        index = 0
        while index < len(self.tokens):
            match = self.candidate(index)
            if match is None:
                index += 1
                continue
            found.append(match)
            index = match.last + 1
        mine = list(found)
        found += [
            other
            for other in also
            if all(match.last < other.first or match.first > other.last for match in mine)
        ]
        return self._settle(sorted(found, key=lambda match: match.first))

    def _settle(self, found: list[_Match]) -> list[_Match]:
        """Accept the undecided names that stand right beside an accepted one ("Mark Visser"),
        until nothing changes; drop the rest."""
        changed = True
        while changed:
            changed = False
            for position, match in enumerate(found):
                if match.accepted:
                    continue
                neighbours = [found[p] for p in (position - 1, position + 1) if 0 <= p < len(found)]
                if any(
                    other.accepted
                    and (
                        self.joined(other.last, match.first, _BESIDE)
                        or self.joined(match.last, other.first, _BESIDE)
                    )
                    for other in neighbours
                ):
                    found[position] = match._replace(accepted=True)
                    changed = True
        return [match for match in found if match.accepted]
