"""Every change to the wall of wins: stories, the consent of the people they name, publishing,
reactions, "can we have this too?" and the newsletter.

Who writes a story: the leadership team (``Perm.WRITE_STORIES``) and the owner of the use case
(whoever submitted it by name). Everyone reads the wall and reacts. A story is published only
when every person it names has consented; when one of them withdraws, it leaves the wall.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from koers.backlog.services.themes import SimilarUseCase, usecase_duplicates
from koers.backlog.services.usecases import UseCaseData, usecase_create
from koers.core import clock
from koers.core.languages import language_for
from koers.core.mail import Mail, mail_queue
from koers.core.models import OutgoingMail
from koers.core.services import change_by, diff_fields
from koers.orgs.models import Department, Membership
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.sprints.models.sprint import SprintItem
from koers.sprints.models.stories import NamedPerson, Reaction, Story, StoryRequest
from koers.sprints.selectors.stories import DELIVERED, WinsDigest, story_html_parts
from koers.strategy.policy.plain_text import text_to_html

if TYPE_CHECKING:
    from koers.backlog.models.usecases import UseCase

MAX_TITLE = 200
MAX_PART = 5_000  # characters typed for one part of the template
MAX_QUOTE = 600
MAX_NAME = 200
MAX_PEOPLE = 20
# An image: at most this many bytes uploaded, this many pixels decoded (a small file can
# decode to gigabytes), and stored at most this wide or high, as a JPEG without metadata.
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_SIDE = 1600
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})

# The parts of the guided template written as text with light markup (paragraphs, lists, bold),
# stored as sanitised HTML.
RICH_PARTS = ("problem", "built", "result", "next_steps")
CONTENT_FIELDS = ("title", *RICH_PARTS, "quote", "quote_by", "image_alt")


@dataclass(frozen=True)
class StoryData:
    """What the writer typed (the rich parts as text, see ``RICH_PARTS``)."""

    title: str
    problem: str = ""
    built: str = ""
    result: str = ""
    quote: str = ""
    quote_by: str = ""
    next_steps: str = ""
    people: tuple[str, ...] = ()
    image: bytes | None = None  # a new image as uploaded
    remove_image: bool = False
    image_alt: str = ""


@dataclass(frozen=True)
class Asked:
    """The outcome of "can we have this too?": the new request, or the one already there; or
    (``request`` None) the department's use cases that the backlog's duplicate check finds
    alike, when nothing was asked."""

    request: StoryRequest | None
    created: bool
    similar: list[SimilarUseCase] = field(default_factory=list)
    department_id: int = 0


def story_can_write(ctx: OrgContext, *, usecase: UseCase) -> bool:
    """The leadership team writes any story; the use case's named submitter and the team of a
    sprint that took it up write its story."""
    if ctx.can(Perm.WRITE_STORIES):
        return True
    if ctx.membership.pk is None:
        return False
    if usecase.submitted_by_id == ctx.user.pk and not usecase.anonymous:
        return True
    return SprintItem.objects.filter(
        usecase=usecase,
        sprint__organisation=ctx.organisation,
        sprint__team__membership=ctx.membership,
    ).exists()


def _require_write(ctx: OrgContext, usecase: UseCase) -> None:
    if not story_can_write(ctx, usecase=usecase):
        raise PermissionDenied


def _one_line(value: str, limit: int, name: str) -> str:
    text = " ".join(value.replace("\x00", "").split())
    if len(text) > limit:
        raise ValidationError(
            {name: _("Keep this under %(n)s characters.") % {"n": limit}}, code="too_long"
        )
    return text


def _rich(value: str, name: str) -> str:
    text = value.replace("\x00", "").strip()
    if len(text) > MAX_PART:
        raise ValidationError(
            {name: _("Keep this under %(n)s characters.") % {"n": MAX_PART}}, code="too_long"
        )
    return text_to_html(text) if text else ""


def _people(data: StoryData) -> list[str]:
    names: list[str] = []
    for raw in (*data.people, data.quote_by):
        name = _one_line(raw, MAX_NAME, "people")
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    if len(names) > MAX_PEOPLE:
        raise ValidationError(
            {"people": _("Name at most %(n)s people in one story.") % {"n": MAX_PEOPLE}}
        )
    return names


def image_clean(data: bytes) -> bytes:
    """The uploaded image re-encoded as a JPEG of at most ``IMAGE_SIDE`` pixels a side, with no
    metadata (no location, no camera, no comments). ValidationError for anything that is not a
    JPEG, PNG, WebP or GIF image of sensible size."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError(
            {"image": _("The image is larger than %(n)s MB.") % {"n": MAX_IMAGE_BYTES // 2**20}}
        )
    unreadable = ValidationError({"image": _("Upload a JPEG, PNG, WebP or GIF image.")})
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in IMAGE_FORMATS:
                raise unreadable
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError({"image": _("The image has too many pixels.")})
            image.draft("RGB", (IMAGE_SIDE, IMAGE_SIDE))  # JPEG: decode at a smaller scale
            image.load()
            picture = image.convert("RGBA") if image.mode in ("P", "LA", "PA") else image
            if picture.mode == "RGBA":
                flat = Image.new("RGB", picture.size, "white")
                flat.paste(picture, mask=picture.getchannel("A"))
                picture = flat
            picture = picture.convert("RGB")
            picture.thumbnail((IMAGE_SIDE, IMAGE_SIDE))
            out = io.BytesIO()
            # No exif, icc_profile or comment given: none is written.
            picture.save(out, format="JPEG", quality=85, optimize=True)
    except Image.DecompressionBombError as error:
        raise ValidationError({"image": _("The image has too many pixels.")}) from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise unreadable from error
    return out.getvalue()


def _content(data: StoryData) -> dict[str, Any]:
    title = _one_line(data.title, MAX_TITLE, "title")
    if not title:
        raise ValidationError({"title": _("Give the story a title.")})
    content: dict[str, Any] = {"title": title}
    for name in RICH_PARTS:
        content[name] = _rich(getattr(data, name), name)
    quote = data.quote.replace("\x00", "").strip()
    if len(quote) > MAX_QUOTE:
        raise ValidationError(
            {"quote": _("Keep this under %(n)s characters.") % {"n": MAX_QUOTE}}, code="too_long"
        )
    content["quote"] = quote
    content["quote_by"] = _one_line(data.quote_by, MAX_NAME, "quote_by")
    if quote and not content["quote_by"]:
        raise ValidationError({"quote_by": _("Say who said it.")})
    content["image_alt"] = _one_line(data.image_alt, 300, "image_alt")
    return content


def _snapshot(story: Story) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(story, name) for name in CONTENT_FIELDS}
    data["people"] = [person.name for person in story.people.all()]
    data["image"] = bool(story.image)
    return data


def _set_people(story: Story, names: list[str]) -> None:
    """Keep the people still named (with their consent), add the new ones, drop the others."""
    keep = {name.casefold() for name in names}
    for person in story.people.all():
        if person.name.casefold() not in keep:
            person.delete()
    have = {person.name.casefold() for person in story.people.all()}
    NamedPerson.objects.bulk_create(
        [NamedPerson(story=story, name=name) for name in names if name.casefold() not in have]
    )


@transaction.atomic
def story_create(ctx: OrgContext, *, usecase: UseCase, data: StoryData) -> Story:
    """A draft story of a delivered (pilot or live) use case of this organisation."""
    if usecase.organisation_id != ctx.organisation.pk:
        raise PermissionDenied
    _require_write(ctx, usecase)
    if usecase.stage not in DELIVERED:
        raise ValidationError(
            {"usecase": _("Only a use case in pilot or live has a story to tell.")}
        )
    content = _content(data)
    names = _people(data)
    story = Story(organisation=ctx.organisation, usecase=usecase, written_by=ctx.user, **content)
    if data.image:
        story.image = image_clean(data.image)
    story.save()
    _set_people(story, names)
    change_by(ctx, story, action="created", fields=diff_fields({}, _snapshot(story)))
    return story


@transaction.atomic
def story_update(ctx: OrgContext, *, story: Story, data: StoryData) -> Story:
    """Change a draft or withdrawn story; a published one is withdrawn first, so nobody's
    consent covers a text they did not see."""
    _require_write(ctx, story.usecase)
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.state == Story.State.PUBLISHED:
        raise ValidationError(_("Take the story off the wall before you change it."))
    before = _snapshot(story)
    content = _content(data)
    names = _people(data)
    for name, value in content.items():
        setattr(story, name, value)
    if data.image:
        story.image = image_clean(data.image)
    elif data.remove_image:
        story.image = None
    story.save()
    _set_people(story, names)
    fields = diff_fields(before, _snapshot(story))
    if fields:
        change_by(ctx, story, action="updated", fields=fields)
    return story


@transaction.atomic
def consent_record(ctx: OrgContext, *, person: NamedPerson, how: str) -> NamedPerson:
    """Record that ``person`` agreed to be named in the story (and how: in person, by e-mail),
    by whom and when. Given again after a withdrawal, it counts again."""
    _require_write(ctx, person.story.usecase)
    how = _one_line(how, 300, "how")
    if not how:
        raise ValidationError({"how": _("Say how the consent was given.")})
    person = NamedPerson.objects.select_for_update().get(pk=person.pk)
    before = {"consented_at": person.consented_at, "withdrawn_at": person.withdrawn_at}
    person.consented_at = clock.now()
    person.consent_recorded_by = ctx.user
    person.consent_how = how
    person.withdrawn_at = None
    person.withdrawn_by = None
    person.save(
        update_fields=[
            "consented_at",
            "consent_recorded_by",
            "consent_how",
            "withdrawn_at",
            "withdrawn_by",
        ]
    )
    after = {"consented_at": person.consented_at, "withdrawn_at": None}
    change_by(
        ctx,
        person.story,
        action="consent_recorded",
        fields=diff_fields(before, after),
        note=f"{person.name}: {how}",
    )
    return person


@transaction.atomic
def consent_withdraw(ctx: OrgContext, *, person: NamedPerson) -> NamedPerson:
    """``person`` no longer agrees: recorded, and a published story leaves the wall at once.
    Anyone who may write the story records it (the person tells them)."""
    _require_write(ctx, person.story.usecase)
    person = NamedPerson.objects.select_for_update().get(pk=person.pk)
    if not person.consents:
        raise ValidationError(_("%(name)s has not consented.") % {"name": person.name})
    person.withdrawn_at = clock.now()
    person.withdrawn_by = ctx.user
    person.save(update_fields=["withdrawn_at", "withdrawn_by"])
    change_by(ctx, person.story, action="consent_withdrawn", note=person.name)
    story = Story.objects.select_for_update().get(pk=person.story_id)
    if story.state == Story.State.PUBLISHED:
        _set_state(ctx, story, Story.State.WITHDRAWN, note=person.name)
    return person


def _set_state(ctx: OrgContext, story: Story, state: str, *, note: str = "") -> None:
    before = story.state
    story.state = state
    fields = ["state"]
    if state == Story.State.PUBLISHED:
        story.published_at = clock.now()
        fields.append("published_at")
    story.save(update_fields=fields)
    change_by(ctx, story, action=state, fields={"state": [before, state]}, note=note)


@transaction.atomic
def story_publish(ctx: OrgContext, *, story: Story) -> Story:
    """Put the story on the wall: its problem, what was built and the result are told, and
    every person it names has consented."""
    _require_write(ctx, story.usecase)
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.state == Story.State.PUBLISHED:
        return story
    labels = {
        "problem": _("the problem"),
        "built": _("what the team built"),
        "result": _("the result in numbers"),
    }
    missing = [label for name, label in labels.items() if not getattr(story, name)]
    if missing:
        raise ValidationError(
            _("Tell these parts before you publish: %(parts)s.") % {"parts": ", ".join(missing)}
        )
    waiting = [person.name for person in story.people.all() if not person.consents]
    if waiting:
        raise ValidationError(
            _("Everyone named must consent before you publish; waiting for: %(names)s.")
            % {"names": ", ".join(waiting)}
        )
    if story.usecase.stage not in DELIVERED:
        raise ValidationError(_("Only a use case in pilot or live has a story to tell."))
    _set_state(ctx, story, Story.State.PUBLISHED)
    return story


@transaction.atomic
def story_withdraw(ctx: OrgContext, *, story: Story, reason: str = "") -> Story:
    """Take a published story off the wall; it can be changed and published again."""
    _require_write(ctx, story.usecase)
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.state != Story.State.PUBLISHED:
        raise ValidationError(_("Only a published story can be taken off the wall."))
    _set_state(ctx, story, Story.State.WITHDRAWN, note=_one_line(reason, 300, "reason"))
    return story


def _require_published(story: Story) -> None:
    if story.state != Story.State.PUBLISHED:
        raise ValidationError(_("This story is not on the wall."))


@transaction.atomic
def reaction_set(ctx: OrgContext, *, story: Story, kind: str, on: bool = True) -> bool:
    """Give (``on``) or take back one's reaction of ``kind``; one of each kind per person.
    Returns whether the person now has that reaction."""
    ctx.require(Perm.REACT_TO_STORIES)
    if kind not in Reaction.Kind.values:
        raise ValidationError({"kind": _("Choose one of the reactions.")})
    _require_published(story)
    mine = Reaction.objects.filter(story=story, user=ctx.user, kind=kind)
    if not on:
        mine.delete()
        return False
    if not mine.exists():
        try:
            with transaction.atomic():
                Reaction.objects.create(story=story, user=ctx.user, kind=kind)
        except IntegrityError:
            pass  # a second click at the same moment: the reaction is there
    return True


@transaction.atomic
def reaction_toggle(ctx: OrgContext, *, story: Story, kind: str) -> bool:
    has = Reaction.objects.filter(story=story, user=ctx.user, kind=kind).exists()
    return reaction_set(ctx, story=story, kind=kind, on=not has)


def _department(ctx: OrgContext, department_id: int | None) -> Department:
    department_id = department_id or ctx.membership.department_id
    if department_id is None:
        raise ValidationError({"department": _("Choose the department that wants this.")})
    department = Department.objects.filter(organisation=ctx.organisation, pk=department_id).first()
    if department is None:
        raise ValidationError({"department": _("Choose a department of this organisation.")})
    return department


@transaction.atomic
def story_request(
    ctx: OrgContext, *, story: Story, department_id: int | None = None, add_anyway: bool = False
) -> Asked:
    """ "Can we have this too?": a use-case request on the backlog for ``department_id`` (the
    asker's own department when not given), linked to the story. A department that has it
    already (the use case's own) is told so; one that asked before gets its earlier request.
    When the backlog's duplicate check finds use cases of that department like the story's,
    nothing is asked and they are returned, unless ``add_anyway``."""
    ctx.require(Perm.SUBMIT_USECASE)
    story = Story.objects.select_for_update().select_related("usecase").get(pk=story.pk)
    _require_published(story)
    department = _department(ctx, department_id)
    original = story.usecase
    if original.departments.filter(pk=department.pk).exists():
        raise ValidationError(
            _("%(department)s already has this: it is %(reference)s.")
            % {"department": department.name, "reference": original.reference}
        )
    earlier = StoryRequest.objects.filter(story=story, department=department).first()
    if earlier is not None:
        return Asked(request=earlier, created=False)
    if not add_anyway:
        similar = [
            match
            for match in usecase_duplicates(ctx, usecase=original, limit=10)
            if match.usecase.pk != original.pk
            and match.usecase.departments.filter(pk=department.pk).exists()
        ]
        if similar:
            return Asked(request=None, created=False, similar=similar, department_id=department.pk)
    with translation.override(language_for(ctx.user.language, ctx.organisation.language)):
        problem = _(
            "%(department)s would like what %(reference)s brought, as the wall of wins tells "
            "in “%(story)s”."
        ) % {"department": department.name, "reference": original.reference, "story": story.title}
    usecase = usecase_create(
        ctx,
        data=UseCaseData(
            title=original.title[:200],
            problem=problem,
            solution=original.solution,
            benefits=original.benefits,
            hours_saved_per_month=original.hours_saved_per_month,
            data_used=original.data_used,
            technique=original.technique,
            department_ids=(department.pk,),
        ),
    )
    request = StoryRequest.objects.create(
        story=story, department=department, usecase=usecase, requested_by=ctx.user
    )
    change_by(
        ctx,
        story,
        action="requested",
        fields={"requests": [None, usecase.reference]},
        note=department.name,
    )
    return Asked(request=request, created=True)


# --- the newsletter -------------------------------------------------------------------------------


def digest_mail(digest: WinsDigest, membership: Membership) -> Mail | None:
    """One member's e-mail of the digest, in their language."""
    user = membership.user
    if not user.email:
        return None
    organisation = digest.organisation
    language = language_for(user.language, organisation.language)
    base = str(getattr(settings, "BASE_URL", "")).rstrip("/")
    with translation.override(language):
        context = {
            "digest": digest,
            "stories": [story_html_parts(story) for story in digest.stories],
            "base": base,
            "language": language,
        }
        subject = render_to_string("sprints/wins/email_subject.txt", context)
        body = render_to_string("sprints/wins/email_body.txt", context)
        html = render_to_string("sprints/wins/digest_email.html", context)
    return Mail(
        kind=OutgoingMail.Kind.WINS_DIGEST,
        organisation_id=organisation.pk,
        to=user.email,
        subject=subject,
        body=body,
        html=html,
        language=language,
    )


@transaction.atomic
@transaction.atomic
def digest_send(ctx: OrgContext, *, digest: WinsDigest) -> int:
    """E-mail the digest to every active member with an e-mail address; how many were queued.
    A newsletter whose wins were all in an earlier one is refused (a second click on "send")."""
    ctx.require(Perm.WRITE_STORIES)
    if digest.organisation.pk != ctx.organisation.pk:
        raise PermissionDenied
    if not digest.stories:
        raise ValidationError(_("No wins were published in this period; nothing was sent."))
    # Locked, so that a second "send" at the same time waits for this one and finds them sent.
    ids = [story.pk for story in digest.stories]
    sent_before = list(
        Story.objects.select_for_update()
        .filter(pk__in=ids)
        .values_list("in_newsletter_at", flat=True)
    )
    if all(sent_before):
        last = max(when for when in sent_before if when is not None)
        raise ValidationError(
            _(
                "Every win in this newsletter was already sent in a newsletter (last on "
                "%(date)s); nothing was sent. Choose a period with a new win."
            )
            % {"date": date_format(timezone.localdate(last))}
        )
    Story.objects.filter(pk__in=ids, in_newsletter_at__isnull=True).update(
        in_newsletter_at=clock.now()
    )
    members = Membership.objects.filter(
        organisation=ctx.organisation, is_active=True, user__is_active=True
    ).select_related("user")
    mails = [mail for member in members if (mail := digest_mail(digest, member)) is not None]
    queued = mail_queue(messages=mails)
    change_by(
        ctx,
        ctx.organisation,
        action="wins_digest_sent",
        fields={
            "recipients": [None, len(queued)],
            "since": [None, str(digest.since)],
            "stories": [None, ids],
        },
    )
    return len(queued)
