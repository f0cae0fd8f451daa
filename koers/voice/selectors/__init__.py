"""Every read of Voice, always within one organisation."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from koers.core import clock
from koers.core.models import Change
from koers.core.selectors import change_list_for
from koers.diagnostic.services import scan_settings
from koers.orgs.models import Membership, Organisation
from koers.orgs.permissions import PERMISSIONS, Perm
from koers.orgs.tenancy import OrgContext
from koers.redact.names import Directory
from koers.redact.people import people
from koers.voice.models import Action, Answer, Item, Kind, Reply, Status, Support

# A help request older than this many days is highlighted.
HELP_OVERDUE_DAYS = 7
# The "status" filter of the public page.
ANSWERED = "answered"
OPEN = "open"


def k_of(organisation: Organisation) -> int:
    """The organisation's anonymity threshold: the readiness scan's, never below 3."""
    return max(3, int(scan_settings(organisation).min_respondents))


def published_items(
    organisation: Organisation, *, category: str | None = None, status: str | None = None
) -> QuerySet[Item]:
    """The published concerns (never a help request, never a withheld or new one), newest
    first. ``status``: ``"answered"`` (an answer to the item or to its theme) or ``"open"``."""
    items = Item.objects.filter(
        organisation=organisation, kind=Kind.CONCERN, status=Status.PUBLISHED
    ).select_related("department", "theme")
    if category:
        items = items.filter(category=category)
    answered = Exists(Answer.objects.filter(item=OuterRef("pk"))) | Exists(
        Answer.objects.filter(theme_id=OuterRef("theme_id"))
    )
    if status == ANSWERED:
        items = items.filter(answered)
    elif status == OPEN:
        items = items.exclude(answered)
    return items.order_by("-published_on", "-created_on", "category", "ref")


def support_counts(items: Iterable[Item]) -> dict[int, int]:
    """How many people said "me too" to each item (items nobody supports are left out)."""
    ids = [item.pk for item in items]
    rows = (
        Support.objects.filter(item_id__in=ids)
        .values("item_id")
        .annotate(n=Count("id"))
        .values_list("item_id", "n")
    )
    return {item_id: n for item_id, n in rows}


def supported_by(ctx: OrgContext, items: Iterable[Item]) -> set[int]:
    """Which of these items the acting person supports (for their own "me too" button)."""
    if not ctx.membership.pk:
        return set()
    return set(
        Support.objects.filter(
            membership=ctx.membership, item_id__in=[item.pk for item in items]
        ).values_list("item_id", flat=True)
    )


def item_get(organisation: Organisation, ref: str) -> Item:
    """The item with the reference ``ref`` of this organisation; ``Item.DoesNotExist`` for anyone
    else's."""
    return Item.objects.select_related("department", "author", "helper__user", "theme").get(
        organisation=organisation, ref=str(ref).upper()
    )


def item_ids_of(organisation: Organisation, refs: Iterable[str]) -> list[int]:
    """The ids of this organisation's items with these references (unknown ones left out), for
    the services, which work with ids."""
    wanted = {str(ref).upper() for ref in refs}
    return list(
        Item.objects.filter(organisation=organisation, ref__in=wanted).values_list("pk", flat=True)
    )


def action_get(organisation: Organisation, pk: int) -> Action:
    return Action.objects.select_related("owner__user", "usecase").get(
        organisation=organisation, pk=pk
    )


def names_person(item: Item, *, name: str, email: str = "") -> bool:
    """Whether ``item``'s text (as written, or as proposed for publishing) names the person
    called ``name`` (by the redaction's rules: "Jan de Boer", "De Boer zei", "J. de Boer") or
    gives their e-mail address."""
    texts = [item.text, item.public_text]
    if email and any(email.casefold() in text.casefold() for text in texts):
        return True
    if not name.strip():
        return False
    directory = _directory_of_one(name)
    return any(next(people(text, directory, by_shape=False), None) for text in texts)


@functools.lru_cache(maxsize=256)
def _directory_of_one(name: str) -> Directory:
    """A directory of one person, built once per name (the queue checks every item)."""
    return Directory.from_names([name])


def names_reader(ctx: OrgContext, item: Item) -> bool:
    """Whether ``item`` names the person reading: then another moderator handles it."""
    return names_person(item, name=ctx.user.name, email=ctx.user.email)


def moderators_free_for(organisation: Organisation, item: Item) -> int:
    """How many people may moderate ``item``: moderators (admins, programme leads) it does not
    name."""
    moderators = Membership.objects.filter(
        organisation=organisation, is_active=True, role__in=PERMISSIONS[Perm.MODERATE_VOICE]
    ).select_related("user")
    return sum(not names_person(item, name=m.user.name, email=m.user.email) for m in moderators)


def moderation_queue(ctx: OrgContext) -> dict[str, list[Item]]:
    """The concerns for a moderator: new ones first (oldest first, so none waits long), then the
    withheld and the published ones; a concern that names the reader is left out (another
    moderator handles it) and counted under "held"."""
    concerns = Item.objects.filter(organisation=ctx.organisation, kind=Kind.CONCERN).select_related(
        "department"
    )
    queue: dict[str, list[Item]] = {
        "new": list(concerns.filter(status=Status.NEW).order_by("created_on", "category", "ref")),
        "withheld": list(concerns.filter(status=Status.WITHHELD).order_by("-created_on", "ref")),
        "published": list(
            concerns.filter(status=Status.PUBLISHED).order_by("-published_on", "-created_on", "ref")
        ),
    }
    held: list[Item] = []
    for part in ("new", "withheld"):
        mine = [item for item in queue[part] if names_reader(ctx, item)]
        held += mine
        queue[part] = [item for item in queue[part] if item not in mine]
    queue["held"] = held
    return queue


def help_queue(organisation: Organisation) -> dict[str, list[Item]]:
    """The help requests: open ones (new and picked up) oldest first, then the helped ones."""
    requests = Item.objects.filter(organisation=organisation, kind=Kind.HELP).select_related(
        "department", "author", "helper__user"
    )
    return {
        "open": list(
            requests.filter(status__in=[Status.NEW, Status.PICKED_UP]).order_by(
                "created_on", "category", "ref"
            )
        ),
        "helped": list(requests.filter(status=Status.HELPED).order_by("-created_on", "ref")[:50]),
    }


def my_items(ctx: OrgContext) -> QuerySet[Item]:
    """What the acting person raised by name (anonymous items are nobody's)."""
    return (
        Item.objects.filter(organisation=ctx.organisation, author=ctx.user, anonymous=False)
        .select_related("department")
        .prefetch_related("answers", "replies")
    )


def actions_list(organisation: Organisation) -> QuerySet[Action]:
    return Action.objects.filter(organisation=organisation).select_related("owner__user", "usecase")


def open_actions(organisation: Organisation) -> QuerySet[Action]:
    return actions_list(organisation).exclude(
        status__in=[Action.ActionStatus.DONE, Action.ActionStatus.DROPPED]
    )


def is_overdue(action: Action, today: date | None = None) -> bool:
    today = today or clock.today()
    return (
        action.due_on is not None
        and action.due_on < today
        and action.status not in (Action.ActionStatus.DONE, Action.ActionStatus.DROPPED)
    )


def age_in_days(item: Item, today: date | None = None) -> int:
    return ((today or clock.today()) - item.created_on).days


def answer_of(item: Item) -> Answer | None:
    return Answer.objects.filter(item=item).prefetch_related("actions").first()


def answers_for(item: Item) -> list[Answer]:
    """The answers an item's submitter reads: the item's own and its theme's."""
    query = Q(item=item)
    if item.theme_id is not None:
        query |= Q(theme_id=item.theme_id)
    return list(
        Answer.objects.filter(query, organisation_id=item.organisation_id).prefetch_related(
            "actions"
        )
    )


def replies_of(item: Item) -> QuerySet[Reply]:
    return item.replies.select_related("author").order_by("position")


def item_history(item: Item) -> QuerySet[Change]:
    return change_list_for(obj=item, organisation_id=item.organisation_id)


def action_history(action: Action) -> QuerySet[Change]:
    return change_list_for(obj=action, organisation_id=action.organisation_id)


def answers_latest(organisation: Organisation, *, limit: int = 3) -> list[Answer]:
    """The newest answers to published concerns and themes ("jullie vroegen, wij deden")."""
    return list(
        Answer.objects.filter(organisation=organisation)
        .filter(Q(item__status=Status.PUBLISHED) | Q(theme__isnull=False))
        .select_related("item", "theme")
        .order_by("-created_at", "-pk")[:limit]
    )


def answers_since(organisation: Organisation, since: datetime) -> int:
    return Answer.objects.filter(organisation=organisation, created_at__gt=since).count()


def published_since(organisation: Organisation, since: date) -> int:
    """Concerns published after the day ``since`` (days only: no time of day is kept)."""
    published = Item.objects.filter(status=Status.PUBLISHED, published_on__gt=since)
    return published.filter(organisation=organisation, kind=Kind.CONCERN).count()
