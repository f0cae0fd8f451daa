"""The conversation on an item: the submitter's replies by case code, the team's replies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.models import Change
from koers.core.services import change_record
from koers.orgs.models import User
from koers.orgs.permissions import Perm
from koers.voice.models import (
    Item,
    Kind,
    Reply,
)
from koers.voice.services.common import (
    MAX_REPLY,
    _clean_text,
    _own,
    anonymous_label,
    case_code_hash,
    item_for_code_hash,
)

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext


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
        change = change_record(
            obj=item,
            organisation_id=item.organisation_id,
            actor=None,
            actor_label=anonymous_label(),
            action="replied",
        )
        # The day only, like the reply itself: the moment would date the anonymous submitter.
        midnight = timezone.localtime(clock.now()).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        Change.objects.filter(pk=change.pk).update(created_at=midnight)
    return reply


def can_reply_as_team(ctx: OrgContext, *, item: Item) -> bool:
    if ctx.can(Perm.MODERATE_VOICE):
        return True
    return item.kind == Kind.HELP and ctx.can(Perm.HELP_COLLEAGUES)


def reply_by_team(ctx: OrgContext, *, item: Item, body: str) -> Reply:
    """A message in the item's conversation: from the programme team (moderators; helpers on a
    help request), or from the submitter of an item raised by name."""
    _own(ctx, item)
    own_item = not item.anonymous and item.author_id is not None and item.author_id == ctx.user.pk
    if own_item:
        ctx.require(Perm.RAISE_CONCERN)
    elif not can_reply_as_team(ctx, item=item):
        raise PermissionDenied
    clean = _clean_text(body, field="body", most=MAX_REPLY, missing=_("Write a message first."))
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        reply = _reply_create(item, body=clean, from_submitter=own_item, author=ctx.user)
        change_record(
            obj=item, organisation_id=ctx.organisation.pk, actor=ctx.user, action="replied"
        )
    return reply
