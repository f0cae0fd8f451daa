"""Themes of the concerns: computed groups, the moderators' edits and what may be shown of them.

* ``themes_recompute`` groups the organisation's open concerns (new or published, from the form
  and from the scan's open answers). With ``CLUSTER_FROM`` or more it uses the backlog's text
  clustering (``koers.textmine.cluster``); with fewer, clustering has too little to go on and the
  concerns are grouped by their category, labelled with the category and its key terms.
* A theme a moderator made (merged, split) is kept as it is, and so is a theme that was answered or
  supported ("me too"): the answer and the count stay with the concerns they were about. A new
  group that mostly overlaps an earlier theme continues it (its name, its answers).
* Texts are clustered and labelled as published, or, before publication, with the pre-redaction
  applied: no name from the directory can become a theme's label.
* The minimum-group-size rule: a theme's departments are shown only where
  ``koers.diagnostic.stats.anonymity.publishable`` allows it, with departments as its rows: none
  for fewer
  than *k* concerns, none that could be worked out by subtracting shown counts from the theme's
  size. The department of a quote is shown by the same rule, applied to its theme (or, without a
  theme, its category).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.services import change_by
from koers.diagnostic.stats import anonymity
from koers.orgs.models import Organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.textmine import cluster as clustering
from koers.textmine.index import TextIndex
from koers.voice.models import Category, Item, Kind, Status, Theme
from koers.voice.selectors import k_of

# From this many concerns on, themes come from text clustering; below, from the categories: a
# few dozen short texts are too few for clusters that stay put (the demo's 20 made two or three
# themes that moved with every small change), while the categories people chose do.
CLUSTER_FROM = 30
MONTHS = 6
TERMS = 6
NAME_LENGTH = 120
# The department table has one column: every concern counts in it.
_COLUMN = "all"
_UNKNOWN = "unknown"


def theme_candidates(organisation: Organisation) -> QuerySet[Item]:
    """The concerns themes are made of: open ones, from the form and from the scan."""
    return Item.objects.filter(
        organisation=organisation,
        kind=Kind.CONCERN,
        status__in=(Status.NEW, Status.PUBLISHED),
    )


def clean_text(item: Item) -> str:
    """What may be read out of an item beyond its moderators: the published text, or before
    publication the text with the pre-redaction's spans taken out."""
    if item.public_text:
        return item.public_text
    text, kept, at = item.text, [], 0
    for span in sorted(item.redactions or [], key=lambda r: int(r["start"])):
        start, end = int(span["start"]), int(span["end"])
        if start >= at:
            kept.append(text[at:start])
            at = max(at, end)
    kept.append(text[at:])
    return " ".join(kept)


def _kept_themes(organisation: Organisation) -> QuerySet[Theme]:
    """Themes recomputation leaves alone: made by a moderator, answered or supported."""
    return Theme.objects.filter(organisation=organisation).filter(
        Q(manual=True) | Q(answers__isnull=False) | Q(supports__isnull=False)
    )


@dataclass(frozen=True)
class Recomputed:
    themes: int
    concerns: int
    clustered: bool
    seconds: float


def _groups(organisation: Organisation, items: Sequence[Item]) -> list[tuple[set[int], list[str]]]:
    """The concerns' groups (item ids) with their key terms."""
    texts = [clean_text(item) for item in items]
    if len(items) >= CLUSTER_FROM:
        index = TextIndex(texts)
        return [
            ({items[i].pk for i in found.members}, found.terms)
            for found in clustering.cluster(index).clusters
        ]
    index = TextIndex(texts, embeddings=False)
    rows: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        rows[item.category].append(i)
    with translation.override(organisation.language):
        names = {value: str(label) for value, label in Category.choices}
    return [
        ({items[i].pk for i in members}, [names[category], *index.key_terms(members, TERMS - 1)])
        for category, members in sorted(rows.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


def themes_recompute(organisation: Organisation) -> Recomputed:
    """Group the open concerns anew, keeping the themes moderators made, answered or supported."""
    started = time.perf_counter()
    with transaction.atomic():
        Item.objects.filter(organisation=organisation, theme__isnull=False).exclude(
            pk__in=theme_candidates(organisation).values("pk")
        ).update(theme=None)
        kept = set(_kept_themes(organisation).values_list("pk", flat=True))
        items = list(
            theme_candidates(organisation)
            .exclude(theme_id__in=kept)
            .only("pk", "text", "public_text", "redactions", "category")
            .order_by("pk")
        )
        earlier: dict[Theme, set[int]] = defaultdict(set)
        for theme_id, item_id in (
            Item.objects.filter(organisation=organisation, theme__isnull=False)
            .exclude(theme_id__in=kept)
            .values_list("theme_id", "pk")
        ):
            earlier[Theme(pk=theme_id, organisation=organisation)].add(item_id)
        continued: list[int] = []
        for members, terms in _groups(organisation, items) if items else []:
            free = {t: old for t, old in earlier.items() if t.pk not in continued}
            theme = clustering.continuing(members, free)
            if theme is None:
                theme = Theme.objects.create(organisation=organisation, terms=terms)
            else:
                Theme.objects.filter(pk=theme.pk).update(terms=terms)
            continued.append(theme.pk)
            Item.objects.filter(organisation=organisation, pk__in=members).update(theme_id=theme.pk)
        Theme.objects.filter(organisation=organisation).exclude(pk__in=[*kept, *continued]).delete()
        # A moderator's theme whose concerns have all gone (withheld) goes too, unless answered
        # or supported.
        Theme.objects.filter(
            organisation=organisation,
            manual=True,
            items__isnull=True,
            answers__isnull=True,
            supports__isnull=True,
        ).delete()
        count = Theme.objects.filter(organisation=organisation).count()
    return Recomputed(
        themes=count,
        concerns=len(items),
        clustered=len(items) >= CLUSTER_FROM,
        seconds=round(time.perf_counter() - started, 3),
    )


def themes_recompute_now(ctx: OrgContext) -> Recomputed:
    """A moderator's "recompute" button."""
    ctx.require(Perm.MODERATE_VOICE)
    return themes_recompute(ctx.organisation)


# --- a moderator's edits ---------------------------------------------------------------------


def _own(ctx: OrgContext, *themes: Theme) -> None:
    if any(theme.organisation_id != ctx.organisation.pk for theme in themes):
        raise ValidationError(_("Themes can only be changed within one organisation."))


def _name(name: str, *, required: bool) -> str:
    name = name.strip()
    if len(name) > NAME_LENGTH or (required and not name):
        raise ValidationError(
            {"name": [_("Give the theme a name of at most %(most)s characters.") % {"most": 120}]}
        )
    return name


@transaction.atomic
def theme_rename(ctx: OrgContext, theme: Theme, name: str) -> Theme:
    """Name a theme (an empty name: label it by its key terms again)."""
    ctx.require(Perm.MODERATE_VOICE)
    _own(ctx, theme)
    name = _name(name, required=False)
    old = theme.name
    if name != old:
        theme.name = name
        theme.save(update_fields=["name"])
        change_by(ctx, theme, action="updated", fields={"name": [old, name]})
    return theme


@transaction.atomic
def theme_merge(ctx: OrgContext, theme: Theme, into: Theme) -> Theme:
    """``theme``'s concerns, answers and "me too"s join ``into``, which recomputation from now on
    keeps as the moderator made it."""
    ctx.require(Perm.MODERATE_VOICE)
    _own(ctx, theme, into)
    if theme.pk == into.pk:
        raise ValidationError(_("A theme cannot be merged into itself."))
    before = into.items.count()
    theme.items.update(theme=into)
    theme.answers.update(theme=into)
    # "Me too" stays one per person: who supported both keeps one.
    both = into.supports.values("membership_id")
    theme.supports.filter(membership_id__in=both).delete()
    theme.supports.update(theme=into)
    if not into.name:
        into.name = into.label
    into.manual = True
    into.save(update_fields=["name", "manual"])
    change_by(
        ctx,
        into,
        action="updated",
        fields={"concerns": [before, into.items.count()]},
        note=_("Merged theme “%(label)s” into this one.") % {"label": theme.label},
    )
    change_by(
        ctx,
        theme,
        action="deleted",
        fields={"name": [theme.label, None]},
        note=_("Merged into theme “%(label)s”.") % {"label": into.label},
    )
    theme.delete()
    return into


@transaction.atomic
def theme_split(ctx: OrgContext, theme: Theme, item_ids: Iterable[int], name: str) -> Theme:
    """The chosen concerns leave ``theme`` for a new theme that recomputation keeps as it is."""
    ctx.require(Perm.MODERATE_VOICE)
    _own(ctx, theme)
    chosen = list(theme.items.filter(pk__in=list(item_ids)).order_by("pk"))
    if not chosen:
        raise ValidationError({"items": [_("Choose the concerns that form the new theme.")]})
    if len(chosen) == theme.items.count():
        raise ValidationError({"items": [_("Leave at least one concern in the theme.")]})
    name = _name(name, required=True)
    before = theme.items.count()
    index = TextIndex([clean_text(item) for item in theme.items.order_by("pk")], embeddings=False)
    order = list(theme.items.order_by("pk").values_list("pk", flat=True))
    new = Theme.objects.create(
        organisation=theme.organisation,
        name=name,
        manual=True,
        terms=index.key_terms([order.index(item.pk) for item in chosen], TERMS),
    )
    Item.objects.filter(pk__in=[item.pk for item in chosen]).update(theme=new)
    theme.manual = True
    if not theme.name:
        theme.name = theme.label
    theme.save(update_fields=["name", "manual"])
    change_by(
        ctx,
        new,
        action="created",
        fields={"name": [None, name], "concerns": [None, len(chosen)]},
        note=_("Split off from theme “%(label)s”.") % {"label": theme.label},
    )
    change_by(
        ctx,
        theme,
        action="updated",
        fields={"concerns": [before, before - len(chosen)]},
        note=_("Theme “%(label)s” was split off.") % {"label": name},
    )
    return new


# --- what may be shown -----------------------------------------------------------------------


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


def quote_departments(items: Iterable[Item], k: int) -> dict[int, int | None]:
    """Per item, its department where that may be shown beside its text (else None): by the
    rule above, applied to the item's theme, or without a theme to its category."""
    groups: dict[object, list[Item]] = defaultdict(list)
    for item in items:
        groups[item.theme_id or item.category].append(item)
    shown: dict[int, int | None] = {}
    for members in groups.values():
        allowed = departments_of(members, k)
        for item in members:
            shown[item.pk] = item.department_id if item.department_id in allowed else None
    return shown


def _people(items: Iterable[Item], value: Callable[[Item], Any]) -> Iterator[Any]:
    """``value`` of each item once per person who wrote it (``mentions``)."""
    for item in items:
        for _person in range(item.mentions):
            yield value(item)


def departments_of(items: Iterable[Item], k: int) -> dict[int, int]:
    """The departments of these concerns that may be shown, with how many people in each."""
    return shown_departments(_people(items, lambda i: i.department_id), k)


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


def theme_get(ctx: OrgContext, pk: int) -> Theme:
    ctx.require(Perm.MODERATE_VOICE)
    return Theme.objects.get(organisation=ctx.organisation, pk=pk)
