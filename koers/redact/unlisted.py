"""Names of people who are not in the directory: "teamleider Jan de Boer", "mevrouw Yilmaz",
"J.W. Pietersen", "Kees zei". Without the directory there is no list of names to look for, so a
name must show itself by its shape (the rules are also in docs/voice.md, "Redaction"):

- **Initials and a surname**: "J. Pietersen", "J.W. van der Meer".
- **A form of address and a surname**: "mevrouw Yilmaz", "dhr. van Dam", "Dr. Okafor".
- **A first name** (``first_names``) with a capital, alone or with given names, particles and a
  surname after it: "Jan de Boer", "Mei Ling Chen", "Kees". At the start of a sentence a first
  name alone needs more: a title before it or a verb of saying after it ("Kees zei").
- **A first name that is also an ordinary word** (Mark, Will, Roos, Storm) is a name only where
  the context says person: a title or greeting before it, initials, a verb of saying after it.

A word in capitals (IT, HR, MT) is never a name, nor a word capitalised anyway (May, Monday).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from koers.redact.lexicon import CAPITALISED_WORDS, DEPARTMENTS, ORDINARY_WORDS, TITLES, words
from koers.redact.name_lists import first_names, surnames, surnames_with_particles
from koers.redact.names import Reader

# The particles of Dutch, Flemish and other surnames that may stand between a first name and a
# surname. Narrower than lexicon.PARTICLES: "Kees in Amsterdam" is no name.
SURNAME_PARTICLES = words(
    "van de der den ter ten te het t in von vom zu da di le la du des del mc el al abu ait o d"
)
# Only with an apostrophe after them: O'Brien, d'Ancona; "in" only before 't: Joost in 't Veld.
_BEFORE_APOSTROPHE = frozenset({"o", "d"})

# Forms of address: whatever capitalised word follows is a surname ("mevrouw Yilmaz").
ADDRESS = words(
    """meneer mevrouw mevr mw mvr dhr hr heer juffrouw juf meester mr mrs ms miss mister sir
    madam dr drs prof professor ir ing burgemeester wethouder minister staatssecretaris notaris
    dominee pastoor rechter"""
)

# Letters with full stops that are abbreviations, not initials: "U.S. Army", "N.V. Nederlandse".
ABBREVIATIONS = frozenset({"us", "uk", "eu", "nv", "bv", "ai", "vs", "nl", "ok", "pm", "am"})

_BEFORE_INITIALS = " \t\n\r\u00a0(\"'\u201c\u2018"  # not "N/A." nor "3B."
_SPACE = re.compile("[ \t\u00a0]")
_NUMBER_BEFORE = re.compile(r"\d[ \t\u00a0]?\Z")
_NUMBER_AFTER = re.compile(r"\.?[ \t\u00a0]?\d")
_INITIAL_GAP = re.compile(r"\.[ \t\u00a0]?")
_ADDRESS_GAP = re.compile(r"\.?[ \t\u00a0]{1,2}")


class Found(NamedTuple):
    first: int  # token index
    last: int  # token index, inclusive
    start: int
    end: int


def unlisted_people(reader: Reader) -> list[Found]:
    """The names in the reader's text found by their shape, left to right, never overlapping."""
    found: list[Found] = []
    index = 0
    while index < len(reader.tokens):
        last = _name_at(reader, index)
        if last is None:
            index += 1
            continue
        first = reader.initials_before(index)
        end = reader.tokens[last].end
        known = _known_surname(reader.tokens[last].folded)
        if known is not None and known != reader.tokens[last].folded:
            end -= 1  # the possessive "s" stays outside: "[naam]s team"
        found.append(Found(first, last, reader.tokens[first].start, end))
        index = last + 1
    return found


def _name_at(reader: Reader, index: int) -> int | None:
    """The index of the last token of a name that starts at token ``index``, or None."""
    if _is_initial(reader, index):
        inside_a_run = (
            index > 0
            and _is_initial(reader, index - 1)
            and reader.joined(index - 1, index, _INITIAL_GAP)
        )
        return None if inside_a_run else _after_initials(reader, index)
    candidates = [
        _after_first_name(reader, index),
        _surname_alone(reader, index),
        _particles_and_surname(reader, index),
    ]
    if (
        index > 0
        and reader.tokens[index - 1].folded in ADDRESS
        and not _acronym(reader, index - 1)  # HR is a department, hr. a title
        and reader.joined(index - 1, index, _ADDRESS_GAP)
    ):
        candidates.append(_surname(reader, index))
    found = [last for last in candidates if last is not None]
    return max(found) if found else None


def _after_first_name(reader: Reader, index: int) -> int | None:
    """A first name with a capital, the given names and the surname after it ("Jan Willem de
    Boer"); alone, at the start of a sentence or when it is an ordinary word, only where the
    context says person."""
    token = reader.tokens[index]
    if not token.capital or _acronym(reader, index) or token.folded not in first_names():
        return None
    if _NUMBER_BEFORE.search(reader.text, 0, token.start) or _NUMBER_AFTER.match(
        reader.text, token.end
    ):
        return None  # a date: "4 Jan 2023", "Mei 2025"
    if _inside_a_proper_noun(reader, index):
        return None  # "Amazon Lex", "Puerto Rico", "Google Coral"
    last = index
    given = 1
    while (
        last + 1 < len(reader.tokens)
        and reader.joined(last, last + 1)
        and reader.tokens[last + 1].capital
        and reader.tokens[last + 1].folded in first_names()
        and reader.tokens[last + 1].folded not in ORDINARY_WORDS
    ):
        last += 1  # more given names: "Jan Willem", "Mei Ling"
        given += 1
    surname = _surname(reader, last + 1) if reader.joined(last, last + 1) else None
    if surname is not None:
        last = surname
        if (
            last + 1 < len(reader.tokens)
            and reader.tokens[last + 1].capital
            and not _name_word(reader, last + 1)
            and reader.joined(last, last + 1, _SPACE)
        ):
            return None  # a longer name of a thing: "Roman Wide Field Instrument"
    ordinary = token.folded in ORDINARY_WORDS and given == 1
    if ordinary and surname is not None and reader.tokens[surname].folded in surnames():
        return last  # "Bas Hoekman": an ordinary word, but with a known surname after it
    if ordinary:
        return last if reader.person_context(index, last, capital_says_name=False) else None
    return last


def _particles_and_surname(reader: Reader, index: int) -> int | None:
    """A surname with its particles written with a capital ("Van der Linden", "De Graaf", "El
    Amrani") that is a known one, or after Arabic "El"/"Al"."""
    token = reader.tokens[index]
    if not token.capital or token.folded not in SURNAME_PARTICLES or _acronym(reader, index):
        return None
    if token.folded == "in":
        return None
    last = _surname(reader, index)
    if token.folded in _BEFORE_APOSTROPHE:
        return last  # O'Brien, d'Ancona: _surname checked the apostrophe
    if last is None or last == index:
        return None
    written = tuple(t.folded for t in reader.tokens[index : last + 1])
    if written in surnames_with_particles() or reader.tokens[last].folded in surnames():
        return last
    return last if token.folded in {"el", "al"} and last == index + 1 else None


def _surname_alone(reader: Reader, index: int) -> int | None:
    """A known surname (``surnames``) with a capital: "vraag het Dijkstra", and at the start of
    a sentence when a lower-case word follows ("Patel said", "Dijkstra zegt")."""
    token = reader.tokens[index]
    if not token.capital or _acronym(reader, index) or _known_surname(token.folded) is None:
        return None
    if _inside_a_proper_noun(reader, index):
        return None
    nxt = index + 1
    if nxt < len(reader.tokens) and reader.joined(index, nxt, _SPACE):
        if reader.tokens[nxt].capital:
            return None  # "Hughes Aircraft Company"
    elif reader.sentence_start(index) and not reader.possessive_apostrophe(token):
        return None
    return index


def _known_surname(folded: str) -> str | None:
    """The known surname ``folded`` is, or is with a possessive "s" ("Jansens team")."""
    if folded in surnames():
        return folded
    if folded.endswith("s") and folded[:-1] in surnames():
        return folded[:-1]
    return None


def _inside_a_proper_noun(reader: Reader, index: int) -> bool:
    """Whether the word before ``index`` is a capitalised word in mid-sentence that is no title,
    first name or initial: then the two are one name of a thing ("Amazon Lex")."""
    if index == 0 or not reader.joined(index - 1, index, _SPACE):
        return False
    before = reader.tokens[index - 1]
    return (
        before.capital
        and not reader.sentence_start(index - 1)
        and before.folded not in TITLES
        and not _name_word(reader, index - 1)
        and not _is_initial(reader, index - 1)
    )


def _name_word(reader: Reader, index: int) -> bool:
    """Whether token ``index`` may be (part of) a person's name: a first name or a word of a
    name in the directory. Found names are placeholders when the text is redacted again, so the
    rules above must not depend on whether such a word was a name or a thing."""
    folded = reader.tokens[index].folded
    return any(
        word in first_names() or reader.directory.patterns_from(word)
        for word in (folded, folded.removesuffix("s"))  # "Jansens team"
    )


def _surname(reader: Reader, index: int) -> int | None:
    """The last token of a surname starting at ``index`` (with its particles: "van der Meer",
    a double name: "Jansen-de Vries"), or None when none starts there."""
    tokens = reader.tokens
    position = index
    while (
        position < len(tokens)
        and tokens[position].folded in SURNAME_PARTICLES
        and reader.joined(position, position + 1)
    ):
        folded = tokens[position].folded
        after = reader.text[tokens[position].end : tokens[position].end + 1]
        if folded in _BEFORE_APOSTROPHE and after not in {"'", "\u2019"}:
            return None
        if folded == "in" and tokens[position + 1].folded != "t":
            return None
        position += 1
    if position >= len(tokens) or not _surname_word(reader, position):
        return None
    if position > index and tokens[position].folded in DEPARTMENTS:
        return None
    if position > index and tokens[index].folded == "van":
        # "van" + a capital is as often an organisation ("Wendy van Randstad") as a surname:
        # the surname must be a known one ("van den Berg") or a word of a directory name.
        written = tuple(token.folded for token in tokens[index : position + 1])
        last_word = tokens[position].folded
        if not (
            written in surnames_with_particles()
            or last_word in surnames()
            or reader.directory.patterns_from(last_word)
        ):
            return None
    if position > index and not reader.joined(position - 1, position):
        return None
    # A double surname: "Jansen-de Vries", "Bakker-Smit".
    while (
        position + 1 < len(tokens)
        and reader.text[tokens[position].end : tokens[position + 1].start] == "-"
    ):
        nxt = position + 1
        while (
            nxt + 1 < len(tokens)
            and tokens[nxt].folded in SURNAME_PARTICLES
            and reader.joined(nxt, nxt + 1)
        ):
            nxt += 1
        if not _surname_word(reader, nxt):
            break
        position = nxt
    return position


def _surname_word(reader: Reader, index: int) -> bool:
    token = reader.tokens[index]
    return (
        token.capital
        and not _acronym(reader, index)
        and token.folded not in CAPITALISED_WORDS
        and len(token.folded) > 1
    )


def _acronym(reader: Reader, index: int) -> bool:
    token = reader.tokens[index]
    written = reader.text[token.start : token.end]
    return len(written) > 1 and written.isupper()


def _is_initial(reader: Reader, index: int, *, in_a_run: bool = False) -> bool:
    """A capital letter with a full stop ("J."), after a space or (``in_a_run``) another one."""
    token = reader.tokens[index]
    before = reader.text[token.start - 1] if token.start else " "
    return (
        token.capital
        and token.end - token.start == 1
        and reader.text[token.end : token.end + 1] == "."
        and (before in _BEFORE_INITIALS or (in_a_run and before == "."))
    )


def _after_initials(reader: Reader, index: int) -> int | None:
    """After "J." or "J.W.": the surname, when one follows ("J.W. van der Meer")."""
    position = index
    while position + 1 < len(reader.tokens) and _is_initial(reader, position + 1, in_a_run=True):
        if not reader.joined(position, position + 1, _INITIAL_GAP):
            break
        position += 1
    letters = "".join(token.folded for token in reader.tokens[index : position + 1])
    if letters in ABBREVIATIONS:
        return None
    line_start = reader.text.rfind("\n", 0, reader.tokens[index].start) + 1
    at_line_start = not reader.text[line_start : reader.tokens[index].start].strip()
    nxt = position + 1
    if nxt >= len(reader.tokens) or not reader.joined(position, nxt, _INITIAL_GAP):
        return None
    if reader.text[reader.tokens[position].end : reader.tokens[nxt].start].strip() != ".":
        return None
    last = _surname(reader, nxt)
    if last is not None and len(letters) == 1 and at_line_start:
        # "A. Evaluating ...": a list item's letter, unless the words after say person.
        return last if reader.person_context(nxt, last, capital_says_name=False) else None
    return last
