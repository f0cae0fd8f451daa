"""The term syntax of the lexicons: how one term is parsed into the word atoms it matches.

Shared by the pre-screen (:mod:`koers.textmine.prescreen`, which matches the atoms against a text)
and the lexicon schema (:mod:`koers.textmine.lexicons.schema`, which rejects a term this parser
refuses), so a term is valid exactly when the pre-screen can use it. The syntax is described in
the ``term_syntax`` field of ``risk.json``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A word of a text: letters and digits. A term's words must be such words, or they never match.
WORD = re.compile(r"[^\W_]+")
_SPLIT_TERM = re.compile(r"[\s\-'\u2019/]+")


def fold(word: str) -> str:
    """Lower case without accents: "Patiënt" -> "patient"."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Atom:
    """One word of a term: how it is matched against one word of the text."""

    # "exact" (with inflections), "exact_only", "prefix", "infix" or "case" (case-sensitive exact)
    how: str
    key: str


def _atom(term: str, how: str, key: str) -> Atom:
    if not key:
        raise ValueError(f"invalid lexicon term {term!r}: a *, = or ^ without a word")
    if not WORD.fullmatch(key):
        raise ValueError(
            f"invalid lexicon term {term!r}: {key!r} is not a word (letters and digits, "
            "with * only at the start and end of a word, = or ^ only at its start)"
        )
    return Atom(how, key)


def compile_term(term: str) -> tuple[Atom, ...]:
    """Parse a lexicon term into word atoms; ``ValueError`` (naming the term) if it is invalid."""
    if term.startswith("^"):
        return (_atom(term, "case", term[1:]),)
    atoms: list[Atom] = []
    for part in _SPLIT_TERM.split(term.strip()):
        if not part:
            continue
        if part.startswith("*") and part.endswith("*") and len(part) > 2:
            atoms.append(_atom(term, "infix", fold(part[1:-1])))
        elif part.endswith("*"):
            atoms.append(_atom(term, "prefix", fold(part[:-1])))
        elif part.startswith("="):
            atoms.append(_atom(term, "exact_only", fold(part[1:])))
        else:
            atoms.append(_atom(term, "exact", fold(part)))
    if not atoms:
        raise ValueError(f"empty lexicon term: {term!r}")
    return tuple(atoms)
