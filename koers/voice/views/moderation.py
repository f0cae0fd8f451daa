"""Moderation: the queue, one item's page (also a helper's, for a help request), publishing and
withholding."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core import clock
from koers.core.forms import messages_add_errors
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.voice import selectors, services
from koers.voice.forms import ActionForm, AnswerForm, PublishForm, ReplyForm, WithholdForm
from koers.voice.models import Kind
from koers.voice.views.common import _item, _to_item


@org_view(Perm.MODERATE_VOICE)
def moderate(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    queue = selectors.moderation_queue(ctx)
    held = queue.pop("held")
    today = clock.today()
    for items in queue.values():
        for item in items:
            item.age = selectors.age_in_days(item, today)  # type: ignore[attr-defined]
    unattended = sum(not selectors.moderators_free_for(ctx.organisation, item) for item in held)
    return TemplateResponse(
        request,
        "voice/moderate.html",
        {"queue": queue, "held": len(held), "unattended": unattended},
    )


def highlighted(text: str, redactions: list[dict[str, Any]]) -> SafeString:
    """The text with what the redaction found marked (escaped; overlapping spans merged)."""
    parts: list[str] = []
    position = 0
    for found in sorted(redactions, key=lambda r: (r["start"], -r["end"])):
        start, end = max(int(found["start"]), position), int(found["end"])
        if end <= start:
            continue
        parts.append(format_html("{}", text[position:start]))
        parts.append(
            format_html('<mark title="{}">{}</mark>', str(found.get("kind", "")), text[start:end])
        )
        position = end
    parts.append(format_html("{}", text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


@org_view(Perm.HELP_COLLEAGUES)
def item_detail(request: HttpRequest, ctx: OrgContext, ref: str) -> HttpResponse:
    """A moderator's page of one item; a helper (without moderation rights) sees a help request
    redacted, with its conversation."""
    item = _item(ctx, ref)
    moderator = ctx.can(Perm.MODERATE_VOICE)
    if not moderator and item.kind != Kind.HELP:
        raise Http404
    redacted, found = services.redact_text(ctx.organisation, item.text)
    answer = selectors.answer_of(item)
    context: dict[str, Any] = {
        "item": item,
        "moderator": moderator,
        "age": selectors.age_in_days(item),
        "redacted_text": redacted,
        "highlighted": highlighted(item.text, found),
        "found": found,
        "answer": answer,
        "answers": selectors.answers_for(item),
        "replies": list(selectors.replies_of(item)),
        "reply_form": ReplyForm(),
        "history": selectors.item_history(item),
    }
    if moderator:
        context.update(
            {
                "publish_form": PublishForm(
                    organisation=ctx.organisation,
                    initial={
                        "public_text": item.public_text or redacted,
                        "category": item.category,
                        "department": str(item.department_id or ""),
                    },
                ),
                "withhold_form": WithholdForm(),
                "answer_form": AnswerForm(
                    organisation=ctx.organisation,
                    initial={
                        "body": answer.body if answer else "",
                        "actions": [str(a.pk) for a in answer.actions.all()] if answer else [],
                    },
                ),
                "action_form": ActionForm(organisation=ctx.organisation),
            }
        )
    return TemplateResponse(request, "voice/item.html", context)


@org_view(Perm.MODERATE_VOICE)
@require_POST
def item_publish(request: HttpRequest, ctx: OrgContext, ref: str) -> HttpResponse:
    item = _item(ctx, ref)
    form = PublishForm(request.POST, organisation=ctx.organisation)
    if not form.is_valid():
        messages.error(request, _("Fill in the text to publish and a category."))
        return _to_item(ctx, item)
    data = form.cleaned_data
    try:
        services.item_publish(
            ctx,
            item=item,
            public_text=data["public_text"],
            category=data["category"],
            department_id=data["department"] or None,
            allow_found=data["confirm"],
        )
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(request, _("The concern is published."))
    return _to_item(ctx, item)


@org_view(Perm.MODERATE_VOICE)
@require_POST
def item_withhold(request: HttpRequest, ctx: OrgContext, ref: str) -> HttpResponse:
    item = _item(ctx, ref)
    form = WithholdForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why it is withheld."))
        return _to_item(ctx, item)
    try:
        services.item_withhold(ctx, item=item, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(request, _("The concern is withheld: it is not on the public page."))
    return _to_item(ctx, item)
