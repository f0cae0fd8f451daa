"""First names and surnames people in the Netherlands and Belgium are likely to have, to find the
names of people who are not in the organisation's directory (an external consultant, a manager who
does not use Koers). The lists come from Faker's person providers (MIT), a pip package that ships
them: nothing is downloaded.

A name from these lists is only evidence: ``koers.redact.unlisted`` asks for a capital, a surname
or initials beside it, or a title before it, leaves the ordinary words that are also names
(``lexicon.ORDINARY_WORDS``) to the context, and the words below alone.
"""

from __future__ import annotations

import importlib
from functools import cache

from koers.redact.lexicon import CAPITALISED_WORDS, ORDINARY_WORDS, words

# Dutch, Flemish, English, German, French, Turkish, Polish, Indonesian, Spanish, Italian and
# Portuguese first names: the names of the Netherlands' largest groups of residents.
LOCALES = (
    "nl_NL",
    "nl_BE",
    "en_US",
    "en_GB",
    "de_DE",
    "fr_FR",
    "tr_TR",
    "pl_PL",
    "id_ID",
    "es_ES",
    "it_IT",
    "pt_PT",
)

# Common in the Netherlands but missing from those lists: older Dutch names, short forms, and names
# of Surinamese, Hindustani, Moroccan and Chinese origin written in Latin letters.
MORE_FIRST_NAMES = words(
    """kees joop annemiek ruud truus sjaak cor toos riet nel ans bep gert gijs hennie klaas koos
    leen marijke mies rinus teun wout henk dirk gerrit hans ineke joke loes mieke wil wilma
    priya anand ravi sunita rakesh shanti anjali kiran sita
    youssef yassine khalid hamza bilal soufiane ilham naima samira nadia karim mounir rachid
    mei ling wei xiao jing hui yan chen
    willemijn marloes remco arjen frits marjolein corine eelco gonny hanneke hein hetty jacco
    janneke jorien lonneke margriet menno quirine rianne robbert tjeerd wietske ymke bouke douwe
    durk eelke fokke gerben jildou lolkje oane sietse sjouke tjitske wytze esra merve hanane
    redouan anouar roshni rajesh dinesh ashwin sharda ramesh"""
)

# In those lists, but more often something else in a text about AI at work: Dutch and English
# words (those found in lower case in Django's Dutch catalogue, the method's essay and the federal
# use cases), places and brands, and AI products with a person's name.
NOT_FIRST_NAMES = words(
    """an dan elke over us el del mar sol tan don per pol ide ise ale dal can bir ay
    among else side edit said server lies meta juli sep pia marine peer harm lander urban ties
    edu
    paris sydney austin georgia virginia carolina dakota jordan kent chelsea florence victoria
    dallas brooklyn india china america holland london berlin madrid jersey houston orlando
    savannah phoenix denver lincoln marseille lourdes
    claude alexa siri gemini cortana watson bard grok llama mistral copilot mercedes tesla
    philips albert corona okta kendra africa coral"""
)
# "Albert" is left out for "Albert Heijn"; a colleague called Albert is still found when he is in
# the directory or written with a title or initials.


# Surnames in those lists that are also common words (found as for NOT_FIRST_NAMES).
NOT_SURNAMES = words(
    """anders banks bas best bird black block bond boven brand burns case cases colon company
    crane cross day doe field fields frost glass good grant green groot grote hoog hope house jan
    key klein kort korte lang law lees lijn little long lower man marks may meer mens miles moet
    moon pace page pages parent post power price put read real rich rivers room rust sales seven
    short small smart snow sole strong van velden vink water waters weeks wel winter wood cant
    werd english french german dutch spanish italian polish turkish arabic chinese japanese
    russian portuguese washington holland england france york london paris berlin"""
)


def _last_names() -> list[list[str]]:
    """Every surname of the lists as folded words, particles first ("Dijk, van" -> van dijk)."""
    from koers.redact.names import fold

    found = []
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for name in getattr(provider, "last_names", ()):
            main, _comma, particles = name.partition(",")
            written = f"{particles} {main}" if particles else main
            parts = [fold(word) for word in written.replace("-", " ").split() if word.isalpha()]
            if parts:
                found.append(parts)
    return found


@cache
def surnames_with_particles() -> frozenset[tuple[str, ...]]:
    """The surnames that start with a particle, as folded words: ("van", "den", "berg")."""
    from koers.redact.lexicon import PARTICLES

    return frozenset(tuple(parts) for parts in _last_names() if parts[0] in PARTICLES)


@cache
def surnames() -> frozenset[str]:
    """The folded last words of surnames ("van den Berg" gives "berg") of at least four letters
    that are no common word."""
    found = {parts[-1] for parts in _last_names()}
    return frozenset(
        name
        for name in found
        if len(name) >= 4
        and name not in NOT_SURNAMES
        and name not in ORDINARY_WORDS
        and name not in CAPITALISED_WORDS
    )


@cache
def first_names() -> frozenset[str]:
    """The folded first names (one word each: "Jan Willem" gives "jan" and "willem")."""
    from koers.redact.names import fold

    found: set[str] = set(MORE_FIRST_NAMES)
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            for name in getattr(provider, attribute, ()):
                found.update(fold(word) for word in name.split() if word.isalpha())
    return frozenset(
        name
        for name in found
        if len(name) > 1 and name not in NOT_FIRST_NAMES and name not in CAPITALISED_WORDS
    )
