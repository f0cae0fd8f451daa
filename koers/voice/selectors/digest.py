"""The digest of Voice for internal newsletters: what was raised, answered and done in a period.

Built from published matter only (``public_text``, answers to published concerns and to themes
with published concerns, the actions those answers link); counts leave out withheld concerns and
help requests. Three forms: a printable page, a PDF (the board report's WeasyPrint helper) and a
self-contained HTML to paste into an e-mail (inline styles, no external assets). In the
organisation's language, or the one asked for (``?lang=``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from koers.core import clock
from koers.orgs.models import Organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.voice.models import Action, Answer, Item, Kind, Status, Theme

DEFAULT_DAYS = 30
MOST_DAYS = 366
TOP_THEMES = 8


@dataclass(frozen=True)
class Answered:
    subject: str  # the published concern's text or the theme's label
    theme: bool
    body: str
    day: dt.date
    actions: list[Action]


@dataclass
class Digest:
    organisation: Organisation
    language: str
    days: int
    start: dt.date
    end: dt.date
    # Concerns raised in the period (not withheld), up to yesterday: a count that moved during
    # the day would tell whoever reloads the page when an anonymous concern came in.
    raised: int
    published: int  # concerns published in the period
    themes: list[tuple[str, int]]  # themes of the concerns published in the period
    answered: list[Answered]
    done: list[Action]
    planned: list[Action]


def period_days(value: str | None) -> int:
    """``?days=``: a whole number from 1 to a year; anything else gives the default."""
    try:
        days = int(value or DEFAULT_DAYS)
    except ValueError:
        return DEFAULT_DAYS
    return days if 1 <= days <= MOST_DAYS else DEFAULT_DAYS


def digest_build(
    ctx: OrgContext, *, days: int = DEFAULT_DAYS, language: str = "", today: dt.date | None = None
) -> Digest:
    ctx.require(Perm.VIEW)
    organisation = ctx.organisation
    end = today or clock.today()
    start = end - dt.timedelta(days=days - 1)
    concerns = Item.objects.filter(organisation=organisation, kind=Kind.CONCERN)
    published = concerns.filter(status=Status.PUBLISHED)
    in_period = published.filter(published_on__gte=start, published_on__lte=end)
    theme_counts = Counter(in_period.exclude(theme=None).values_list("theme_id", flat=True))
    # Theme names in the digest's language (the organisation's unless another was asked for).
    reader = language or organisation.language
    labels = {t.pk: t.label_in(reader) for t in Theme.objects.filter(pk__in=list(theme_counts))}
    public_themes = published.exclude(theme=None).values("theme_id")
    answers = (
        Answer.objects.filter(organisation=organisation, updated_at__date__gte=start)
        .filter(Q(item__in=published) | Q(theme_id__in=public_themes))
        .select_related("item", "theme")
        .prefetch_related("actions")
        .order_by("-updated_at")
    )
    public_actions = Action.objects.filter(
        organisation=organisation,
        answers__in=Answer.objects.filter(Q(item__in=published) | Q(theme_id__in=public_themes)),
    ).distinct()
    return Digest(
        organisation=organisation,
        language=language,
        days=days,
        start=start,
        end=end,
        raised=concerns.exclude(status=Status.WITHHELD)
        .filter(created_on__gte=start, created_on__lte=end, created_on__lt=clock.today())
        .count(),
        published=in_period.count(),
        themes=sorted(
            ((labels[pk], n) for pk, n in theme_counts.items() if pk in labels),
            key=lambda ln: (-ln[1], ln[0].lower()),
        )[:TOP_THEMES],
        answered=[
            Answered(
                subject=answer.item.public_text
                if answer.item
                else answer.theme.label_in(reader)
                if answer.theme
                else "",
                theme=answer.item is None,
                body=answer.body,
                day=timezone.localdate(answer.updated_at),
                actions=list(answer.actions.all()),
            )
            for answer in answers
            if answer.item or answer.theme
        ],
        done=list(
            public_actions.filter(status=Action.ActionStatus.DONE)
            .filter(Q(due_on__isnull=True) | Q(due_on__gte=start))
            .order_by("-due_on", "title")
        ),
        planned=list(
            public_actions.filter(
                status__in=[Action.ActionStatus.PLANNED, Action.ActionStatus.IN_PROGRESS]
            ).order_by("due_on", "title")
        ),
    )
