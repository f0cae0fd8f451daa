"""``redact``: every finder over one text, overlaps settled, placeholders put in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from koers.redact import names, patterns
from koers.redact.names import PERSON, Directory
from koers.redact.people import people

KINDS = (patterns.EMAIL, patterns.PHONE, patterns.IBAN, patterns.BSN, PERSON)

_SHARED = {"email": "[e-mail]", "iban": "[IBAN]", "bsn": "[BSN]"}
PLACEHOLDERS = {
    "en": {**_SHARED, "phone": "[phone]", "person": "[name]"},
    "nl": {**_SHARED, "phone": "[telefoon]", "person": "[naam]"},
}

# A placeholder already in the text (a text redacted before) is never redacted again.
_PLACEHOLDER = re.compile(
    "|".join(
        sorted(
            {re.escape(text) for table in PLACEHOLDERS.values() for text in table.values()},
            key=len,
            reverse=True,
        )
    )
)

# When two findings overlap, the more certain shape wins, then the longer one.
_CERTAINTY = {patterns.EMAIL: 0, patterns.IBAN: 0, patterns.PHONE: 1, patterns.BSN: 1, PERSON: 2}


@dataclass(frozen=True, slots=True)
class Redaction:
    """One piece of personal data: ``text[start:end]`` of the original text is it."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Redacted:
    text: str
    redactions: list[Redaction]


def placeholder(kind: str, language: str = "en") -> str:
    """What stands in the redacted text instead of a finding of ``kind``."""
    return PLACEHOLDERS.get(language, PLACEHOLDERS["en"])[kind]


# How often ``find`` looks again at its own result (see there); one more look is rarely needed.
MAX_LOOKS = 4


def find(text: str, directory: Directory | None = None) -> list[Redaction]:
    """The personal data in ``text``: sorted, never overlapping, never inside a placeholder.

    Whether a word is a name can depend on its neighbours ("Mei Ling" before a name is a name,
    before "Van Gogh" perhaps not), and a neighbour may be replaced by a placeholder. So ``find``
    looks again at the text with its findings replaced, maps what it finds there back onto
    ``text``, and repeats until nothing new turns up: redacting a redacted text finds nothing.
    """
    found = _find_once(text, directory)
    for _look in range(MAX_LOOKS):
        redacted, pieces = _replaced(text, found)
        more = [
            mapped
            for redaction in _find_once(redacted, directory)
            if (mapped := _map_back(redaction, pieces)) is not None
        ]
        if not more:
            break
        found = _merged(found, more)
    return found


class _Piece(NamedTuple):
    """A piece of the replaced text: where it is there, where it came from, and whether it is
    text copied as it was (or a placeholder for the finding at ``source``)."""

    start: int
    end: int
    source_start: int
    source_end: int
    copied: bool


def _replaced(text: str, found: list[Redaction]) -> tuple[str, list[_Piece]]:
    """``text`` with ``found`` replaced by placeholders, cut into pieces."""
    parts: list[str] = []
    pieces: list[_Piece] = []
    position = length = 0
    for redaction in [*found, None]:
        copy_end = redaction.start if redaction else len(text)
        chunk = text[position:copy_end]
        pieces.append(_Piece(length, length + len(chunk), position, copy_end, True))
        parts.append(chunk)
        length += len(chunk)
        if redaction is None:
            break
        stand_in = placeholder(redaction.kind)
        pieces.append(_Piece(length, length + len(stand_in), redaction.start, redaction.end, False))
        parts.append(stand_in)
        length += len(stand_in)
        position = redaction.end
    return "".join(parts), pieces


def _map_back(redaction: Redaction, pieces: list[_Piece]) -> Redaction | None:
    """Where a finding in the replaced text lies in the original: a position in copied text
    moves with it; a placeholder, taken in whole, stands for the finding it replaced."""
    start = end = None
    for piece in pieces:
        if piece.start <= redaction.start < piece.end or (
            piece.copied and piece.start == redaction.start == piece.end
        ):
            if piece.copied:
                start = piece.source_start + redaction.start - piece.start
            elif redaction.start == piece.start:
                start = piece.source_start
        if piece.start < redaction.end <= piece.end:
            if piece.copied:
                end = piece.source_start + redaction.end - piece.start
            elif redaction.end == piece.end:
                end = piece.source_end
    if start is None or end is None or start >= end:
        return None
    return Redaction(redaction.kind, start, end)


def _merged(found: list[Redaction], more: list[Redaction]) -> list[Redaction]:
    """``found`` with ``more``: a name that takes in findings becomes one, other overlaps keep
    what was found first."""
    result = list(found)
    for new in more:
        overlapping = [old for old in result if old.start < new.end and new.start < old.end]
        if overlapping and not (new.kind == PERSON and all(o.kind == PERSON for o in overlapping)):
            continue
        result = [old for old in result if old not in overlapping]
        start = min([new.start, *(old.start for old in overlapping)])
        end = max([new.end, *(old.end for old in overlapping)])
        result.append(Redaction(new.kind, start, end))
    return sorted(result, key=lambda r: r.start)


def _find_once(text: str, directory: Directory | None) -> list[Redaction]:
    # Numbers inside an IBAN-shaped text that fails its check are no phone number or BSN either.
    blocked = [(start, end) for start, end, _valid in patterns.iban_shapes(text)]
    blocked += [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]
    outside = _Claims(len(text))  # not inside a blocked stretch
    for start, end in blocked:
        outside.claim(start, end)
    shapes = [
        *patterns.emails(text),
        *patterns.ibans(text),
        *patterns.phones(text),
        *patterns.bsns(text),
    ]
    chosen: list[Redaction] = []
    claimed = _Claims(len(text))
    for kind, start, end in sorted(shapes, key=lambda s: (_CERTAINTY[s[0]], s[1] - s[2], s[1])):
        if kind not in {patterns.EMAIL, patterns.IBAN} and not outside.free(start, end):
            continue
        if claimed.free(start, end):
            chosen.append(Redaction(kind, start, end))
            claimed.claim(start, end)
    if text:
        # Names are looked for around the other findings, as if these were placeholders already,
        # so that redacting the redacted text finds the same names.
        masked = list(text)
        for start, end in [(r.start, r.end) for r in chosen] + blocked:
            masked[start:end] = "[" + "_" * (end - start - 2) + "]"
        named = any(table[PERSON] in text for table in PLACEHOLDERS.values())
        sloppy = not named and names.written_sloppily(_PLACEHOLDER.sub(" ", text))
        for kind, start, end in people("".join(masked), directory, sloppy=sloppy):
            if claimed.free(start, end) and outside.free(start, end):
                chosen.append(Redaction(kind, start, end))
    return sorted(chosen, key=lambda r: r.start)


class _Claims:
    """Which characters of a text are claimed."""

    def __init__(self, length: int) -> None:
        self._taken = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return not any(self._taken[start:end])

    def claim(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)


def redact(text: str, directory: Directory | None = None, *, language: str = "en") -> Redacted:
    """``text`` with its e-mail addresses, phone numbers, IBANs, BSNs and (given a directory)
    the names of the organisation's people replaced by placeholders such as ``[name]``
    (``language="nl"``: ``[naam]``); the redactions' offsets point into the original ``text``."""
    redactions = find(text, directory)
    parts: list[str] = []
    position = 0
    for redaction in redactions:
        parts += [text[position : redaction.start], placeholder(redaction.kind, language)]
        position = redaction.end
    parts.append(text[position:])
    return Redacted("".join(parts), redactions)
