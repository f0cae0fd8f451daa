"""Publishing a wave's figures so that no two published states tell one respondent apart.

Suppression protects each state of the results on its own; someone who reads the results before
and after one answer arrives would still see that answer as the difference. So figures are
published in one of two ways (``docs/scan.md``, "Anonymity over time"):

* **after the wave** (the default): nothing but participation while the wave is open; once it is
  no longer open, every answer at once. A wave whose final figures were shown is not opened again.
* **live results** (switched on by a lead, never off): the figures come from ``ReleasedTally``,
  renewed per base cell and key only when at least *k* responses came in since
  (``tallies.released``), so every difference between two states rests on at least *k* people.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from koers.diagnostic.models import ReleasedTally, Tally, Wave
from koers.diagnostic.services.tallies import BaseCell, Sums, Tallies, released

UNKNOWN = "unknown"
_FIELDS = ("department_id", "role_group", "key", "value", "count", "total", "squares")


def _read(rows: list[tuple[int | None, str, str, str, int, float, float]]) -> Tallies:
    """``Tallies.add`` for every row, without a call per row: a results page reads a wave's
    tallies twice, thousands of rows each."""
    tallies = Tallies()
    cells: dict[tuple[int | None, str], BaseCell] = {}
    for department, role, key, value, count, total, squares in rows:
        cell = cells.get((department, role))
        if cell is None:
            cell = cells[department, role] = (
                UNKNOWN if department is None else str(department),
                role or UNKNOWN,
            )
        values = tallies.by_key.setdefault(key, {}).setdefault(cell, {})
        sums = values.get(value)
        if sums is None:
            sums = values[value] = Sums()
        sums.add(count, total, squares)
    return tallies


def _role(role: str) -> str:
    return "" if role == UNKNOWN else role


def live_tallies(wave: Wave) -> Tallies:
    """Every answer's sums, as they stand."""
    return _read(list(Tally.objects.filter(wave=wave).values_list(*_FIELDS)))


def released_tallies(wave: Wave) -> Tallies:
    return _read(list(ReleasedTally.objects.filter(wave=wave).values_list(*_FIELDS)))


def results_release(wave: Wave, *, k: int) -> tuple[Tallies, Tallies]:
    """(live, published) tallies of a live-results wave, after publishing every base cell and key
    that moved by at least ``k`` responses since it was last published. Most readings move
    nothing and write nothing (on SQLite a write would hold back every answer coming in); when
    something moves, the release is worked out again under the wave's row lock, so two readers
    never publish from the same state twice. What is returned as published is always what is
    stored as published."""
    live, before = live_tallies(wave), released_tallies(wave)
    now = released(live, before, k)
    if not _moved(before, now):
        return live, now
    return _release_locked(wave, k=k)


def _moved(before: Tallies, now: Tallies) -> list[tuple[str, tuple[str, str]]]:
    """(key, base cell) of every published figure that differs between ``before`` and ``now``."""
    return [
        (key, cell)
        for key in now.by_key.keys() | before.by_key.keys()
        for cell in now.by_key.get(key, {}).keys() | before.by_key.get(key, {}).keys()
        if before.by_key.get(key, {}).get(cell) != now.by_key.get(key, {}).get(cell)
    ]


@transaction.atomic
def _release_locked(wave: Wave, *, k: int) -> tuple[Tallies, Tallies]:
    Wave.objects.select_for_update().filter(pk=wave.pk).values_list("pk").first()
    live, before = live_tallies(wave), released_tallies(wave)
    now = released(live, before, k)
    moved = _moved(before, now)
    if moved:
        # Only the base cells and keys that moved are written again.
        stale = Q(pk__in=[])
        for key, (department, role) in moved:
            stale |= Q(key=key, role_group=_role(role)) & (
                Q(department__isnull=True) if department == UNKNOWN else Q(department_id=department)
            )
        ReleasedTally.objects.filter(stale, wave=wave).delete()
        ReleasedTally.objects.bulk_create(
            ReleasedTally(
                wave=wave,
                department_id=None if department == UNKNOWN else int(department),
                role_group=_role(role),
                key=key,
                value=value,
                count=sums.count,
                total=sums.total,
                squares=sums.squares,
            )
            for key, (department, role) in moved
            for value, sums in now.by_key.get(key, {}).get((department, role), {}).items()
        )
    return live, now


def final_published_mark(wave: Wave) -> None:
    """Record that the final figures of a wave that is no longer open were shown."""
    if not wave.final_published:
        Wave.objects.filter(pk=wave.pk).update(final_published=True)
        wave.final_published = True
