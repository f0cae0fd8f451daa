"""The team's answer to an item or a theme, with the actions it links."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.core.services import change_by, diff_fields
from koers.orgs.permissions import Perm
from koers.voice.models import Action, Answer, Item, Theme
from koers.voice.services.common import MAX_ANSWER, _clean_text, _own

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext


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
