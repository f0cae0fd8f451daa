"""The team's answer to an item, a reply in its conversation, and a new action linked to the
answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.forms import messages_add_errors
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.voice import selectors, services
from koers.voice.forms import ActionForm, AnswerForm, ReplyForm
from koers.voice.views.common import _item, _to_item


@org_view(Perm.MODERATE_VOICE)
@require_POST
def item_answer(request: HttpRequest, ctx: OrgContext, ref: str) -> HttpResponse:
    item = _item(ctx, ref)
    form = AnswerForm(request.POST, organisation=ctx.organisation)
    if not form.is_valid():
        messages.error(request, _("Write the answer."))
        return _to_item(ctx, item)
    try:
        services.answer_save(
            ctx,
            item=item,
            body=form.cleaned_data["body"],
            action_ids=[int(pk) for pk in form.cleaned_data["actions"]],
        )
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(request, _("The answer is saved."))
    return _to_item(ctx, item)


@org_view(Perm.RAISE_CONCERN)
@require_POST
def item_reply(request: HttpRequest, ctx: OrgContext, ref: str) -> HttpResponse:
    """A message from the team (or from the submitter of an item raised by name)."""
    item = _item(ctx, ref)
    own = not item.anonymous and item.author_id == ctx.user.pk
    if not own and not services.can_reply_as_team(ctx, item=item):
        raise Http404
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message first."))
    else:
        try:
            services.reply_by_team(ctx, item=item, body=form.cleaned_data["body"])
        except ValidationError as error:
            messages_add_errors(request, error)
        else:
            messages.success(request, _("Your message is sent."))
    if own and not services.can_reply_as_team(ctx, item=item):
        return redirect("voice:mine", org_slug=ctx.organisation.slug)
    return _to_item(ctx, item)


@org_view(Perm.MODERATE_VOICE)
@require_POST
def item_action_new(request: HttpRequest, ctx: OrgContext, ref: str) -> HttpResponse:
    """Create an action and link it to the item's answer (the answer must exist)."""
    item = _item(ctx, ref)
    form = ActionForm(request.POST, organisation=ctx.organisation)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _to_item(ctx, item)
    data = form.cleaned_data
    answer = selectors.answer_of(item)
    if answer is None:
        messages.error(request, _("Write the answer first; then link actions to it."))
        return _to_item(ctx, item)
    try:
        action = services.action_create(
            ctx,
            kind=data["kind"],
            title=data["title"],
            usecase_id=data["usecase"] or None,
            owner_id=data["owner"] or None,
            due_on=data["due_on"],
        )
        services.answer_save(
            ctx,
            item=item,
            body=answer.body,
            action_ids=[*(a.pk for a in answer.actions.all()), action.pk],
        )
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(request, _("The action is created and linked to the answer."))
    return _to_item(ctx, item)
