"""Raising a concern or asking for help: the form, the case code shown once, and what a person
raised by name."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.voice import categorise, selectors, services
from koers.voice.forms import RaiseForm, ReplyForm
from koers.voice.models import Category, Kind
from koers.voice.views.common import CASE_SALT, NEW_CODE_COOKIE


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
