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

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from koers.backlog.selectors.usecases import usecase_get
from koers.core import clock
from koers.core.services import change_by, diff_fields
from koers.orgs.models import Membership
from koers.orgs.permissions import Perm
from koers.voice.models import Action, Answer, Category, Item, Kind, Status, Support, Theme
from koers.voice.services.common import (
    MAX_ANSWER,
    MAX_TEXT,
    _clean_text,
    _department,
    _own,
    redact_text,
)
from koers.voice.tasks import queue_recompute

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext


# --- case codes --------------------------------------------------------------------------------


# --- redaction ---------------------------------------------------------------------------------


# --- validation --------------------------------------------------------------------------------


# --- raising -----------------------------------------------------------------------------------


# --- help requests -----------------------------------------------------------------------------


# --- the conversation --------------------------------------------------------------------------


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


# Voice's services, one module per part (common, raising, conversation, themes, links,
# from_scan); callers may use these names from the package.
from koers.voice.services.common import (  # noqa: E402 - after the package's own
    CODE_ALPHABET,
    CODE_LENGTH,
    CODE_PREFIX,
    MAX_REPLY,
    Raised,
    anonymous_label,
    case_code_hash,
    case_code_new,
    case_code_normal,
    item_for_code,
    item_for_code_hash,
)
from koers.voice.services.conversation import (  # noqa: E402 - after the package's own
    can_reply_as_team,
    reply_by_code,
    reply_by_code_hash,
    reply_by_team,
)
from koers.voice.services.raising import (  # noqa: E402 - after the package's own
    help_done,
    help_notify,
    help_pick_up,
    helpers_for,
    item_raise,
    item_raise_anonymously,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "CODE_PREFIX",
    "MAX_ANSWER",
    "MAX_REPLY",
    "MAX_TEXT",
    "Raised",
    "action_create",
    "action_set_status",
    "anonymous_label",
    "answer_save",
    "can_reply_as_team",
    "case_code_hash",
    "case_code_new",
    "case_code_normal",
    "help_done",
    "help_notify",
    "help_pick_up",
    "helpers_for",
    "item_for_code",
    "item_for_code_hash",
    "item_publish",
    "item_raise",
    "item_raise_anonymously",
    "item_withhold",
    "redact_text",
    "reply_by_code",
    "reply_by_code_hash",
    "reply_by_team",
    "support_toggle",
]
