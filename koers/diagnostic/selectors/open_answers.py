"""Written answers compared with one another: the same words (case, spacing and end punctuation
left out) count as one answer."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable


def normalised(text: str) -> str:
    """An answer as compared with others: case, spacing and end punctuation left out."""
    return re.sub(r"\s+", " ", text).strip().strip(".!?…").strip().casefold()


def answer_groups(answers: Iterable[str]) -> list[tuple[str, int]]:
    """Written answers with the same words as one (text, how many wrote it), the most written
    first; the text as it is first written in alphabetical order."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for answer in sorted(answers):
        key = normalised(answer)
        if key:
            counts[key] += 1
            first.setdefault(key, answer)
    return [(first[key], n) for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
