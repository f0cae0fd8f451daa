"""Every write to Voice's items, replies, answers, actions and "me too" goes through these
functions.

Each takes the acting ``OrgContext`` (or, for the anonymous ways in, the organisation alone),
checks the permission, validates everything before it writes (bad input raises
``ValidationError`` and changes nothing) and keeps the history with ``change_record``.

Anonymity: an anonymous item is stored without its author and with the day only; its case code
is handed out once and only the code's SHA-256 hash is kept. Raising an anonymous item writes no
history row (a row carries the time of day); a reply through the case code is recorded with no
actor and the label "Anonymous". Nothing here logs texts or codes.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from koers.backlog.selectors.usecases import usecase_get
from koers.core import clock
from koers.core.languages import language_for
from koers.core.mail import Mail, mail_queue
from koers.core.models import OutgoingMail
from koers.core.services import change_by, change_record, diff_fields
from koers.orgs.models import Department, Membership, Organisation, Role, User
from koers.orgs.permissions import Perm
from koers.orgs.selectors import directory_of
from koers.voice.models import (
    Action,
    Answer,
    Category,
    Item,
    Kind,
    Reply,
    Source,
    Status,
    Support,
    Theme,
)
from koers.voice.tasks import queue_recompute

if TYPE_CHECKING:
    from koers.diagnostic.models import Wave
    from koers.orgs.tenancy import OrgContext

MAX_TEXT = 4000
MAX_REPLY = 4000
MAX_ANSWER = 8000
# The case code: "KV-" and 12 characters of Crockford's base32 (no I, L, O, U): 60 bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
CODE_PREFIX = "KV"
# Typing mistakes the alphabet leaves out, read as the character they look like.
_CODE_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def anonymous_label() -> str:
    return _("Anonymous")


@dataclass(frozen=True)
class Raised:
    item: Item
    # The case code, shown once; None for an item raised by name.
    case_code: str | None


# --- case codes --------------------------------------------------------------------------------


def case_code_new() -> str:
    chars = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    return f"{CODE_PREFIX}-{chars[0:4]}-{chars[4:8]}-{chars[8:12]}"


def case_code_normal(code: str) -> str:
    """The code as stored-for-hashing: upper case, without spaces, dashes or the prefix, with
    look-alike letters read as digits. ``""`` when it cannot be a case code."""
    plain = "".join(ch for ch in str(code).upper() if ch.isalnum())
    if plain.startswith(CODE_PREFIX) and len(plain) == CODE_LENGTH + len(CODE_PREFIX):
        plain = plain[len(CODE_PREFIX) :]
    plain = plain.translate(_CODE_LOOKALIKES)
    if len(plain) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in plain):
        return ""
    return plain


def case_code_hash(code: str) -> str:
    normal = case_code_normal(code)
    # An impossible code still costs one hash, so a wrong code takes as long as a right one.
    return hashlib.sha256(f"{CODE_PREFIX}-{normal}".encode()).hexdigest() if normal else ""


def item_for_code(code: str) -> Item:
    """The item whose case code this is; ValidationError when there is none."""
    return item_for_code_hash(case_code_hash(code))


def item_for_code_hash(digest: str) -> Item:
    """The item of a case code's hash (what the case page keeps in a signed cookie, so the code
    itself is neither stored nor sent again); ValidationError when there is none."""
    item = (
        Item.objects.select_related("organisation", "department")
        .filter(case_code_hash=digest or "-")
        .first()
    )
    if item is None or not digest:
        raise ValidationError(
            _("This case code is not known. Check that you typed it as you wrote it down."),
            code="unknown_code",
        )
    return item


# --- redaction ---------------------------------------------------------------------------------


def redact_text(organisation: Organisation, text: str) -> tuple[str, list[dict[str, Any]]]:
    """The text with personal data and the organisation's people's names redacted, and what was
    found as ``[{"kind", "start", "end"}]`` (offsets into ``text``)."""
    from koers.redact import redact

    result = redact(text, directory_of(organisation), language=organisation.language)
    return result.text, [
        {"kind": str(r.kind), "start": int(r.start), "end": int(r.end)} for r in result.redactions
    ]


# --- validation --------------------------------------------------------------------------------


def _department(organisation: Organisation, department_id: Any) -> Department | None:
    if department_id in (None, ""):
        return None
    try:
        return Department.objects.get(organisation=organisation, pk=int(department_id))
    except (Department.DoesNotExist, TypeError, ValueError):
        raise ValidationError(
            {"department": [_("Choose one of the organisation's departments.")]}
        ) from None


def _clean_text(value: Any, *, field: str, most: int, missing: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError({field: [missing]})
    if len(text) > most:
        raise ValidationError(
            {field: [_("Keep it under %(most)s characters, please.") % {"most": most}]}
        )
    return text


def _clean_raise(
    organisation: Organisation, *, kind: Any, text: Any, category: Any, department_id: Any
) -> tuple[str, str, str, Department | None]:
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["kind"] = [_("Choose a concern or a request for help.")]
    if category not in Category.values:
        errors["category"] = [_("Choose one of the categories.")]
    try:
        clean = _clean_text(text, field="text", most=MAX_TEXT, missing=_("Write what it is about."))
    except ValidationError as error:
        errors.update(error.message_dict)
        clean = ""
    department = None
    try:
        department = _department(organisation, department_id)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return str(kind), clean, str(category), department


def _own(ctx: OrgContext, obj: Item | Action | Theme) -> None:
    if obj.organisation_id != ctx.organisation.pk:
        raise PermissionDenied


# --- raising -----------------------------------------------------------------------------------


def _new_item(
    organisation: Organisation,
    *,
    kind: str,
    text: str,
    category: str,
    department: Department | None,
    author: User | None,
    source: str = Source.FORM,
    wave: Wave | None = None,
) -> Raised:
    code = None if author is not None else case_code_new()
    try:
        redactions = redact_text(organisation, text)[1]
    except ImportError:  # pragma: no cover - the redaction module ships with Koers
        redactions = []
    item = Item.objects.create(
        organisation=organisation,
        kind=kind,
        category=category,
        department=department,
        text=text,
        redactions=redactions,
        anonymous=author is None,
        author=author,
        case_code_hash=case_code_hash(code) if code else "",
        source=source,
        wave=wave,
        created_on=clock.today(),
    )
    return Raised(item=item, case_code=code)


def item_raise(
    ctx: OrgContext,
    *,
    kind: str,
    text: str,
    category: str,
    department_id: int | None,
    anonymous: bool,
) -> Raised:
    """Raise a concern or ask for help, anonymously (a case code, no author, the day only) or
    by name. A help request is e-mailed to the helpers of its department."""
    ctx.require(Perm.RAISE_CONCERN)
    kind, text, category, department = _clean_raise(
        ctx.organisation, kind=kind, text=text, category=category, department_id=department_id
    )
    with transaction.atomic():
        raised = _new_item(
            ctx.organisation,
            kind=kind,
            text=text,
            category=category,
            department=department,
            author=None if anonymous else ctx.user,
        )
        if not anonymous:
            change_by(
                ctx,
                raised.item,
                action="created",
            )
    if raised.item.kind == Kind.HELP:
        help_notify(raised.item)
    return raised


def item_raise_anonymously(
    organisation: Organisation,
    *,
    kind: str,
    text: str,
    category: str,
    department_id: int | None,
    source: str = Source.FORM,
    wave: Wave | None = None,
) -> Raised:
    """Raise an item without any person: from the public link or the readiness scan."""
    if source not in Source.values:
        raise ValidationError({"source": [_("Unknown source.")]})
    if wave is not None and wave.organisation_id != organisation.pk:
        raise PermissionDenied
    kind, text, category, department = _clean_raise(
        organisation, kind=kind, text=text, category=category, department_id=department_id
    )
    with transaction.atomic():
        raised = _new_item(
            organisation,
            kind=kind,
            text=text,
            category=category,
            department=department,
            author=None,
            source=source,
            wave=wave,
        )
    if raised.item.kind == Kind.HELP:
        help_notify(raised.item)
    return raised


# --- help requests -----------------------------------------------------------------------------


def helpers_for(item: Item) -> list[Membership]:
    """Who a help request goes to: the active evangelists of its department; when there are
    none, the programme leads; when there are none either, the organisation's admins."""
    active = Membership.objects.filter(
        organisation_id=item.organisation_id, is_active=True
    ).select_related("user")
    if item.department_id is not None:
        evangelists = list(active.filter(role=Role.EVANGELIST, department_id=item.department_id))
        if evangelists:
            return evangelists
    leads = list(active.filter(role=Role.LEAD))
    return leads or list(active.filter(role=Role.ADMIN))


def help_notify(item: Item) -> int:
    """Queue an e-mail to each helper of a help request, in their own language; never with the
    name of an anonymous submitter. Returns how many were queued. The outbox keeps these e-mails
    as private ones: the day only, and deleted once sent (``koers.core.mail``)."""
    item = Item.objects.select_related("organisation", "department", "author").get(pk=item.pk)
    organisation = item.organisation
    try:
        text = redact_text(organisation, item.text)[0]
    except ImportError:  # pragma: no cover
        text = item.text
    base = str(getattr(settings, "BASE_URL", "")).rstrip("/")
    mails = []
    for membership in helpers_for(item):
        user = membership.user
        if not user.email:
            continue
        language = language_for(user.language, organisation.language)
        with translation.override(language):
            context = {
                "organisation": organisation.name,
                "name": user.name,
                "department": item.department.name if item.department else "",
                "text": text,
                "by": "" if item.anonymous or item.author is None else str(item.author),
                "url": f"{base}/o/{organisation.slug}/voice/help/",
            }
            subject = render_to_string("voice/email/help_subject.txt", context)
            body = render_to_string("voice/email/help_body.txt", context)
        mails.append(
            Mail(
                kind=OutgoingMail.Kind.VOICE_ROUTING,
                organisation_id=organisation.pk,
                to=user.email,
                subject=subject,
                body=body,
                language=language,
            )
        )
    return len(mail_queue(messages=mails))


def _require_helper(ctx: OrgContext, item: Item) -> None:
    ctx.require(Perm.HELP_COLLEAGUES)
    _own(ctx, item)
    if item.kind != Kind.HELP:
        raise ValidationError(_("Only a request for help can be picked up."))


def _set_status(ctx: OrgContext, item: Item, status: str, action: str, **extra: Any) -> Item:
    before = {"status": item.status, **{name: getattr(item, name) for name in extra}}
    item.status = status
    for name, value in extra.items():
        setattr(item, name, value)
    item.save(update_fields=["status", *extra])
    change_by(
        ctx,
        item,
        action=action,
        fields=diff_fields(before, {"status": status, **extra}),
    )
    return item


@transaction.atomic
def help_pick_up(ctx: OrgContext, item: Item) -> Item:
    """Take a help request on: it shows who is helping."""
    _require_helper(ctx, item)
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status == Status.HELPED:
        raise ValidationError(_("This request has already been helped."))
    helper = ctx.membership if ctx.membership.pk else None
    return _set_status(ctx, item, Status.PICKED_UP, "picked_up", helper=helper)


@transaction.atomic
def help_done(ctx: OrgContext, item: Item) -> Item:
    _require_helper(ctx, item)
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status == Status.HELPED:
        return item
    extra: dict[str, Any] = {}
    if item.helper_id is None and ctx.membership.pk:
        extra["helper"] = ctx.membership
    return _set_status(ctx, item, Status.HELPED, "helped", **extra)


# --- the conversation --------------------------------------------------------------------------


def _reply_create(item: Item, *, body: str, from_submitter: bool, author: User | None) -> Reply:
    position = (item.replies.aggregate(last=Max("position"))["last"] or 0) + 1
    return Reply.objects.create(
        item=item,
        body=body,
        from_submitter=from_submitter,
        author=author,
        created_on=clock.today(),
        position=position,
    )


def reply_by_code(code: str, body: str) -> Reply:
    """The anonymous submitter writes in their item's conversation, with the case code."""
    return reply_by_code_hash(case_code_hash(code), body)


def reply_by_code_hash(digest: str, body: str) -> Reply:
    item = item_for_code_hash(digest)
    clean = _clean_text(body, field="body", most=MAX_REPLY, missing=_("Write a message first."))
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        reply = _reply_create(item, body=clean, from_submitter=True, author=None)
        change_record(
            obj=item,
            organisation_id=item.organisation_id,
            actor=None,
            actor_label=anonymous_label(),
            action="replied",
        )
    return reply


def can_reply_as_team(ctx: OrgContext, item: Item) -> bool:
    if ctx.can(Perm.MODERATE_VOICE):
        return True
    return item.kind == Kind.HELP and ctx.can(Perm.HELP_COLLEAGUES)


def reply_by_team(ctx: OrgContext, item: Item, body: str) -> Reply:
    """A message in the item's conversation: from the programme team (moderators; helpers on a
    help request), or from the submitter of an item raised by name."""
    _own(ctx, item)
    own_item = not item.anonymous and item.author_id is not None and item.author_id == ctx.user.pk
    if own_item:
        ctx.require(Perm.RAISE_CONCERN)
    elif not can_reply_as_team(ctx, item):
        raise PermissionDenied
    clean = _clean_text(body, field="body", most=MAX_REPLY, missing=_("Write a message first."))
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        reply = _reply_create(item, body=clean, from_submitter=own_item, author=ctx.user)
        change_record(
            obj=item, organisation_id=ctx.organisation.pk, actor=ctx.user, action="replied"
        )
    return reply


# --- moderation --------------------------------------------------------------------------------


def _moderated(ctx: OrgContext, item: Item) -> Item:
    ctx.require(Perm.MODERATE_VOICE)
    _own(ctx, item)
    return Item.objects.select_for_update().get(pk=item.pk)


def item_publish(
    ctx: OrgContext,
    item: Item,
    *,
    public_text: str,
    category: str,
    department_id: int | None,
    allow_found: bool = False,
) -> Item:
    """Publish a concern with the moderator's public text (or change a published one's). When
    the redaction still finds personal data or a colleague's name in ``public_text``, nothing
    is published unless ``allow_found`` says the moderator checked it and means it."""
    with transaction.atomic():
        item = _moderated(ctx, item)
        errors: dict[str, list[str]] = {}
        if item.kind != Kind.CONCERN:
            raise ValidationError(_("Requests for help are never published."))
        try:
            text = _clean_text(
                public_text,
                field="public_text",
                most=MAX_TEXT,
                missing=_("Write the text to publish."),
            )
        except ValidationError as error:
            errors.update(error.message_dict)
            text = ""
        if category not in Category.values:
            errors["category"] = [_("Choose one of the categories.")]
        department = None
        try:
            department = _department(ctx.organisation, department_id)
        except ValidationError as error:
            errors.update(error.message_dict)
        if text and not allow_found:
            found = redact_text(ctx.organisation, text)[1]
            if found:
                errors["public_text"] = [
                    _(
                        "The text still contains something that looks like personal data or a "
                        "colleague's name. Change it, or confirm that it may be published."
                    )
                ]
        if errors:
            raise ValidationError(errors)
        before = {
            "status": item.status,
            "public_text": item.public_text,
            "category": item.category,
            "department": item.department,
        }
        item.status = Status.PUBLISHED
        item.public_text = text
        item.category = category
        item.department = department
        if item.published_on is None:
            item.published_on = clock.today()
        after = {
            "status": item.status,
            "public_text": text,
            "category": category,
            "department": department,
        }
        fields = diff_fields(before, after)
        if not fields:
            return item
        item.save()
        change_by(
            ctx,
            item,
            action="published" if before["status"] != Status.PUBLISHED else "updated",
            fields=fields,
        )
        queue_recompute(ctx.organisation.pk)
    return item


def item_withhold(ctx: OrgContext, item: Item, *, reason: str) -> Item:
    """Keep a concern off the public page (the reason goes into the history); a published one
    is taken off."""
    with transaction.atomic():
        item = _moderated(ctx, item)
        if item.kind != Kind.CONCERN:
            raise ValidationError(_("Requests for help are never published."))
        note = _clean_text(reason, field="reason", most=500, missing=_("Say why it is withheld."))
        before = {"status": item.status, "public_text": item.public_text}
        item.status = Status.WITHHELD
        item.public_text = ""
        item.save(update_fields=["status", "public_text"])
        change_by(
            ctx,
            item,
            action="withheld",
            fields=diff_fields(before, {"status": item.status, "public_text": ""}),
            note=note,
        )
        queue_recompute(ctx.organisation.pk)
    return item


# --- answers and actions -----------------------------------------------------------------------


def _actions_of(ctx: OrgContext, action_ids: Iterable[Any]) -> list[Action]:
    try:
        ids = {int(pk) for pk in action_ids}
    except (TypeError, ValueError):
        raise ValidationError({"actions": [_("Choose existing actions.")]}) from None
    found = list(Action.objects.filter(organisation=ctx.organisation, pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"actions": [_("Choose existing actions.")]})
    return found


def answer_save(
    ctx: OrgContext,
    *,
    item: Item | None = None,
    theme: Theme | None = None,
    body: str,
    action_ids: Iterable[int] = (),
) -> Answer:
    """Write (or rewrite) the answer to an item or to a theme, with the actions it links. One
    answer per item or theme; the answer is public with it."""
    ctx.require(Perm.MODERATE_VOICE)
    if (item is None) == (theme is None):
        raise ValidationError(_("An answer is to one item or to one theme."))
    subject: Item | Theme = item if item is not None else theme  # type: ignore[assignment]
    _own(ctx, subject)
    text = _clean_text(body, field="body", most=MAX_ANSWER, missing=_("Write the answer."))
    actions = _actions_of(ctx, action_ids)
    with transaction.atomic():
        if item is not None:
            answer = Answer.objects.select_for_update().filter(item=item).first()
        else:
            answer = Answer.objects.select_for_update().filter(theme=theme).first()
        if answer is None:
            answer = Answer(organisation=ctx.organisation, item=item, theme=theme)
            before: dict[str, Any] = {}
            action = "answered"
        else:
            before = {
                "body": answer.body,
                "actions": sorted(str(a) for a in answer.actions.all()),
            }
            action = "answer_changed"
        after = {"body": text, "actions": sorted(str(a) for a in actions)}
        fields = diff_fields(before, after)
        if answer.pk and not fields:
            return answer
        answer.body = text
        answer.author = ctx.user
        answer.save()
        answer.actions.set(actions)
        change_by(
            ctx,
            subject,
            action=action,
            fields=fields,
        )
    return answer


def action_create(
    ctx: OrgContext,
    *,
    kind: str,
    title: str,
    usecase_id: int | None = None,
    owner_id: int | None = None,
    due_on: date | None = None,
) -> Action:
    """A new action: a policy section, a training, a use case of the backlog, a sprint or a
    commitment, with an owner and a due date."""
    ctx.require(Perm.MODERATE_VOICE)
    errors: dict[str, list[str]] = {}
    if kind not in Action.ActionKind.values:
        errors["kind"] = [_("Choose what kind of action it is.")]
    usecase = None
    if usecase_id not in (None, ""):
        try:
            usecase = usecase_get(organisation=ctx.organisation, pk=int(usecase_id))  # type: ignore[arg-type]
        except (ObjectDoesNotExist, TypeError, ValueError):
            errors["usecase"] = [_("Choose a use case of the backlog.")]
    elif kind == Action.ActionKind.USECASE:
        errors["usecase"] = [_("Choose a use case of the backlog.")]
    owner = None
    if owner_id not in (None, ""):
        try:
            owner = Membership.objects.get(
                organisation=ctx.organisation,
                pk=int(owner_id),  # type: ignore[arg-type]
                is_active=True,
            )
        except (Membership.DoesNotExist, TypeError, ValueError):
            errors["owner"] = [_("Choose a member of the organisation.")]
    if due_on is not None and not isinstance(due_on, date):
        errors["due_on"] = [_("Enter a valid date.")]
    clean_title = str(title or "").strip() or (usecase.title[:200] if usecase else "")
    if not clean_title:
        errors["title"] = [_("Say what will be done.")]
    elif len(clean_title) > 200:
        errors["title"] = [_("Keep it under %(most)s characters, please.") % {"most": 200}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action = Action.objects.create(
            organisation=ctx.organisation,
            kind=kind,
            title=clean_title,
            usecase=usecase,
            owner=owner,
            due_on=due_on,
        )
        change_by(
            ctx,
            action,
            action="created",
            fields=diff_fields(
                {},
                {"kind": kind, "title": clean_title, "owner": owner, "due_on": due_on},
            ),
        )
    return action


def action_set_status(ctx: OrgContext, action: Action, status: str) -> Action:
    ctx.require(Perm.MODERATE_VOICE)
    _own(ctx, action)
    if status not in Action.ActionStatus.values:
        raise ValidationError({"status": [_("Choose one of the statuses.")]})
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        if action.status == status:
            return action
        before = action.status
        action.status = status
        action.save(update_fields=["status"])
        change_by(
            ctx,
            action,
            action="status_changed",
            fields={"status": [before, status]},
        )
    return action


# --- me too ------------------------------------------------------------------------------------


def support_toggle(
    ctx: OrgContext, *, item: Item | None = None, theme: Theme | None = None
) -> bool:
    """ "Me too" on a published concern or a theme, or taken back. True: now supporting. No
    history is written: who supports what is never shown."""
    ctx.require(Perm.RAISE_CONCERN)
    if (item is None) == (theme is None):
        raise ValidationError(_("Support one item or one theme."))
    subject: Item | Theme = item if item is not None else theme  # type: ignore[assignment]
    _own(ctx, subject)
    if item is not None:
        item = Item.objects.get(pk=item.pk)
    if item is not None and (item.kind != Kind.CONCERN or item.status != Status.PUBLISHED):
        raise ValidationError(_("Only published concerns can be supported."))
    if not ctx.membership.pk:
        raise ValidationError(_("Only members of the organisation can say 'me too'."))
    lookup: dict[str, Any] = {"item": item} if item is not None else {"theme": theme}
    with transaction.atomic():
        existing = Support.objects.filter(membership=ctx.membership, **lookup)
        if existing.exists():
            existing.delete()
            return False
        try:
            with transaction.atomic():
                Support.objects.create(membership=ctx.membership, **lookup)
        except IntegrityError:
            pass
    return True
