"""Names of things that look like names of people: places ("Den Haag", "Alphen aan den Rijn",
"Ten Boer"), streets ("Jan van Galenstraat"), institutions and companies ("Van Gogh Museum",
"Douwe Egberts", "Van Dijk ICT"), sayings ("Jan Modaal", "Joost mag het weten"), and chatbots,
rooms and projects named after a person ("chatbot Anna", "zaal Rembrandt", "het risicomodel
heet Hendrik" — and then every "Hendrik" in that text). A name found by ``people.people`` inside
one of these is left alone.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from koers.redact.lexicon import PARTICLES, TITLES, words
from koers.redact.names import Reader, fold

# A thing named after a person follows one of these ("de chatbot Anna", "heet 'Eva'").
THING_BEFORE = words(
    """chatbot bot chatbots assistent assistant avatar project projectnaam zaal vergaderzaal room
    tool app model risicomodel taalmodel systeem system robot heet heette noemen noemden
    genoemd gedoopt called named nicknamed dubbed"""
)
# ... or is followed by one of these ("Van Gogh Museum", "Summer School").
THING_AFTER = words(
    """museum fabriek college school ziekenhuis hotel universiteit university hogeschool academie
    academy stichting foundation instituut institute bank groep group arena stadion kazerne
    kliniek clinic centrum center centre hal hall gebouw building prijs award ict bv nv holding
    consultancy advies services software solutions"""
)
# Companies whose name is also a surname.
COMPANIES = words("philips heineken shell randstad ahold unilever albert hema kpn bosch")
# Sayings and companies of several words that name nobody (folded, words as the tokens are).
PHRASES = (
    "jan en alleman",
    "jan modaal",
    "jan lul",
    "jan met de pet",
    "jan boerenlul",
    "klaas vaak",
    "henk en ingrid",
    "jip en janneke",
    "jip en janneketaal",
    "joost mag het weten",
    "joost mag weten",
    "wet van murphy",
    "murphy s law",
    "tom dick and harry",
    "bob s your uncle",
    "het is kees",
    "piet precies",
    "jantje lacht",
    "jantje huilt",
    "douwe egberts",
    "bakker bart",
    "albert heijn",
    "hof van twente",
    "capelle aan den ijssel",
)
# "de Dam", "het Rijk", "het Hof", "de Koning": one word after "de" or "het" is a thing or a title.
ARTICLES = words("de het t the")
STREET_ENDINGS = ("straat", "laan", "plein", "gracht", "kade", "singel", "steeg", "dreef", "weg")
# Places people write differently from the list: "Den Haag", not "'s-Gravenhage".
MORE_PLACES = ("den haag", "den bosch", "den helder", "horst aan de maas", "hook of holland")

_ONE_SPACE = re.compile("[ \t\u00a0]")
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u201e"
_THING_GAP = re.compile(f"[ \t\u00a0]?[{_QUOTES}:]*[ \t\u00a0]?[{_QUOTES}]?")
_PHRASE_GAP = re.compile("[ \t\u00a0]{1,2}|[ \t\u00a0]?[-'\u2019][ \t\u00a0]?|,[ \t\u00a0]")
_PLACE_WORD = re.compile(r"[^\W\d_]+")


@cache
def places() -> frozenset[tuple[str, ...]]:
    """Dutch and Belgian places of two words or more (Faker's address lists), and the sayings
    and companies above, as folded words."""
    found = {tuple(place.split()) for place in (*MORE_PLACES, *PHRASES)}
    for locale in ("nl_NL", "nl_BE"):
        provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        for place in getattr(provider, "cities", ()):
            folded = tuple(fold(word) for word in _PLACE_WORD.findall(place))
            if len(folded) >= 2:
                found.add(folded)
    return frozenset(found)


@cache
def _phrase_lengths() -> dict[str, tuple[int, ...]]:
    """For each first word of a place or phrase, the lengths they come in, longest first."""
    lengths: dict[str, set[int]] = {}
    for place in places():
        lengths.setdefault(place[0], set()).add(len(place))
    return {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}


class Things:
    """The things in one text: where its places, sayings and companies are, and which words it
    gives as the name of a thing ("het risicomodel heet Hendrik")."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.inside = self._inside_phrases()
        tokens = reader.tokens
        self.named = {
            tokens[index].folded
            for index in range(1, len(tokens))
            if tokens[index].capital and self._after_a_thing_word(index)
        }

    def _inside_phrases(self) -> set[int]:
        inside: set[int] = set()
        tokens = self.reader.tokens
        for start, token in enumerate(tokens):
            for length in _phrase_lengths().get(token.folded, ()):
                end = start + length - 1
                if end >= len(tokens):
                    continue
                words = tuple(t.folded for t in tokens[start : end + 1])
                if words in places() and all(
                    self.reader.joined(i, i + 1, _PHRASE_GAP) for i in range(start, end)
                ):
                    inside.update(range(start, end + 1))
                    break
        return inside

    def _a_colleague(self, index: int) -> bool:
        """ "Eva van personeelszaken", "collega Storm": a person of that name, not the thing."""
        reader = self.reader
        titled = index > 0 and reader.tokens[index - 1].folded in TITLES
        return titled or reader.of_a_department(index)

    def _after_a_thing_word(self, index: int) -> bool:
        tokens = self.reader.tokens
        between = self.reader.text[tokens[index - 1].end : tokens[index].start]
        return tokens[index - 1].folded in THING_BEFORE and bool(_THING_GAP.fullmatch(between))

    def cover(self, first: int, last: int) -> bool:
        """Whether tokens ``first``..``last``, found as a name, name a thing instead."""
        reader, tokens = self.reader, self.reader.tokens
        if all(index in self.inside for index in range(first, last + 1)):
            return True
        if first == last and tokens[first].folded in COMPANIES:
            return True
        if first == last and tokens[first].folded in self.named and not self._a_colleague(first):
            return True
        if first > 0 and self._after_a_thing_word(first):
            return True
        if (
            first == last
            and first > 0
            and tokens[first - 1].folded in ARTICLES
            and reader.joined(first - 1, first, _ONE_SPACE)
            and not reader.directory_has((tokens[first - 1].folded, tokens[first].folded))
        ):
            return True
        return self._goes_on_as_a_thing(last, through_particles=first == last)

    def _goes_on_as_a_thing(self, last: int, *, through_particles: bool) -> bool:
        """Capitalised words (and after one word, particles) that go on after the name make it a
        thing: "Van Gogh Museum", "Jan van Galenstraat", "Van der Valk-hotel", "Van Dijk ICT";
        but "Oliver Cook van ICT" is a person of ICT."""
        reader, tokens = self.reader, self.reader.tokens
        while True:
            final = tokens[last]
            if any(
                final.folded.endswith(ending) and len(final.folded) > len(ending) + 2
                for ending in STREET_ENDINGS
            ):
                return True
            nxt = last + 1
            if nxt >= len(tokens):
                return False
            between = reader.text[final.end : tokens[nxt].start]
            if between in {" ", "-"} and tokens[nxt].folded in THING_AFTER:
                return True
            going_on = tokens[nxt].capital or (
                through_particles and tokens[nxt].folded in PARTICLES
            )
            if not (going_on and reader.joined(last, nxt, _ONE_SPACE)):
                return False
            last = nxt
