"""Words from use-case texts: tokens, language, stems and the readable form of a stem.

Dutch and English texts (and backlogs that mix them) are handled per text: the language is
guessed from its function words, and each word is stemmed with that language's Snowball stemmer,
so "facturen"/"factuur" and "invoices"/"invoice" each meet in one stem.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

from koers.textmine.glossary import translate

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
_DUTCH_WORDS = """
    aan aangezien al alle alles als alsof altijd ander andere anders bij binnen daar daarna
    daarom dan dat de deze die dit doch doen door dus een eens en enige er even geen gehad
    geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je
    jij jou jouw kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu
    of om omdat onder ons onze ook op over reeds samen te tegen toch toen tot u uit uw van
    veel via voor want was wat we wel werd wie wij wil worden wordt zal ze zelf zich zij
    zijn zo zoals zonder zou elk elke ieder iedere welke zodat waarbij waardoor ervan
    ben bent straks zullen zouden mag mogen moeten
"""
DUTCH_STOP = frozenset(_DUTCH_WORDS.split())
STOP = ENGLISH_STOP | DUTCH_STOP
_EN_MARKERS = "the and of to is for with that this are be by from which"
_NL_MARKERS = "de het een en van voor met dat die is zijn wordt op te bij"
_MARKERS = {"en": frozenset(_EN_MARKERS.split()), "nl": frozenset(_NL_MARKERS.split())}


def tokens(text: str) -> list[str]:
    """The words of a text, lower-cased, in order."""
    return [t.strip("'-") for t in TOKEN.findall(text.lower())]


def language(words: Iterable[str]) -> str:
    """ "nl" when Dutch function words outnumber English ones, else "en"."""
    counts = Counter(w for w in words if w in _MARKERS["en"] or w in _MARKERS["nl"])
    en = sum(n for w, n in counts.items() if w in _MARKERS["en"])
    nl = sum(n for w, n in counts.items() if w in _MARKERS["nl"])
    return "nl" if nl > en else "en"


@lru_cache(maxsize=2)
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch" if lang == "nl" else "english")


class Terms:
    """Turns texts into stems, remembering which written word each stem most often came from."""

    def __init__(self) -> None:
        self._surface: dict[str, Counter[str]] = {}

    def __call__(self, text: str) -> list[str]:
        words = [w for w in tokens(text) if len(w) > 2 and w not in STOP]
        if language(tokens(text)[:200]) == "nl":
            return self._dutch(words)
        stems = _stemmer("en").stemWords(words)
        for word, stem in zip(words, stems, strict=True):
            self._surface.setdefault(stem, Counter())[word] += 1
        return stems

    def _dutch(self, words: list[str]) -> list[str]:
        """Dutch words the glossary knows count as their English equivalents (so mixed backlogs
        share terms); the rest keep their Dutch stem."""
        stems: list[str] = []
        dutch = _stemmer("nl")
        english = _stemmer("en")
        for word in words:
            translated = translate(word)
            found = english.stemWords(list(translated)) if translated else [dutch.stemWord(word)]
            for stem in found:
                self._surface.setdefault(stem, Counter())[word] += 1
            stems.extend(found)
        return stems

    def readable(self, stem: str) -> str:
        """The word most often written for a stem (the stem itself if never seen)."""
        seen = self._surface.get(stem)
        return min(seen.items(), key=lambda kv: (-kv[1], kv[0]))[0] if seen else stem


def join_text(parts: Iterable[object]) -> str:
    """A use case's text from its fields: the non-empty ones, stripped, joined as sentences."""
    return ". ".join(t for part in parts if (t := str(part or "").strip()))
