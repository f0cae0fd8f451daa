"""What one response adds to its wave's running sums, and those sums per base cell.

A response counts once under ``respondents``, once per Likert item it answered on the scale (by
option), once per barrier it has a score on (by rounded score, with the score and its square, so
means, standard deviations and their intervals follow exactly) and once per free-text question it
wrote something for. Everything here is plain data: ``services`` stores the sums as ``Tally`` rows,
``results`` computes the figures from them, and tests can build them from rows in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache

from koers.diagnostic.instruments.schema import Instrument, LikertQuestion, TextQuestion

SCALE = 5  # barrier scores are shown on 1-5 whatever the items' scale
RESPONDENTS = "respondents"
BaseCell = tuple[str, str]  # (department key, role group), "unknown" where there is none


@dataclass(frozen=True)
class Entry:
    """One response's part of a tally: it adds 1 to ``count``, ``score`` to the total and its
    square to the squares (0 but for barrier scores)."""

    key: str
    value: str = ""
    score: float = 0.0


@dataclass
class Sums:
    count: int = 0
    total: float = 0.0
    squares: float = 0.0

    def add(self, count: int, total: float, squares: float) -> None:
        self.count += count
        self.total += total
        self.squares += squares


def item_key(question: str) -> str:
    return f"item:{question}"


def barrier_key(barrier: str) -> str:
    return f"barrier:{barrier}"


def text_key(question: str) -> str:
    return f"text:{question}"


@dataclass(frozen=True)
class Layout:
    """What ``entries`` reads of an instrument, worked out once per parsed instrument: every
    answer walks it."""

    likert: tuple[LikertQuestion, ...]
    barriers: tuple[tuple[str, tuple[LikertQuestion, ...]], ...]
    texts: tuple[str, ...]


# By id of the (immutable) parsed instrument, which the entry keeps alive so the id is not reused.
_LAYOUTS: LRUCache[int, tuple[Instrument, Layout]] = LRUCache(maxsize=64)


def layout_of(instrument: Instrument) -> Layout:
    cached = _LAYOUTS.get(id(instrument))
    if cached is not None and cached[0] is instrument:
        return cached[1]
    likert = tuple(instrument.likert_questions())
    found = Layout(
        likert=likert,
        barriers=tuple(
            (barrier.id, tuple(q for q in likert if q.barrier == barrier.id))
            for barrier in instrument.barriers
        ),
        texts=tuple(q.id for q in instrument.questions() if isinstance(q, TextQuestion)),
    )
    _LAYOUTS[id(instrument)] = (instrument, found)
    return found


def entries(instrument: Instrument, answers: Mapping[str, Any]) -> list[Entry]:
    """Everything one response adds to the tallies of its cell."""
    layout = layout_of(instrument)
    found = [Entry(RESPONDENTS)]
    for item in layout.likert:
        answer = answers.get(item.id)
        if on_scale(item, answer):
            found.append(Entry(item_key(item.id), str(answer)))
    for barrier, items in layout.barriers:
        score = barrier_score(items, answers)
        if score is not None:
            found.append(Entry(barrier_key(barrier), str(rounded(score)), score))
    for question in layout.texts:
        if written(answers.get(question)):
            found.append(Entry(text_key(question)))
    return found


def summed(
    instrument: Instrument, responses: Iterable[tuple[Any, str, Mapping[str, Any]]]
) -> dict[tuple[Any, str, str, str], Sums]:
    """The tallies of many ``(department, role group, answers)``: (department, role group, key,
    value) -> sums, for storing them in one go; a cell's tallies come together, so that they are
    stored together and an answer's increments touch few pages."""
    found: dict[tuple[Any, str, str, str], Sums] = {}
    for department, role_group, answers in responses:
        for entry in entries(instrument, answers):
            sums = found.setdefault((department, role_group, entry.key, entry.value), Sums())
            sums.add(1, entry.score, entry.score * entry.score)
    return dict(sorted(found.items(), key=lambda item: tuple(map(str, item[0]))))


class Tallies:
    """A wave's sums per key, base cell and value; rows for the same cell are added up."""

    def __init__(self) -> None:
        self.by_key: dict[str, dict[BaseCell, dict[str, Sums]]] = {}

    def add(
        self, cell: BaseCell, key: str, value: str, count: int, total: float, squares: float
    ) -> None:
        sums = self.by_key.setdefault(key, {}).setdefault(cell, {}).setdefault(value, Sums())
        sums.add(count, total, squares)

    def add_response(
        self, cell: BaseCell, instrument: Instrument, answers: Mapping[str, Any]
    ) -> None:
        for entry in entries(instrument, answers):
            self.add(cell, entry.key, entry.value, 1, entry.score, entry.score * entry.score)

    def counts(self, key: str) -> dict[BaseCell, int]:
        """Per base cell, the responses counted under ``key`` whatever their value."""
        return {
            cell: n
            for cell, values in self.by_key.get(key, {}).items()
            if (n := sum(s.count for s in values.values()))
        }

    def values(self, cells: Iterable[BaseCell], key: str) -> dict[str, Sums]:
        """The sums per value of ``key`` over ``cells``."""
        tallies = self.by_key.get(key, {})
        found: dict[str, Sums] = {}
        for cell in cells:
            for value, sums in tallies.get(cell, {}).items():
                into = found.get(value)
                if into is None:
                    into = found[value] = Sums()
                # Sums.add written out: a results page asks this some 300 times.
                into.count += sums.count
                into.total += sums.total
                into.squares += sums.squares
        return found


def released(live: Tallies, before: Tallies, k: int) -> Tallies:
    """What may be published of ``live`` when ``before`` was published last: per key and base
    cell, the live sums once at least ``k`` responses came in (or went) since, else those of
    ``before``. So every published figure moves only in steps of at least ``k`` people in each
    base cell, and the difference between two published states never shows fewer than ``k``."""
    found = Tallies()
    for key in live.by_key.keys() | before.by_key.keys():
        now, then = live.counts(key), before.counts(key)
        for cell in now.keys() | then.keys():
            source = live if abs(now.get(cell, 0) - then.get(cell, 0)) >= k else before
            for value, sums in source.by_key.get(key, {}).get(cell, {}).items():
                found.add(cell, key, value, sums.count, sums.total, sums.squares)
    return found


def barrier_score(items: Iterable[LikertQuestion], answers: Mapping[str, Any]) -> float | None:
    """A respondent's barrier strength on 1-5 (mean of the answered items), None if none."""
    values = [strength(item, answers.get(item.id)) for item in items]
    answered = [v for v in values if v is not None]
    return sum(answered) / len(answered) if answered else None


def strength(item: LikertQuestion, answer: Any) -> float | None:
    if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= item.points:
        return None  # "don't know", skipped, or not an answer on the scale
    return 1 + (item.barrier_strength(answer) - 1) * (SCALE - 1) / (item.points - 1)


def on_scale(item: LikertQuestion, answer: Any) -> bool:
    return strength(item, answer) is not None


def rounded(score: float) -> int:
    return min(SCALE, max(1, int(score + 0.5)))


def written(answer: Any) -> bool:
    return isinstance(answer, str) and bool(answer.strip())
