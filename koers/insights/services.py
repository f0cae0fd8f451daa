"""Backlog intelligence for an organisation: similar use cases, likely duplicates and themes.

The text work is done by ``koers.textmine``; this module turns use cases into its items, keeps one
index per organisation in memory (rebuilt when the backlog changes) and stores themes.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet

from koers.backlog.models import UseCase
from koers.orgs.models import Organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.textmine.analyze import DUPLICATE_AT
from koers.textmine.index import TextIndex

TEXT_FIELDS = ("title", "problem", "solution", "benefits", "outputs", "data_used")
# Recompute the themes in the background once this share of the backlog is new since the last
# computation (or at least RECOMPUTE_MIN_NEW items are).
RECOMPUTE_SHARE = 0.1
RECOMPUTE_MIN_NEW = 20


def usecase_text(usecase: UseCase) -> str:
    return ". ".join(t for f in TEXT_FIELDS if (t := (getattr(usecase, f) or "").strip()))


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


_INDEXES: dict[int, BacklogIndex] = {}
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
    texts = [". ".join(t for t in row[1:] if t and t.strip()) for row in rows]
    built = BacklogIndex(key, [row[0] for row in rows], TextIndex(texts))
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
    organisation: Organisation, found: Sequence[tuple[int, float, tuple[str, ...]]]
) -> list[SimilarUseCase]:
    by_id = UseCase.objects.filter(organisation=organisation, pk__in=[f[0] for f in found])
    usecases = {u.pk: u for u in by_id.prefetch_related("departments")}
    return [SimilarUseCase(usecases[pk], s, t) for pk, s, t in found if pk in usecases]


def usecase_similar(
    ctx: OrgContext, text: str, *, limit: int = 5, exclude: UseCase | None = None
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
    ctx: OrgContext, usecase: UseCase, *, limit: int = 5
) -> list[SimilarUseCase]:
    """Open use cases similar enough to ``usecase`` to be the same idea."""
    found = usecase_similar(ctx, usecase_text(usecase), limit=limit, exclude=usecase)
    return [s for s in found if s.score >= DUPLICATE_AT]
