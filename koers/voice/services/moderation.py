"""Moderation: publishing a concern with the moderator's public text, or withholding it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.services import change_by, diff_fields
from koers.orgs.permissions import Perm
from koers.voice.models import Category, Item, Kind, Status
from koers.voice.services.common import MAX_TEXT, _clean_text, _department, _own, redact_text
from koers.voice.tasks import queue_recompute

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext


def _moderated(ctx: OrgContext, item: Item) -> Item:
    ctx.require(Perm.MODERATE_VOICE)
    _own(ctx, item)
    return Item.objects.select_for_update().get(pk=item.pk)


def item_publish(
    ctx: OrgContext,
    *,
    item: Item,
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


def item_withhold(ctx: OrgContext, *, item: Item, reason: str) -> Item:
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
