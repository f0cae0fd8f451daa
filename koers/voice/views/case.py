"""The case page (no login): the case code is POSTed, never part of a URL, and only its hash is
kept, in a signed cookie; the anonymous submitter reads the conversation and replies."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from koers.core.forms import messages_add_errors
from koers.voice import selectors, services
from koers.voice.forms import CaseCodeForm, ReplyForm
from koers.voice.views.common import CASE_COOKIE, CASE_MAX_AGE, CASE_SALT


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
