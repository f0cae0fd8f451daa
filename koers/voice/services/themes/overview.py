"""What may be shown of the themes: the minimum-group-size rule for departments (of a theme, of
a quote) and the overview of each theme with its size, months and departments."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from koers.core import anonymity, clock
from koers.orgs.models import Organisation
from koers.textmine import naming
from koers.voice.models import Item, Kind, Status, Theme
from koers.voice.selectors import k_of
from koers.voice.services.themes.recompute import clean_text

MONTHS = 6
# The department table has one column: every concern counts in it.
_COLUMN = "all"
_UNKNOWN = "unknown"
_WAITING = -1  # the concerns whose departments are not released yet (no department has this id)


def shown_departments(department_ids: Iterable[int | None], k: int) -> dict[int, int]:
    """The departments whose count of these concerns may be shown, with the count: at least *k*,
    and not to be worked out by subtracting shown counts from the total."""
    counts = anonymity.cell_counts(
        (str(d) if d is not None else _UNKNOWN, _COLUMN) for d in department_ids
    )
    published = anonymity.publishable(counts, k)
    return {
        int(department): n
        for (department, column), n in counts.items()
        if department is not None
        and department != _UNKNOWN
        and column is None
        and (department, column) in published
    }


def departments_release(items: Iterable[Item], k: int) -> None:
    """Release the departments of published concerns in steps: per theme (or, without one,
    category) and department, the waiting ones together once at least ``k`` people wrote them.
    Before that a concern counts in no department figure and stands without its department, so
    reading the figures before and after one concern arrives tells nothing of where it came from
    (``docs/voice.md``, "Anonymity over time")."""
    waiting: dict[tuple[object, int | None], list[Item]] = defaultdict(list)
    for item in items:
        if item.status == Status.PUBLISHED and not item.department_released:
            waiting[(item.theme_id or item.category, item.department_id)].append(item)
    ready = [
        item for group in waiting.values() if sum(i.mentions for i in group) >= k for item in group
    ]
    if ready:
        Item.objects.filter(pk__in=[i.pk for i in ready]).update(department_released=True)
        for item in ready:
            item.department_released = True


def quote_departments(items: Iterable[Item], k: int) -> dict[int, int | None]:
    """Per item, its department where that may be shown beside its text (else None): by the
    rule above, applied to the item's theme, or without a theme to its category, and only once
    the item's department was released (``departments_release``)."""
    groups: dict[object, list[Item]] = defaultdict(list)
    for item in items:
        groups[item.theme_id or item.category].append(item)
    shown: dict[int, int | None] = {}
    for members in groups.values():
        allowed = departments_of(members, k)
        for item in members:
            released = item.department_released and item.department_id in allowed
            shown[item.pk] = item.department_id if released else None
    return shown


def _people(items: Iterable[Item], value: Callable[[Item], Any]) -> Iterator[Any]:
    """``value`` of each item once per person who wrote it (``mentions``)."""
    for item in items:
        for _person in range(item.mentions):
            yield value(item)


def departments_of(items: Iterable[Item], k: int) -> dict[int, int]:
    """The departments of these concerns that may be shown, with how many people in each: of the
    concerns whose departments were released (``departments_release``, done here first)."""
    items = list(items)
    departments_release(items, k)
    # Concerns still waiting count as a group of their own, so no shown count can be taken from
    # the theme's size to tell the waiting ones' departments.
    found = shown_departments(
        _people(items, lambda i: i.department_id if i.department_released else _WAITING), k
    )
    found.pop(_WAITING, None)
    return found


def months_back(today: dt.date, months: int = MONTHS) -> list[dt.date]:
    """The first days of the last ``months`` months, oldest first, this month last."""
    firsts = []
    year, month = today.year, today.month
    for _step in range(months):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def per_month(days: Iterable[dt.date], firsts: Sequence[dt.date]) -> list[int]:
    counts = Counter(dt.date(day.year, day.month, 1) for day in days)
    return [counts.get(first, 0) for first in firsts]


@dataclass
class ThemeSummary:
    theme: Theme
    size: int
    months: list[int]  # concerns per month, oldest first (``ThemeOverview.months``)
    departments: list[tuple[str, int]]  # only those the rule allows
    support: int = 0
    items: list[Item] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.theme.label

    @property
    def cross_departmental(self) -> bool:
        """At least three departments, counting only those the anonymity rule lets us name."""
        return naming.cross_departmental(len(self.departments))

    @property
    def bars(self) -> list[tuple[int, int]]:
        """Each month's count with its height in percent of the busiest month's."""
        top = max(self.months, default=0) or 1
        return [(n, round(100 * n / top)) for n in self.months]

    @property
    def this_month(self) -> int:
        return self.months[-1] if self.months else 0

    @property
    def last_month(self) -> int:
        return self.months[-2] if len(self.months) > 1 else 0


@dataclass
class ThemeOverview:
    k: int
    months: list[dt.date]
    themes: list[ThemeSummary]


def theme_overview(
    organisation: Organisation, *, published_only: bool, today: dt.date | None = None
) -> ThemeOverview:
    """Each theme with its size, its concerns per month and the departments that may be named.

    ``published_only``: count and list only published concerns (what every employee may see);
    themes without any are left out. Largest first."""
    today = today or clock.today()
    k = k_of(organisation)
    firsts = months_back(today)
    statuses = (Status.PUBLISHED,) if published_only else (Status.NEW, Status.PUBLISHED)
    items = list(
        Item.objects.filter(
            organisation=organisation, theme__isnull=False, status__in=statuses, kind=Kind.CONCERN
        ).select_related("department")
    )
    by_theme: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_theme[item.theme_id or 0].append(item)
    names = {item.department_id: item.department.name for item in items if item.department}
    themes = Theme.objects.filter(organisation=organisation, pk__in=list(by_theme)).annotate(
        support=Count("supports")
    )
    summaries = []
    for theme in themes:
        # Newest first; within a day by text, never in the order of storing.
        members = sorted(
            by_theme[theme.pk], key=lambda i: (i.published_on or i.created_on, clean_text(i))
        )
        allowed = departments_of(members, k)
        summaries.append(
            ThemeSummary(
                theme=theme,
                size=sum(i.mentions for i in members),
                months=per_month(_people(members, lambda i: i.created_on), firsts),
                departments=sorted(
                    ((names[d], n) for d, n in allowed.items()), key=lambda dn: (-dn[1], dn[0])
                ),
                support=theme.support,
                items=members[::-1],
            )
        )
    summaries.sort(key=lambda s: (-s.size, s.label.lower(), s.theme.pk))
    return ThemeOverview(k=k, months=firsts, themes=summaries)


def theme_is_public(theme: Theme) -> bool:
    """A theme every employee sees: one with a published concern."""
    return theme.items.filter(kind=Kind.CONCERN, status=Status.PUBLISHED).exists()
