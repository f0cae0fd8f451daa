"""How well the names are found, on a labelled set (``koers/redact/data/names.txt``, written by
hand): the share of names removed whole, and the share of look-alike words ("traps": de bakker,
in mei, Den Haag, Albert Heijn) left untouched. ``koers bench redaction`` prints both, beside the
directory's names alone (no names found by their shape) as the baseline.

The file: ``member: FULL NAME`` lines give the organisation's directory; ``LANG<TAB>TEXT`` lines
are examples, in which ``[[...]]`` marks a name that must go whole and ``{{...}}`` a trap that
must stay. A name counts as removed when every letter of it is inside a redaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from koers.redact.names import Directory
from koers.redact.people import people

LABELLED = Path(__file__).with_name("data") / "names.txt"
_MARK = re.compile(r"\[\[(.+?)\]\]|\{\{(.+?)\}\}")


@dataclass(frozen=True)
class Example:
    language: str
    text: str
    names: tuple[tuple[int, int], ...]  # spans into text
    traps: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class LabelledSet:
    members: tuple[str, ...]
    examples: tuple[Example, ...]


def read_labelled(path: Path = LABELLED) -> LabelledSet:
    """The labelled set; a malformed line raises ValueError naming it."""
    members: list[str] = []
    examples: list[Example] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("member:"):
            members.append(line.removeprefix("member:").strip())
            continue
        language, tab, marked = line.partition("\t")
        if not tab or language not in {"nl", "en"}:
            raise ValueError(f"{path.name}, line {number}: expected LANG<TAB>TEXT")
        examples.append(_example(language, marked, f"{path.name}, line {number}"))
    return LabelledSet(tuple(members), tuple(examples))


def _example(language: str, marked: str, where: str) -> Example:
    text: list[str] = []
    names: list[tuple[int, int]] = []
    traps: list[tuple[int, int]] = []
    position = 0
    length = 0
    for match in _MARK.finditer(marked):
        before = marked[position : match.start()]
        text.append(before)
        length += len(before)
        inner = match.group(1) or match.group(2)
        (names if match.group(1) else traps).append((length, length + len(inner)))
        text.append(inner)
        length += len(inner)
        position = match.end()
    text.append(marked[position:])
    plain = "".join(text)
    if any(mark in plain for mark in ("[[", "]]", "{{", "}}")):
        raise ValueError(f"{where}: unbalanced marks")
    return Example(language, plain, tuple(names), tuple(traps))


@dataclass
class Score:
    """Counts per language ("all" for the whole set)."""

    names: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    traps: dict[str, int] = field(default_factory=dict)
    touched: dict[str, int] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    wrongly: list[str] = field(default_factory=list)

    def add(self, key: str, language: str, value: int = 1) -> None:
        table = getattr(self, key)
        for group in (language, "all"):
            table[group] = table.get(group, 0) + value

    def recall(self, language: str = "all") -> float:
        return self.removed.get(language, 0) / max(1, self.names.get(language, 0))

    def trap_rate(self, language: str = "all") -> float:
        return self.touched.get(language, 0) / max(1, self.traps.get(language, 0))


def evaluate(labelled: LabelledSet, *, by_shape: bool = True) -> Score:
    """Find the names in every example (with the set's directory) and score them."""
    directory = Directory.from_names(labelled.members)
    score = Score()
    for example in labelled.examples:
        found = [
            (start, end) for _kind, start, end in people(example.text, directory, by_shape=by_shape)
        ]
        covered = bytearray(len(example.text))
        for start, end in found:
            covered[start:end] = b"\x01" * (end - start)
        for start, end in example.names:
            score.add("names", example.language)
            letters = [i for i in range(start, end) if example.text[i].isalnum()]
            if all(covered[i] for i in letters):
                score.add("removed", example.language)
            else:
                score.missed.append(f"{example.text[start:end]!r} in {example.text!r}")
        for start, end in example.traps:
            score.add("traps", example.language)
            if any(covered[start:end]):
                score.add("touched", example.language)
                score.wrongly.append(f"{example.text[start:end]!r} in {example.text!r}")
    return score
