"""Backlog intelligence for an organisation: similar use cases, likely duplicates and themes.

The text work is done by ``koers.textmine``; this module turns use cases into its items, keeps one
index per organisation in memory (rebuilt when the backlog changes) and stores themes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from cachetools import LRUCache
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from koers.backlog.models.themes import Granularity, Theme, ThemeMember, ThemeRun, ThemeSettings
from koers.backlog.models.usecases import UseCase
from koers.core import clock
from koers.core.services import change_by
from koers.orgs.models import Organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.textmine import cluster as clustering
from koers.textmine import naming
from koers.textmine.analyze import DUPLICATE_AT
from koers.textmine.index import TextIndex
from koers.textmine.text import join_text

TEXT_FIELDS = ("title", "problem", "solution", "benefits", "outputs", "data_used")
# Recompute the themes in the background once this share of the backlog is new since the last
# computation (or at least RECOMPUTE_MIN_NEW items are).
RECOMPUTE_SHARE = 0.1
RECOMPUTE_MIN_NEW = 20


def usecase_text(usecase: UseCase) -> str:
    return join_text(getattr(usecase, f) for f in TEXT_FIELDS)


def open_usecases(organisation: Organisation) -> QuerySet[UseCase]:
    """The use cases the analysis looks at: not merged into another."""
    return UseCase.objects.filter(organisation=organisation, merged_into__isnull=True).order_by(
        "id"
    )


# --- the index -------------------------------------------------------------------------------


@dataclass
class BacklogIndex:
    key: tuple[int, int, str]
    ids: list[int]
    index: TextIndex


# One index per organisation, in this process, for the organisations used most recently: a web
# process serving many organisations keeps at most KOERS_INDEX_CACHE_SIZE of them in memory.
_INDEXES: LRUCache[int, BacklogIndex] = LRUCache(maxsize=settings.KOERS_INDEX_CACHE_SIZE)
_LOCK = threading.Lock()


def _key(organisation: Organisation) -> tuple[int, int, str]:
    stats = open_usecases(organisation).aggregate(n=Count("id"), last=Max("updated_at"))
    return organisation.pk, stats["n"] or 0, str(stats["last"])


def backlog_index(organisation: Organisation) -> BacklogIndex:
    """The organisation's index, rebuilt when a use case was added, changed or merged."""
    key = _key(organisation)
    with _LOCK:
        cached = _INDEXES.get(organisation.pk)
        if cached is not None and cached.key == key:
            return cached
    rows = list(open_usecases(organisation).values_list("id", *TEXT_FIELDS))
    texts = [join_text(row[1:]) for row in rows]
    built = BacklogIndex(
        key, [row[0] for row in rows], TextIndex(texts, language=organisation.language)
    )
    with _LOCK:
        _INDEXES[organisation.pk] = built
    return built


# --- similar use cases and duplicates --------------------------------------------------------


@dataclass(frozen=True)
class SimilarUseCase:
    usecase: UseCase
    score: float
    terms: tuple[str, ...]


def _resolve(
    organisation: Organisation,
    found: Sequence[tuple[int, float, tuple[str, ...]]],
    *,
    departments: bool = True,
) -> list[SimilarUseCase]:
    by_id = UseCase.objects.filter(organisation=organisation, pk__in=[f[0] for f in found])
    if departments:
        by_id = by_id.prefetch_related("departments")
    usecases = {u.pk: u for u in by_id}
    return [SimilarUseCase(usecases[pk], s, t) for pk, s, t in found if pk in usecases]


def usecase_similar(
    ctx: OrgContext, *, text: str, limit: int = 5, exclude: UseCase | None = None
) -> list[SimilarUseCase]:
    """The organisation's open use cases most like ``text``, best first, with shared terms."""
    ctx.require(Perm.VIEW)
    if not text.strip():
        return []
    backlog = backlog_index(ctx.organisation)
    if not backlog.ids:
        return []
    skip = [backlog.ids.index(exclude.pk)] if exclude and exclude.pk in backlog.ids else []
    matches = backlog.index.similar(text, limit, exclude=skip)
    return _resolve(
        ctx.organisation, [(backlog.ids[m.index], m.score, m.terms) for m in matches if m.score > 0]
    )


def usecase_duplicates(
    ctx: OrgContext, *, usecase: UseCase, limit: int = 5
) -> list[SimilarUseCase]:
    """Open use cases similar enough to ``usecase`` to be the same idea (without their
    departments, which a use case's page does not show for them)."""
    ctx.require(Perm.VIEW)
    backlog = backlog_index(ctx.organisation)
    if usecase.pk not in backlog.ids:
        found = usecase_similar(ctx, text=usecase_text(usecase), limit=limit, exclude=usecase)
    else:
        # Its text as it stands is in the index (rebuilt when a use case changes): its vectors
        # are there, the same as encoding the text again, at half the cost.
        matches = backlog.index.similar_to(backlog.ids.index(usecase.pk), limit)
        found = _resolve(
            ctx.organisation,
            [(backlog.ids[m.index], m.score, m.terms) for m in matches if m.score > 0],
            departments=False,
        )
    return [s for s in found if s.score >= DUPLICATE_AT]


def usecase_duplicate_ids(
    ctx: OrgContext, *, usecases: Sequence[UseCase], limit: int = 3
) -> dict[int, list[int]]:
    """For each of ``usecases``, the ids of the open use cases similar enough to be the same idea
    (one look at the index for all of them: a page that checks many asks once)."""
    ctx.require(Perm.VIEW)
    backlog = backlog_index(ctx.organisation)
    position = {pk: i for i, pk in enumerate(backlog.ids)}
    found: dict[int, list[int]] = {}
    for usecase in usecases:
        skip = [position[usecase.pk]] if usecase.pk in position else []
        matches = backlog.index.similar(usecase_text(usecase), limit, exclude=skip)
        found[usecase.pk] = [backlog.ids[m.index] for m in matches if m.score >= DUPLICATE_AT]
    return found


# --- themes ----------------------------------------------------------------------------------

MATCH_AT = 0.5  # Jaccard overlap at which a new cluster continues an earlier theme


# A requested computation the worker has not finished after this long is asked for again.
PENDING_FOR = timedelta(hours=1)


def themes_recompute_request(ctx: OrgContext) -> ThemeRun:
    """A lead asks for the themes to be computed anew ("Recompute now"): the work is queued for
    the worker, and the returned run, unfinished until then, lets the page show that it is on
    its way and when it is done."""
    ctx.require(Perm.DECIDE_USECASE)
    return _request_recompute(ctx.organisation)


def _request_recompute(organisation: Organisation) -> ThemeRun:
    """The unfinished run already asked for, or a new one, queued for the worker."""
    from koers.backlog.tasks import recompute_themes

    pending = ThemeRun.objects.filter(
        organisation=organisation,
        finished_at__isnull=True,
        started_at__gte=clock.now() - PENDING_FOR,
    ).first()
    if pending is not None:
        return pending
    run = ThemeRun.objects.create(organisation=organisation)
    # With the database backend the task is a row written in the same transaction as the run.
    recompute_themes.enqueue(organisation.pk, run.pk)
    run.refresh_from_db()  # the immediate backend (tests) has computed it already
    return run


def themes_recompute(organisation: Organisation, *, run_id: int | None = None) -> ThemeRun:
    """Cluster the open backlog anew. Themes a lead made (split, merged) keep their members; a new
    cluster that mostly overlaps an earlier theme continues it (its number and its name). With
    ``run_id``, the requested run (see ``themes_recompute_request``) records the result."""
    started = time.perf_counter()
    pinned = set(
        ThemeMember.objects.filter(
            theme__organisation=organisation, theme__manual=True
        ).values_list("usecase_id", flat=True)
    )
    rows = [
        row
        for row in open_usecases(organisation).values_list("id", *TEXT_FIELDS)
        if row[0] not in pinned
    ]
    ids = [row[0] for row in rows]
    texts = [join_text(row[1:]) for row in rows]
    index = TextIndex(texts, language=organisation.language)
    granularity = themes_granularity(organisation)
    result = clustering.cluster(index, step=granularity)
    names = naming.name_themes(
        texts,
        [found.members for found in result.clusters],
        [found.terms for found in result.clusters],
        taken=Theme.objects.filter(organisation=organisation)
        .exclude(name="")
        .values_list("name", flat=True),
    )
    with transaction.atomic():
        earlier = {
            theme: set(theme.members.values_list("usecase_id", flat=True))
            for theme in Theme.objects.filter(organisation=organisation, manual=False)
        }
        taken: set[int] = set()
        next_number = (
            Theme.objects.filter(organisation=organisation).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        kept: list[Theme] = []
        for found, computed in zip(result.clusters, names, strict=True):
            members = {ids[i] for i in found.members}
            theme = _best_match(members, earlier, taken)
            if theme is None:
                theme = Theme(organisation=organisation, number=next_number)
                next_number += 1
            taken.add(theme.pk or 0)
            theme.terms = found.terms
            theme.names = computed.as_dict()
            theme.representative_id = ids[found.representative]
            theme.save()
            kept.append(theme)
            ThemeMember.objects.filter(usecase_id__in=members).exclude(theme=theme).delete()
            existing = set(theme.members.values_list("usecase_id", flat=True))
            theme.members.exclude(usecase_id__in=members).delete()
            weak = {ids[i] for i in found.weak}
            ThemeMember.objects.bulk_create(
                ThemeMember(theme=theme, usecase_id=u, weak=u in weak)
                for u in sorted(members - existing)
            )
            for flag in (True, False):
                theme.members.filter(
                    usecase_id__in=[u for u in members & existing if (u in weak) == flag]
                ).update(weak=flag, how=ThemeMember.How.CLUSTERED)
        Theme.objects.filter(organisation=organisation, manual=False).exclude(
            pk__in=[t.pk for t in kept]
        ).delete()
        Theme.objects.filter(organisation=organisation, manual=True, members__isnull=True).delete()
        figures = {
            "finished_at": clock.now(),
            "items": len(ids) + len(pinned),
            "themes": Theme.objects.filter(organisation=organisation).count(),
            "seconds": round(time.perf_counter() - started, 2),
            "notes": list(clustering_notes()),
            "granularity": granularity,
        }
        run = (
            ThemeRun.objects.filter(
                organisation=organisation, pk=run_id, finished_at__isnull=True
            ).first()
            if run_id is not None
            else None
        )
        if run is None:
            run = ThemeRun.objects.create(organisation=organisation, **figures)
        else:
            for name, value in figures.items():
                setattr(run, name, value)
            run.save()
        # Any other request made meanwhile is answered by this computation too.
        ThemeRun.objects.filter(organisation=organisation, finished_at__isnull=True).delete()
    return run


def clustering_notes() -> list[str]:
    from koers.textmine.embed import UNAVAILABLE

    return list(UNAVAILABLE)


def _best_match(members: set[int], earlier: dict[Theme, set[int]], taken: set[int]) -> Theme | None:
    free = {theme: old for theme, old in earlier.items() if theme.pk not in taken}
    return clustering.continuing(members, free, MATCH_AT)


def themes_place_new(organisation: Organisation) -> int:
    """Put use cases that arrived since the last computation into the theme of the use cases
    most like them (marked weak when those disagree). Returns how many were placed."""
    placed = ThemeMember.objects.filter(theme__organisation=organisation)
    new = list(open_usecases(organisation).exclude(pk__in=placed.values("usecase_id")))
    if not new or not placed.exists():
        return 0
    theme_of = dict(placed.values_list("usecase_id", "theme_id"))
    backlog = backlog_index(organisation)
    created = []
    for usecase in new:
        votes: dict[int, float] = {}
        for m in backlog.index.similar(usecase_text(usecase), clustering.NEIGHBOURS // 2):
            theme_id = theme_of.get(backlog.ids[m.index])
            # A neighbour that shares nothing (score 0) is no vote for its theme.
            if theme_id is not None and m.score > 0:
                votes[theme_id] = votes.get(theme_id, 0.0) + m.score
        if not votes:
            continue
        theme_id, weight = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))
        weak = weight / sum(votes.values()) < 0.5
        created.append(
            ThemeMember(theme_id=theme_id, usecase=usecase, weak=weak, how=ThemeMember.How.ADDED)
        )
    ThemeMember.objects.bulk_create(created)
    return len(created)


def themes_stale(organisation: Organisation) -> bool:
    """No computation yet, themes computed before they had names, or enough of the backlog is new
    since the last computation."""
    run = ThemeRun.objects.filter(organisation=organisation, finished_at__isnull=False).first()
    if run is None:
        return True
    if Theme.objects.filter(organisation=organisation, manual=False, names={}).exists():
        return True
    total = open_usecases(organisation).count()
    added = ThemeMember.objects.filter(
        theme__organisation=organisation, how=ThemeMember.How.ADDED
    ).count()
    unplaced = total - ThemeMember.objects.filter(theme__organisation=organisation).count()
    new = added + max(unplaced, 0)
    return new >= RECOMPUTE_MIN_NEW or (total > 0 and new / total >= RECOMPUTE_SHARE and new >= 3)


def themes_refresh(organisation: Organisation) -> bool:
    """Place new use cases now and queue a full recomputation when the backlog changed a lot.
    Returns whether a recomputation was queued."""
    themes_place_new(organisation)
    if themes_stale(organisation):
        _request_recompute(organisation)
        return True
    return False


# --- how fine the themes are ------------------------------------------------------------------


def themes_granularity(organisation: Organisation) -> int:
    """The lead's step from the data's granularity: 0 (as the data suggest) until one is set."""
    found = ThemeSettings.objects.filter(organisation=organisation).values_list(
        "granularity", flat=True
    )
    return next(iter(found), Granularity.DATA)


@transaction.atomic
def themes_granularity_set(ctx: OrgContext, *, granularity: int) -> ThemeRun | None:
    """A lead asks for finer (up to +2) or coarser (down to -2) themes than the data suggest, or
    for the data's choice again (0). The setting is kept and the themes are recomputed with it;
    returns the requested computation (None when nothing changed)."""
    ctx.require(Perm.DECIDE_USECASE)
    if granularity not in Granularity.values:
        raise ValidationError(
            {"granularity": [_("Choose a granularity from -2 (much coarser) to 2 (much finer).")]}
        )
    settings_row, _created = ThemeSettings.objects.select_for_update().get_or_create(
        organisation=ctx.organisation
    )
    old = settings_row.granularity
    if old == granularity:
        return None
    settings_row.granularity = granularity
    settings_row.save(update_fields=["granularity", "updated_at"])
    change_by(ctx, settings_row, action="updated", fields={"granularity": [old, granularity]})
    return _request_recompute(ctx.organisation)


# --- a lead's edits --------------------------------------------------------------------------


def _members(theme: Theme) -> list[str]:
    numbers = sorted(theme.members.values_list("usecase__number", flat=True))
    return [f"UC-{n}" for n in numbers]


def theme_rename(ctx: OrgContext, *, theme: Theme, name: str) -> Theme:
    ctx.require(Perm.DECIDE_USECASE)
    name = name.strip()
    if len(name) > 120:
        raise ValidationError({"name": [_("A theme's name has at most 120 characters.")]})
    old = theme.name
    theme.name = name
    theme.save(update_fields=["name", "updated_at"])
    change_by(ctx, theme, action="updated", fields={"name": [old, name]})
    return theme


@transaction.atomic
def theme_merge(ctx: OrgContext, *, theme: Theme, into: Theme) -> Theme:
    """All of ``theme``'s use cases join ``into``, which from now on is kept as the lead made it."""
    ctx.require(Perm.DECIDE_USECASE)
    if (
        theme.organisation_id != into.organisation_id
        or theme.organisation_id != ctx.organisation.pk
    ):
        raise ValidationError(_("Themes can only be merged within one organisation."))
    if theme.pk == into.pk:
        raise ValidationError(_("A theme cannot be merged into itself."))
    before = _members(into)
    theme.members.update(theme=into, how=ThemeMember.How.LEAD, weak=False)
    into.members.update(how=ThemeMember.How.LEAD)
    into.manual = True
    if not into.name and not into.names:
        into.name = into.label
    into.save()
    change_by(
        ctx,
        into,
        action="updated",
        fields={"members": [before, _members(into)]},
        note=_("Merged theme “%(label)s” into this one.") % {"label": theme.label},
    )
    theme.delete()
    return into


@transaction.atomic
def theme_split(ctx: OrgContext, *, theme: Theme, usecase_ids: Sequence[int], name: str) -> Theme:
    """The chosen use cases leave ``theme`` for a new theme that recomputation keeps as it is."""
    ctx.require(Perm.DECIDE_USECASE)
    chosen = set(
        theme.members.filter(usecase_id__in=usecase_ids).values_list("usecase_id", flat=True)
    )
    if not chosen:
        raise ValidationError({"usecases": [_("Choose the use cases that form the new theme.")]})
    if len(chosen) == theme.members.count():
        raise ValidationError({"usecases": [_("Leave at least one use case in the theme.")]})
    name = name.strip()
    if not name or len(name) > 120:
        raise ValidationError({"name": [_("Give the new theme a name of at most 120 characters.")]})
    number = (
        Theme.objects.filter(organisation=theme.organisation).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    index = backlog_index(theme.organisation)
    rows = [index.ids.index(u) for u in chosen if u in index.ids]
    new = Theme.objects.create(
        organisation=theme.organisation,
        number=number,
        name=name,
        manual=True,
        terms=index.index.key_terms(rows, 6),
        representative_id=min(chosen),
    )
    theme.members.filter(usecase_id__in=chosen).update(
        theme=new, how=ThemeMember.How.LEAD, weak=False
    )
    change_by(
        ctx,
        new,
        action="created",
        fields={"name": [None, name], "members": [None, _members(new)]},
        note=_("Split off from theme “%(label)s”.") % {"label": theme.label},
    )
    return new
