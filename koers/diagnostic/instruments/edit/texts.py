"""Ids and texts: ids made from English text, texts in both languages, and options (or matrix
rows) written one per line as ``Nederlands | English``, keeping their ids when edited."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from koers.diagnostic.instruments.edit.common import _fail

ID_MAX_LENGTH = 40
ID_MAX_WORDS = 6


def make_id(text: str, taken: Iterable[str], *, fallback: str = "item") -> str:
    """A snake_case id from (English) text: its first words, ASCII only, unique among ``taken``
    (``_2``, ``_3``, … added when needed)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain.replace("'", ""))[:ID_MAX_WORDS]
    base = "_".join(words)[:ID_MAX_LENGTH].strip("_") or fallback
    if not base[0].isalpha():
        base = f"{fallback}_{base}"
    used = set(taken)
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}_{n}"
    return candidate


def text(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl.strip(), "en": en.strip()}


def optional_text(nl: str, en: str) -> dict[str, str] | None:
    """None when both are blank; one language alone is kept, for the check to refuse."""
    return text(nl, en) if (nl.strip() or en.strip()) else None


def parse_lines(lines: str, *, field: str) -> list[dict[str, str]]:
    """``Nederlands | English`` per line into texts; blank lines are skipped."""
    texts = []
    for number, line in enumerate(lines.splitlines(), 1):
        if not line.strip():
            continue
        nl, bar, en = line.partition("|")
        if not bar or not nl.strip() or not en.strip() or "|" in en:
            raise _fail(field, "line_format", str(number))
        texts.append(text(nl, en))
    return texts


def format_lines(texts: Iterable[Mapping[str, str]]) -> str:
    return "\n".join(f"{t['nl']} | {t['en']}" for t in texts)


def options_from(
    texts: Sequence[Mapping[str, str]],
    previous: Sequence[Mapping[str, Any]] = (),
    *,
    first_id: str | None = None,
) -> list[dict[str, Any]]:
    """Options (or matrix rows) for these labels, keeping the id of a previous option with the
    same English or else the same Dutch label; ``first_id`` names the first one when no option
    has that id yet (the opt-in question's "yes")."""
    unclaimed = list(previous)
    ids: list[str | None] = []
    for label in texts:
        match = next((o for o in unclaimed if o["label"]["en"] == label["en"]), None) or next(
            (o for o in unclaimed if o["label"]["nl"] == label["nl"]), None
        )
        if match is not None:
            unclaimed.remove(match)
        ids.append(match["id"] if match else None)
    if first_id and first_id not in ids and ids and ids[0] is None:
        ids[0] = first_id
    taken = {i for i in ids if i} | {o["id"] for o in unclaimed}
    options = []
    for label, option_id in zip(texts, ids, strict=True):
        if option_id is None:
            option_id = make_id(label["en"], taken, fallback="option")
            taken.add(option_id)
        options.append({"id": option_id, "label": dict(label)})
    return options
