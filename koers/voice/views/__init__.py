"""Voice's core pages: raising a concern or asking for help, the case-code page, moderation, help
requests, actions and "me too". Thin: parse, call one service or selector, render.

The case code never travels in a URL and is never kept on the server beside a person: the raise
page hands it over once through a short-lived signed cookie, and the case page keeps only the
code's hash in a signed cookie of its own (not in the session, which knows who is logged in).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from koers.core import clock
from koers.core.forms import messages_add_errors
from koers.core.http import back_to, get_or_404
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.voice import categorise, selectors, services
from koers.voice.forms import (
    ActionForm,
    ActionStatusForm,
    AnswerForm,
    CaseCodeForm,
    PublishForm,
    RaiseForm,
    ReplyForm,
    WithholdForm,
)
from koers.voice.models import Action, Category, Item, Kind

NEW_CODE_COOKIE = "koers_voice_new"
CASE_COOKIE = "koers_voice_case"
CASE_SALT = "koers.voice.case"
CASE_MAX_AGE = 2 * 60 * 60


def _item(ctx: OrgContext, pk: int) -> Item:
    return get_or_404(selectors.item_get, ctx.organisation, pk)


def _action(ctx: OrgContext, pk: int) -> Action:
    return get_or_404(selectors.action_get, ctx.organisation, pk)


def _to_item(ctx: OrgContext, item: Item) -> HttpResponse:
    return redirect("voice:item", org_slug=ctx.organisation.slug, pk=item.pk)


# --- raising -----------------------------------------------------------------------------------


@org_view(Perm.RAISE_CONCERN)
def raise_item(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    """The form. Without a chosen category the first POST is a check step: it suggests one from
    the text and asks to confirm; with a category it raises the item."""
    department = ctx.membership.department_id if ctx.membership.pk else None
    suggested = None
    if request.method == "POST":
        form = RaiseForm(request.POST, organisation=ctx.organisation)
        if form.is_valid():
            data = form.cleaned_data
            if not data["category"]:
                suggested = categorise.suggest(data["text"])
                values = request.POST.copy()
                values["category"] = suggested
                form = RaiseForm(values, organisation=ctx.organisation)
                form.is_valid()
            else:
                try:
                    raised = services.item_raise(
                        ctx,
                        kind=data["kind"],
                        text=data["text"],
                        category=data["category"],
                        department_id=data["department"] or None,
                        anonymous=data["anonymous"],
                    )
                except ValidationError as error:
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    return _raised(request, ctx, raised)
    else:
        form = RaiseForm(
            organisation=ctx.organisation,
            initial={"department": str(department) if department else ""},
        )
    return TemplateResponse(
        request,
        "voice/new.html",
        {
            "form": form,
            "suggested": Category(suggested).label if suggested else None,
        },
    )


def _raised(request: HttpRequest, ctx: OrgContext, raised: services.Raised) -> HttpResponse:
    if raised.case_code is None:
        if raised.item.kind == Kind.HELP:
            messages.success(request, _("Your request for help is sent to the helpers."))
        else:
            messages.success(request, _("Your concern is sent. A moderator reads it first."))
        return redirect("voice:mine", org_slug=ctx.organisation.slug)
    response = redirect("voice:raised", org_slug=ctx.organisation.slug)
    # Only in this browser, for the next page, which deletes it at once.
    response.set_signed_cookie(
        NEW_CODE_COOKIE,
        raised.case_code,
        salt=CASE_SALT,
        max_age=600,
        httponly=True,
        samesite="Strict",
        secure=request.is_secure(),
    )
    return response


@never_cache
@org_view(Perm.RAISE_CONCERN)
def raised(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    """The case code, shown once."""
    code = request.get_signed_cookie(NEW_CODE_COOKIE, default=None, salt=CASE_SALT, max_age=600)
    if not code:
        return redirect("voice:new", org_slug=ctx.organisation.slug)
    response = TemplateResponse(request, "voice/raised.html", {"code": code})
    response.delete_cookie(NEW_CODE_COOKIE, samesite="Strict")
    return response


@org_view(Perm.RAISE_CONCERN)
def mine(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    """What the person raised by name, with the answers and the conversation."""
    items = list(selectors.my_items(ctx))
    rows = [
        {
            "item": item,
            "answers": selectors.answers_for(item),
            "replies": list(selectors.replies_of(item)),
        }
        for item in items
    ]
    return TemplateResponse(request, "voice/mine.html", {"rows": rows, "reply_form": ReplyForm()})


# --- the case page (no login) ------------------------------------------------------------------


def _case_digest(request: HttpRequest) -> str:
    return str(
        request.get_signed_cookie(CASE_COOKIE, default="", salt=CASE_SALT, max_age=CASE_MAX_AGE)
    )


def _set_case(response: HttpResponse, request: HttpRequest, digest: str) -> None:
    response.set_signed_cookie(
        CASE_COOKIE,
        digest,
        salt=CASE_SALT,
        max_age=CASE_MAX_AGE,
        httponly=True,
        samesite="Strict",
        secure=request.is_secure(),
    )


@never_cache
def case(request: HttpRequest) -> HttpResponse:
    """Enter the case code (POSTed, never in the URL) and read the conversation: the text as
    submitted, the status, the answers and the replies; write a reply."""
    digest = _case_digest(request)
    item = None
    if digest:
        try:
            item = services.item_for_code_hash(digest)
        except ValidationError:
            digest = ""
    code_form = CaseCodeForm()
    reply_form = ReplyForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "forget":
            response = redirect("voice_public:case")
            response.delete_cookie(CASE_COOKIE, samesite="Strict")
            return response
        if action == "reply" and item is not None:
            reply_form = ReplyForm(request.POST)
            if reply_form.is_valid():
                try:
                    services.reply_by_code_hash(digest, reply_form.cleaned_data["body"])
                except ValidationError as error:
                    messages_add_errors(request, error)
                else:
                    messages.success(request, _("Your message is sent."))
                    return redirect("voice_public:case")
        elif action != "reply":
            code_form = CaseCodeForm(request.POST)
            if code_form.is_valid():
                code = code_form.cleaned_data["code"]
                try:
                    services.item_for_code(code)
                except ValidationError as error:
                    code_form.add_error("code", error.messages)
                else:
                    response = redirect("voice_public:case")
                    _set_case(response, request, services.case_code_hash(code))
                    return response
    if item is None:
        return TemplateResponse(request, "voice/case_enter.html", {"form": code_form})
    return TemplateResponse(
        request,
        "voice/case.html",
        {
            "item": item,
            "answers": selectors.answers_for(item),
            "replies": list(selectors.replies_of(item)),
            "reply_form": reply_form,
        },
    )


# --- moderation --------------------------------------------------------------------------------


@org_view(Perm.MODERATE_VOICE)
def moderate(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    queue = selectors.moderation_queue(ctx.organisation)
    today = clock.today()
    for items in queue.values():
        for item in items:
            item.age = selectors.age_in_days(item, today)  # type: ignore[attr-defined]
    return TemplateResponse(request, "voice/moderate.html", {"queue": queue})


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
def item_detail(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """A moderator's page of one item; a helper (without moderation rights) sees a help request
    redacted, with its conversation."""
    item = _item(ctx, pk)
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
def item_publish(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    item = _item(ctx, pk)
    form = PublishForm(request.POST, organisation=ctx.organisation)
    if not form.is_valid():
        messages.error(request, _("Fill in the text to publish and a category."))
        return _to_item(ctx, item)
    data = form.cleaned_data
    try:
        services.item_publish(
            ctx,
            item,
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
def item_withhold(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    item = _item(ctx, pk)
    form = WithholdForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why it is withheld."))
        return _to_item(ctx, item)
    try:
        services.item_withhold(ctx, item, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(request, _("The concern is withheld: it is not on the public page."))
    return _to_item(ctx, item)


@org_view(Perm.MODERATE_VOICE)
@require_POST
def item_answer(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    item = _item(ctx, pk)
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
def item_reply(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """A message from the team (or from the submitter of an item raised by name)."""
    item = _item(ctx, pk)
    own = not item.anonymous and item.author_id == ctx.user.pk
    if not own and not services.can_reply_as_team(ctx, item):
        raise Http404
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message first."))
    else:
        try:
            services.reply_by_team(ctx, item, form.cleaned_data["body"])
        except ValidationError as error:
            messages_add_errors(request, error)
        else:
            messages.success(request, _("Your message is sent."))
    if own and not services.can_reply_as_team(ctx, item):
        return redirect("voice:mine", org_slug=ctx.organisation.slug)
    return _to_item(ctx, item)


@org_view(Perm.MODERATE_VOICE)
@require_POST
def item_action_new(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """Create an action and link it to the item's answer (the answer must exist)."""
    item = _item(ctx, pk)
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


# --- help requests -----------------------------------------------------------------------------


@org_view(Perm.HELP_COLLEAGUES)
def help_list(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    queue = selectors.help_queue(ctx.organisation)
    today = clock.today()
    for items in queue.values():
        for item in items:
            item.age = selectors.age_in_days(item, today)  # type: ignore[attr-defined]
            item.overdue = item.age > selectors.HELP_OVERDUE_DAYS  # type: ignore[attr-defined]
    return TemplateResponse(
        request,
        "voice/help.html",
        {"queue": queue, "overdue_days": selectors.HELP_OVERDUE_DAYS},
    )


def _help_step(request: HttpRequest, ctx: OrgContext, pk: int, step: str) -> HttpResponse:
    item = _item(ctx, pk)
    try:
        if step == "pick_up":
            services.help_pick_up(ctx, item)
            messages.success(request, _("You picked up this request."))
        else:
            services.help_done(ctx, item)
            messages.success(request, _("Marked as helped. Thank you!"))
    except ValidationError as error:
        messages_add_errors(request, error)
    return redirect("voice:help", org_slug=ctx.organisation.slug)


@org_view(Perm.HELP_COLLEAGUES)
@require_POST
def help_pick_up(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    return _help_step(request, ctx, pk, "pick_up")


@org_view(Perm.HELP_COLLEAGUES)
@require_POST
def help_done(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    return _help_step(request, ctx, pk, "done")


# --- actions -----------------------------------------------------------------------------------


@org_view(Perm.MODERATE_VOICE)
def actions(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    today = clock.today()
    rows = [
        {
            "action": action,
            "overdue": selectors.is_overdue(action, today),
            "form": ActionStatusForm(initial={"status": action.status}, prefix=f"a{action.pk}"),
        }
        for action in selectors.actions_list(ctx.organisation)
    ]
    return TemplateResponse(request, "voice/actions.html", {"rows": rows})


@org_view(Perm.MODERATE_VOICE)
@require_POST
def action_status(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    action = _action(ctx, pk)
    try:
        services.action_set_status(
            ctx, action, request.POST.get("status") or request.POST.get(f"a{pk}-status", "")
        )
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(request, _("The action's status is saved."))
    return redirect("voice:actions", org_slug=ctx.organisation.slug)


@org_view(Perm.MODERATE_VOICE)
def action_detail(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    action = _action(ctx, pk)
    return TemplateResponse(
        request,
        "voice/action.html",
        {
            "action": action,
            "overdue": selectors.is_overdue(action),
            "answers": action.answers.select_related("item", "theme"),
            "history": selectors.action_history(action),
            "form": ActionStatusForm(initial={"status": action.status}),
        },
    )


# --- me too ------------------------------------------------------------------------------------


@org_view(Perm.RAISE_CONCERN)
@require_POST
def support(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """ "Me too" on a published concern, or taken back; back to where the button was."""
    item = _item(ctx, pk)
    try:
        now = services.support_toggle(ctx, item=item)
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(
            request, _("You support this concern.") if now else _("You no longer support it.")
        )
    back = back_to(request, within=f"/o/{ctx.organisation.slug}/")
    if back:
        return back
    try:
        return redirect("voice:said_did", org_slug=ctx.organisation.slug)
    except NoReverseMatch:
        return redirect("voice:new", org_slug=ctx.organisation.slug)
