"""The vision: everyone reads it; the leadership team answers the questions and edits the text."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from koers.core.forms import form_add_errors
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.strategy.forms.vision import VisionQuestionsForm, VisionTextForm
from koers.strategy.models import VisionVersion
from koers.strategy.selectors.vision import (
    vision_blocks,
    vision_current,
    vision_get,
    vision_versions,
)
from koers.strategy.services.vision import ANSWER_KEYS, QUESTIONS, vision_compose, vision_edit


@org_view(Perm.VIEW)
def vision(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    current = vision_current(ctx.organisation)
    return TemplateResponse(
        request,
        "strategy/vision.html",
        {
            "version": current,
            "blocks": vision_blocks(current.text) if current else [],
            "latest": True,
            "can_manage": ctx.can(Perm.MANAGE_STRATEGY),
            "can_read_scenarios": ctx.can(Perm.VIEW_SCENARIOS),
        },
    )


@org_view(Perm.VIEW)
def vision_version(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    try:
        version = vision_get(ctx.organisation, pk)
    except VisionVersion.DoesNotExist:
        raise Http404 from None
    current = vision_current(ctx.organisation)
    return TemplateResponse(
        request,
        "strategy/vision.html",
        {
            "version": version,
            "blocks": vision_blocks(version.text),
            "latest": current is not None and current.pk == version.pk,
            "can_manage": ctx.can(Perm.MANAGE_STRATEGY),
            "can_read_scenarios": ctx.can(Perm.VIEW_SCENARIOS),
        },
    )


@org_view(Perm.VIEW)
def vision_history(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    return TemplateResponse(
        request, "strategy/vision_history.html", {"versions": vision_versions(ctx.organisation)}
    )


@org_view(Perm.MANAGE_STRATEGY)
def vision_questions(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    current = vision_current(ctx.organisation)
    if request.method == "POST":
        form = VisionQuestionsForm(request.POST)
        if form.is_valid():
            try:
                vision_compose(ctx, answers=form.cleaned_data)
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("The vision is composed from your answers."))
                return redirect("strategy:vision", org_slug=ctx.organisation.slug)
    else:
        initial = {key: getattr(current, key) for key in ANSWER_KEYS} if current else {}
        form = VisionQuestionsForm(initial=initial)
    return TemplateResponse(
        request,
        "strategy/vision_questions.html",
        {
            "form": form,
            "questions": [(q, form[q.key]) for q in QUESTIONS],
            "edited": current is not None and not current.composed,
        },
    )


@org_view(Perm.MANAGE_STRATEGY)
def vision_text(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    current = vision_current(ctx.organisation)
    if current is None:
        return redirect("strategy:vision_questions", org_slug=ctx.organisation.slug)
    if request.method == "POST":
        form = VisionTextForm(request.POST)
        if form.is_valid():
            try:
                vision_edit(ctx, text=form.cleaned_data["text"])
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("The vision is saved as a new version."))
                return redirect("strategy:vision", org_slug=ctx.organisation.slug)
    else:
        form = VisionTextForm(initial={"text": current.text})
    return TemplateResponse(request, "strategy/vision_text.html", {"form": form})
