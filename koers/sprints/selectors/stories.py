"""Every read of the wall of wins, always within one organisation: the wall, a story with its
reactions and requests, the delivered use cases a story can be told of, and the newsletter's
digest (with its PDF)."""

from __future__ import annotations

import base64
import datetime as dt
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from koers.backlog.selectors.usecases import usecase_register
from koers.core import clock
from koers.orgs.models import Organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.sprints.models.stories import NamedPerson, Reaction, Story, StoryRequest
from koers.strategy.policy.sanitise import sanitise_html

if TYPE_CHECKING:
    from koers.backlog.models.usecases import UseCase

# A use case that came out of a sprint as a pilot or went live has a story to tell (the values
# of koers.backlog's Stage).
DELIVERED = ("pilot", "live")
DEFAULT_DAYS = 30
MOST_DAYS = 366
# The newest stories the newsletter tells; older ones in the period are counted, not told.
DIGEST_MOST = 20
IMAGE_DATA_URL = "data:image/jpeg;base64,"
# Signs that every font has (DejaVu too), not emoji, which a machine without an emoji font shows
# as empty boxes.
REACTION_SIGNS = {
    Reaction.Kind.APPLAUSE: "★",
    Reaction.Kind.INSPIRING: "♥",
    Reaction.Kind.USEFUL: "✓",
}


def story_get(*, organisation: Organisation, pk: int) -> Story:
    """The story ``pk`` of this organisation; ``Story.DoesNotExist`` for anyone else's."""
    return Story.objects.select_related("usecase", "written_by").get(
        organisation=organisation, pk=pk
    )


def person_get(*, story: Story, pk: int) -> NamedPerson:
    """A person named in ``story``; ``NamedPerson.DoesNotExist`` for any other."""
    return NamedPerson.objects.select_related("story__usecase").get(story=story, pk=pk)


def wall(*, organisation: Organisation, department: int | None = None) -> QuerySet[Story]:
    """The published stories, newest first, with their counts; ``department``: only the stories
    of use cases of that department."""
    stories = Story.objects.filter(organisation=organisation, state=Story.State.PUBLISHED)
    if department:
        stories = stories.filter(usecase__departments__id=department)
    return (
        stories.select_related("usecase")
        .prefetch_related("usecase__departments")
        .annotate(
            reaction_count=Count("reactions", distinct=True),
            request_count=Count("requests", distinct=True),
        )
        .order_by("-published_at", "-pk")
    )


def latest_win(*, organisation: Organisation) -> Story | None:
    return wall(organisation=organisation).first()


def stories_of_organisation(*, organisation: Organisation) -> QuerySet[Story]:
    """Every story, drafts and withdrawn ones too (for those who write them), newest first."""
    return (
        Story.objects.filter(organisation=organisation)
        .select_related("usecase")
        .order_by("-updated_at", "-pk")
    )


def stories_writable(ctx: OrgContext) -> QuerySet[Story]:
    """The stories that are not on the wall and that ``ctx`` may write."""
    stories = stories_of_organisation(organisation=ctx.organisation).exclude(
        state=Story.State.PUBLISHED
    )
    if ctx.can(Perm.WRITE_STORIES):
        return stories
    return stories.filter(usecase__submitted_by=ctx.user, usecase__anonymous=False)


def delivered_usecases(ctx: OrgContext) -> QuerySet[UseCase]:
    """The use cases in pilot or live that ``ctx`` may write a story of."""
    found = usecase_register(organisation=ctx.organisation).filter(stage__in=DELIVERED)
    if ctx.can(Perm.WRITE_STORIES):
        return found
    return found.filter(submitted_by=ctx.user, anonymous=False)


@dataclass(frozen=True)
class ReactionCount:
    kind: str
    label: str
    sign: str
    count: int
    mine: bool


@dataclass(frozen=True)
class StoryPage:
    story: Story
    parts: dict[str, SafeString]
    people: list[NamedPerson]
    reactions: list[ReactionCount]
    requests: list[StoryRequest]
    departments: list[str]  # of the use case the story tells of
    my_request: StoryRequest | None
    mine_already: bool  # the member's department is the use case's own


def reaction_counts(*, story: Story, user_id: int) -> list[ReactionCount]:
    counts = dict(
        Reaction.objects.filter(story=story)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    mine = set(Reaction.objects.filter(story=story, user_id=user_id).values_list("kind", flat=True))
    return [
        ReactionCount(
            kind=kind,
            label=str(label),
            sign=REACTION_SIGNS[Reaction.Kind(kind)],
            count=counts.get(kind, 0),
            mine=kind in mine,
        )
        for kind, label in Reaction.Kind.choices
    ]


def story_html_parts(story: Story) -> dict[str, Any]:
    """The story's rich parts as HTML to show, sanitised again on the way out (a row changed
    behind Koers's back cannot inject script), and its image as a data URL (for the PDF)."""
    parts: dict[str, Any] = {
        name: mark_safe(sanitise_html(getattr(story, name) or ""))  # noqa: S308 - nh3's output
        for name in ("problem", "built", "result", "next_steps")
    }
    parts["story"] = story
    parts["image_data"] = (
        IMAGE_DATA_URL + base64.b64encode(bytes(story.image)).decode() if story.image else ""
    )
    return parts


def story_page(ctx: OrgContext, *, story: Story) -> StoryPage:
    requests = list(
        StoryRequest.objects.filter(story=story).select_related("department", "usecase")
    )
    department_id = ctx.membership.department_id
    departments = list(story.usecase.departments.all())
    return StoryPage(
        story=story,
        parts=story_html_parts(story),
        people=list(story.people.select_related("consent_recorded_by")),
        reactions=reaction_counts(story=story, user_id=ctx.user.pk),
        requests=requests,
        departments=[d.name for d in departments],
        my_request=next((r for r in requests if r.department_id == department_id), None),
        mine_already=any(d.pk == department_id for d in departments),
    )


def story_requests_of(*, organisation: Organisation, usecase_id: int) -> QuerySet[StoryRequest]:
    """The "can we have this too?" requests a use case came from (for the backlog's page)."""
    return StoryRequest.objects.filter(story__organisation=organisation, usecase_id=usecase_id)


# --- the newsletter -------------------------------------------------------------------------------


def period_days(value: str | None) -> int:
    """``?days=``: a whole number from 1 to a year; anything else gives the default."""
    try:
        days = int(value or DEFAULT_DAYS)
    except ValueError:
        return DEFAULT_DAYS
    return days if 1 <= days <= MOST_DAYS else DEFAULT_DAYS


@dataclass(frozen=True)
class WinsDigest:
    organisation: Organisation
    since: dt.date
    until: dt.date
    stories: list[Story]  # the newest ``DIGEST_MOST`` published in the period, newest first
    more: int  # published in the period beyond those
    requests: int  # "can we have this too?" asked in the period


def digest_build(
    *, organisation: Organisation, since: dt.date | None = None, days: int = DEFAULT_DAYS
) -> WinsDigest:
    """The wins published from ``since`` (or the last ``days`` days) up to today."""
    until = clock.today()
    since = since or until - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(since, dt.time.min, tzinfo=timezone.get_default_timezone())
    published = wall(organisation=organisation).filter(published_at__gte=start)
    stories = list(published[:DIGEST_MOST])
    requests = StoryRequest.objects.filter(
        Q(story__organisation=organisation), created_at__gte=start
    ).count()
    return WinsDigest(
        organisation=organisation,
        since=since,
        until=until,
        stories=stories,
        more=max(0, published.count() - len(stories)),
        requests=requests,
    )


@functools.cache
def pdf_available() -> bool:
    """Whether WeasyPrint and its system libraries (Pango) can be loaded."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def _fetch_images_only(url: str, *args: Any, **kwargs: Any) -> Any:
    """The PDF's images are in the HTML as data URLs (``story_html_parts``); nothing else is
    fetched, over the network or from disk."""
    from weasyprint import urls

    if not url.startswith(IMAGE_DATA_URL):
        raise ValueError(f"the newsletter fetches nothing: {url[:60]}")
    body = base64.b64decode(url[len(IMAGE_DATA_URL) :])
    response = getattr(urls, "URLFetcherResponse", None)
    if response is None:  # WeasyPrint before 68 takes a dict
        return {"string": body, "mime_type": "image/jpeg"}
    return response(url, body, {"Content-Type": "image/jpeg"})


def digest_pdf(digest: WinsDigest, *, language: str) -> bytes:
    """The newsletter as a PDF (in the active language)."""
    import weasyprint

    html = render_to_string(
        "sprints/wins/digest_pdf.html",
        {
            "digest": digest,
            "stories": [story_html_parts(story) for story in digest.stories],
            "language": language,
        },
    )
    document = weasyprint.HTML(string=html, base_url="about:blank", url_fetcher=_fetch_images_only)
    pdf: bytes = document.write_pdf()
    return pdf
