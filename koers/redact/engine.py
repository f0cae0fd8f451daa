"""``redact``: every finder over one text, overlaps settled, placeholders put in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from koers.redact import names, patterns
from koers.redact.names import PERSON, Directory

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


def find(text: str, directory: Directory | None = None) -> list[Redaction]:
    """The personal data in ``text``: sorted, never overlapping, never inside a placeholder."""
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
    if directory is not None and len(directory):
        # Names are looked for around the other findings, as if these were placeholders already,
        # so that redacting the redacted text finds the same names.
        masked = list(text)
        for start, end in [(r.start, r.end) for r in chosen] + blocked:
            masked[start:end] = "[" + "_" * (end - start - 2) + "]"
        for kind, start, end in names.people("".join(masked), directory):
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
