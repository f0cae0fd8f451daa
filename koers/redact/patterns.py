"""Personal data with a shape: e-mail addresses, phone numbers, IBANs and Dutch BSNs.

Each finder yields ``(kind, start, end)`` spans into the text it was given. The numbers are
checked, not just matched: an IBAN must pass mod-97 and have its country's length, a BSN the
11-check (elfproef), a phone number the digit count of a Dutch or international number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[str, int, int]

EMAIL = "email"
PHONE = "phone"
IBAN = "iban"
BSN = "bsn"

# --- e-mail -----------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.%+\]-])[\w%+-]+(?:\.[\w%+-]+)*@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*"
    r"\.[^\W\d_]{2,24}(?![\w-]|\.[^\W_])"
)


def emails(text: str) -> Iterator[Span]:
    for match in _EMAIL.finditer(text):
        yield EMAIL, match.start(), match.end()


# --- IBAN -------------------------------------------------------------------------------------

# The length of each country's IBAN (ISO 13616 registry).
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
    "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip

# A country code and two check digits at the start of a word; the rest is read by _iban_at.
_IBAN_START = re.compile(r"(?<![^\W_\]\[])([A-Za-z]{2})(\d{2})")
_SPACES = " \u00a0"


def iban_is_valid(candidate: str) -> bool:
    """True for an IBAN (spaces allowed, any case) of a known country's length passing mod-97."""
    compact = "".join(candidate.split()).upper()
    if IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact.isascii():
        return False
    if not compact.isalnum() or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def _iban_at(text: str, start: int, length: int) -> int | None:
    """The end of ``length`` IBAN characters from ``start`` (single spaces allowed between
    characters), or None when the text runs out, or an IBAN character follows directly."""
    position, count = start, 0
    while count < length:
        if position >= len(text):
            return None
        char = text[position]
        if char.isascii() and char.isalnum():
            count += 1
            position += 1
        elif (
            char in _SPACES
            and count
            and position + 1 < len(text)
            and text[position + 1] not in _SPACES
        ):
            position += 1
        else:
            return None
    if position < len(text) and (text[position].isalnum() or text[position] in "[]"):
        return None
    return position


def iban_shapes(text: str) -> Iterator[tuple[int, int, bool]]:
    """Every IBAN-shaped stretch as ``(start, end, valid)``: the invalid ones are not personal
    data, but their digits must not be mistaken for a phone number or a BSN either."""
    for match in _IBAN_START.finditer(text):
        country = match.group(1).upper()
        length = IBAN_LENGTHS.get(country)
        if length is None:
            continue
        end = _iban_at(text, match.start(), length)
        if end is not None:
            yield match.start(), end, iban_is_valid(text[match.start() : end])


def ibans(text: str) -> Iterator[Span]:
    for start, end, valid in iban_shapes(text):
        if valid:
            yield IBAN, start, end


# --- BSN --------------------------------------------------------------------------------------

# Nine digits, also written 1234.56.782, 123.456.782, 123 456 782 or 123-456-782; eight digits
# (a BSN whose leading zero was left off) only right after a word that says it is a BSN.
_BSN = re.compile(
    r"(?<![\w+.,/\[\]-])"
    r"(\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}\.\d{3}\.\d{3}|\d{3} \d{3} \d{3}|\d{3}-\d{3}-\d{3}|\d{8})"
    r"(?![\w/\[\]-])(?![.,]\d)"
)
_BSN_WORD = re.compile(
    r"\b(bsn|burgerservicenummer|sofi-?nummer|sofinr|citizen service number)\b[^\w\n]{0,5}"
    r"(\w+[^\w\n]{1,3}){0,3}$",
    re.IGNORECASE,
)


def bsn_is_valid(candidate: str) -> bool:
    """The 11-check: 9 digits (8 get a leading zero), weights 9..2 and -1, sum divisible by 11."""
    digits = [int(char) for char in candidate if char.isdigit()]
    if len(digits) == 8:
        digits.insert(0, 0)
    if len(digits) != 9 or not any(digits):
        return False
    total = sum(digit * weight for digit, weight in zip(digits, range(9, 1, -1), strict=False))
    return (total - digits[8]) % 11 == 0


def bsns(text: str) -> Iterator[Span]:
    for match in _BSN.finditer(text):
        number = match.group(1)
        if len(number) == 8 and not _BSN_WORD.search(
            text, max(0, match.start() - 60), match.start()
        ):
            continue
        if bsn_is_valid(number):
            yield BSN, match.start(), match.end()


# --- phone numbers ----------------------------------------------------------------------------

# Where a number may start: +31…, 0031…, (020)…, 020…; never inside a word or another number.
_PHONE_START = re.compile(r"(?<![\w+.,/:€$£\[\]-])(?:\+\s?\d|00\d|\(0\d|0\d)")
_PHONE_SEPARATORS = " \u00a0-."
# A date (possibly followed by a time or a count), never a phone number: 06-12-2024, 06.12.24 10.
_DATE = re.compile(r"\d{1,2}([-./])\d{1,2}\1\d{2,4}(?:\s|$)")


def _phone_groups(text: str, start: int) -> list[int]:
    """The positions after each group of digits of the number that starts at ``start``: digits,
    joined by one separator (space, hyphen, dot) or by brackets around an area code."""
    ends: list[int] = []
    position = start
    if text[position] == "+":
        position += 1
        if position < len(text) and text[position] == " ":
            position += 1
    while position < len(text):
        char = text[position]
        if char.isdigit() and char.isascii():
            position += 1
            if position >= len(text) or not text[position].isdigit():
                ends.append(position)
            continue
        if char == "(" and (
            position == start or text[position - 1] in " " or text[position - 1].isdigit()
        ):
            close = text.find(")", position, position + 6)
            if close == -1 or not text[position + 1 : close].isdigit():
                break
            position = close + 1
            ends.append(position)
            if position < len(text) and text[position] == " ":
                position += 1
            continue
        if char in _PHONE_SEPARATORS and ends and ends[-1] == position:
            nxt = position + 1
            if nxt < len(text) and (text[nxt].isdigit() or text[nxt] == "("):
                position = nxt
                continue
        break
    return ends


def _is_phone(candidate: str) -> bool:
    if _DATE.match(candidate.lstrip("(")):
        return False
    international = candidate.startswith(("+", "00"))
    if international:
        body = candidate.replace("(0)", "", 1)
        digits = "".join(char for char in body if char.isdigit())
        if candidate.startswith("00"):
            digits = digits[2:]
        if digits.startswith("31"):
            return len(digits) == 11 and digits[2] != "0"
        return 8 <= len(digits) <= 15 and digits[0] != "0"
    digits = "".join(char for char in candidate if char.isdigit())
    return len(digits) == 10 and digits[0] == "0" and digits[1] != "0"


def phones(text: str) -> Iterator[Span]:
    position = 0
    while True:
        match = _PHONE_START.search(text, position)
        if match is None:
            return
        start = match.start()
        ends = _phone_groups(text, start)
        found = None
        for end in reversed(ends):
            following = text[end : end + 2]
            if (
                following[:1].isalnum()
                or following[:1] in "[]"
                or re.match(r"[.,:/-]\d", following)
            ):
                continue  # part of something longer: an amount, a time, a code
            if _is_phone(text[start:end]):
                found = end
                break
        if found is None:
            position = match.end()
        else:
            yield PHONE, start, found
            position = found
