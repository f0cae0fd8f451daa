"""Words from use-case texts: tokens, language, stems and the readable form of a stem.

Dutch and English texts (and backlogs that mix them) are handled per text: the language is
guessed from its function words, and each word is stemmed with that language's Snowball stemmer,
so "facturen"/"factuur" and "invoices"/"invoice" each meet in one stem. Dutch compounds also count
as their parts (``koers.textmine.dutch``), and Dutch words the glossary knows as their English
equivalents.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

from koers.textmine import dutch
from koers.textmine.glossary import DUTCH_TO_ENGLISH, translate

TOKEN = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]", re.UNICODE)

_ENGLISH_WORDS = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each etc
    few for from further had has have having he her here hers herself him himself his how i
    if in into is it its itself just may me might more most must my myself no nor not now of
    off on once only or other our ours ourselves out over own per same shall she should so
    some such than that the their theirs them themselves then there these they this those
    through thus to too under until up upon us use used uses using very via was we were what
    when where which while who whom why will with within without would you your yours
    yourself yourselves e.g i.e
"""
ENGLISH_STOP = frozenset(_ENGLISH_WORDS.split())
DUTCH_STOP = dutch.STOP
STOP = ENGLISH_STOP | DUTCH_STOP
_EN_MARKERS = "the and of to is for with that this are be by from which"
_NL_MARKERS = "de het een en van voor met dat die is zijn wordt op te bij"
_MARKERS = {"en": frozenset(_EN_MARKERS.split()), "nl": frozenset(_NL_MARKERS.split())}


def tokens(text: str) -> list[str]:
    """The words of a text, lower-cased, in order."""
    return [t.strip("'-") for t in TOKEN.findall(text.lower())]


def language(words: Iterable[str], default: str = "en") -> str:
    """ "nl" when Dutch function words outnumber English ones, "en" when English ones outnumber
    Dutch ones, else ``default`` (a short text, "Werkdruk te hoog", may have none of either)."""
    counts = Counter(w for w in words if w in _MARKERS["en"] or w in _MARKERS["nl"])
    en = sum(n for w, n in counts.items() if w in _MARKERS["en"])
    nl = sum(n for w, n in counts.items() if w in _MARKERS["nl"])
    return "nl" if nl > en else "en" if en > nl else default


@lru_cache(maxsize=20_000)
def _language_of(text: str, default: str) -> str:
    return language(tokens(text)[:200], default=default)


@lru_cache(maxsize=1)
def _glossary_by_stem() -> dict[str, tuple[str, ...]]:
    """The glossary by Dutch stem, so that every form of a word it knows is found ("rangschikt",
    "rangschikken")."""
    by_stem: dict[str, tuple[str, ...]] = {}
    for dutch_word, english in DUTCH_TO_ENGLISH.items():
        by_stem.setdefault(_stemmer("nl").stemWord(dutch_word), english)
    return by_stem


@lru_cache(maxsize=2)
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch" if lang == "nl" else "english")


class Terms:
    """Turns texts into stems, remembering which written word each stem most often came from.

    With a ``language`` (the organisation's), a stem is written as the texts in that language
    write it, and ``in_language`` tells the stems those texts use: a Dutch organisation's theme
    is named "werkdruk, tijd", not "werkdruk, tijd, gives" because one concern was in English.
    """

    def __init__(self, language: str | None = None) -> None:
        self.language = language
        self._surface: dict[str, Counter[str]] = {}
        self._surface_in_language: dict[str, Counter[str]] = {}
        self.splitter = dutch.Splitter(DUTCH_TO_ENGLISH)

    def language_of(self, text: str) -> str:
        """The text's language ("nl" or "en"); the reader's when the text does not tell."""
        return _language_of(text, self.language or "en")

    def learn(self, texts: Iterable[str]) -> None:
        """Learn the Dutch words of a corpus, the parts its compounds are split into."""
        for text in texts:
            if self.language_of(text) == "nl":
                self.splitter.learn(w for w in tokens(text) if len(w) > 2 and w not in STOP)

    def __call__(self, text: str) -> list[str]:
        words = [w for w in tokens(text) if len(w) > 2 and w not in STOP]
        lang = self.language_of(text)
        if lang == "nl":
            pairs = self._dutch(words)
        else:
            pairs = list(zip(words, _stemmer("en").stemWords(words), strict=True))
        for word, stem in pairs:
            self._surface.setdefault(stem, Counter())[word] += 1
            if lang == self.language:
                self._surface_in_language.setdefault(stem, Counter())[word] += 1
        return [stem for _, stem in pairs]

    def _dutch(self, words: list[str]) -> list[tuple[str, str]]:
        """Dutch words the glossary knows count as their English equivalents (so mixed backlogs
        share terms); the rest keep their Dutch stem. A compound counts as itself and as each of
        its parts (each again translated or stemmed)."""
        pairs: list[tuple[str, str]] = []
        for word in words:
            pairs.extend(self._dutch_word(word))
            parts = self.splitter.split(word) if translate(word) is None else (word,)
            if len(parts) > 1:
                pairs.extend(p for part in parts for p in self._dutch_word(part))
        return pairs

    @staticmethod
    def _dutch_word(word: str) -> list[tuple[str, str]]:
        stem = _stemmer("nl").stemWord(word)
        translated = translate(word) or _glossary_by_stem().get(stem)
        if translated:
            return [(word, s) for s in _stemmer("en").stemWords(list(translated))]
        return [(word, stem)]

    def readable(self, stem: str) -> str:
        """The word most often written for a stem, in the texts of the language when they use it
        (the stem itself if never seen)."""
        seen = self._surface_in_language.get(stem) or self._surface.get(stem)
        return min(seen.items(), key=lambda kv: (-kv[1], kv[0]))[0] if seen else stem

    def in_language(self, stem: str) -> bool:
        """Whether a text in the language uses the stem (always, without a language or when no
        text was in it)."""
        return not self._surface_in_language or stem in self._surface_in_language


def join_text(parts: Iterable[object]) -> str:
    """A use case's text from its fields: the non-empty ones, stripped, joined as sentences."""
    return ". ".join(t for part in parts if (t := str(part or "").strip()))
