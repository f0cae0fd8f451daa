from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.backlog.forms.usecases import CommentForm, FilterForm, MergeForm, StageForm, UseCaseForm
from koers.backlog.models.usecases import Stage, UseCase
from koers.backlog.selectors import usecases as selectors
from koers.backlog.selectors.prescreen import usecases_flagged
from koers.backlog.selectors.usecases import TRIAGE_FILTERS
from koers.backlog.services import usecases as services
from koers.backlog.services.themes import usecase_duplicates
from koers.backlog.views.starter import starter_context
from koers.core.forms import form_add_errors
from koers.core.http import back_to, get_or_404
from koers.core.selectors import change_list_for
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view


def _usecase(ctx: OrgContext, pk: int) -> UseCase:
    return get_or_404(selectors.usecase_get, organisation=ctx.organisation, pk=pk)


@org_view(Perm.VIEW)
def usecase_list(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    form = FilterForm(request.GET or None, organisation=ctx.organisation)
    filters = form.to_filter() or selectors.UseCaseFilter()
    paginator = Paginator(
        selectors.usecase_list(organisation=ctx.organisation, filters=filters),
        settings.KOERS_PAGE_SIZE,
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    filtered = any(
        request.GET.get(k)
        for k in ("q", "department", "stage", "technique", "personal_data", *TRIAGE_FILTERS)
    )
    # An empty backlog offers the starter catalogue to begin with.
    empty = not filtered and paginator.count == 0
    return TemplateResponse(
        request,
        "backlog/usecase_list.html",
        {
            **(starter_context(ctx) if empty else {}),
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "voted": selectors.usecase_ids_voted_by(
                organisation=ctx.organisation, user_id=ctx.user.pk
            ),
            "flagged": usecases_flagged(page.object_list),
            "filtered": filtered,
        },
    )


@org_view(Perm.SUBMIT_USECASE)
def usecase_new(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    initial = {"departments": [ctx.membership.department]} if ctx.membership.department else {}
    form = UseCaseForm(
        request.POST or None, organisation=ctx.organisation, allow_anonymous=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            usecase = services.usecase_create(
                ctx, data=form.to_data(), anonymous=form.cleaned_data.get("anonymous", False)
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you! Your idea is in the register as %(ref)s.")
                % {"ref": usecase.reference},
            )
            return redirect("backlog:detail", org_slug=ctx.organisation.slug, pk=usecase.pk)
    # Shown again with errors: the suggestions are there even without JavaScript.
    suggestions = selectors.intake_suggestions(
        ctx, title=request.POST.get("title", ""), problem=request.POST.get("problem", "")
    )
    return TemplateResponse(
        request,
        "backlog/usecase_form.html",
        {"form": form, "usecase": None, "suggestions": suggestions},
    )


@org_view(Perm.SUBMIT_USECASE)
def usecase_similar(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    """The "Is yours one of these?" fragment the intake form fetches while someone types."""
    suggestions = selectors.intake_suggestions(
        ctx, title=request.GET.get("title", ""), problem=request.GET.get("problem", "")
    )
    return TemplateResponse(request, "backlog/_similar.html", {"suggestions": suggestions})


@org_view(Perm.VIEW)
def usecase_edit(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    usecase = _usecase(ctx, pk)
    if not services.usecase_can_edit(ctx, usecase=usecase):
        raise Http404
    form = UseCaseForm(
        request.POST or None, instance=usecase, organisation=ctx.organisation, allow_anonymous=False
    )
    if request.method == "POST" and form.is_valid():
        usecase.refresh_from_db()  # the form wrote into the instance; the service compares
        try:
            services.usecase_update(ctx, usecase=usecase, changes=form.to_changes())
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("backlog:detail", org_slug=ctx.organisation.slug, pk=usecase.pk)
    return TemplateResponse(
        request, "backlog/usecase_form.html", {"form": form, "usecase": usecase}
    )


@org_view(Perm.VIEW)
def usecase_detail(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    usecase = _usecase(ctx, pk)
    merged = usecase.merged_into_id is not None
    transitions = [
        stage
        for stage in services.stage_transitions(usecase.stage)
        if not merged and ctx.can(services.stage_permission(current=usecase.stage, target=stage))
    ]
    can_merge = not merged and ctx.can(Perm.DECIDE_USECASE)
    stage_form = StageForm()
    stage_form.fields["stage"].choices = [(s.value, s.label) for s in transitions]  # type: ignore[attr-defined]
    return TemplateResponse(
        request,
        "backlog/usecase_detail.html",
        {
            "usecase": usecase,
            "departments": usecase.departments.all(),
            "comments": usecase.comments.select_related("author"),
            "voted": selectors.usecase_voted_by(usecase=usecase, user_id=ctx.user.pk),
            "can_edit": services.usecase_can_edit(ctx, usecase=usecase),
            "stage_form": stage_form if transitions else None,
            "comment_form": CommentForm(),
            "history": change_list_for(obj=usecase, organisation_id=ctx.organisation.pk)[:10],
            "lifecycle": services.LIFECYCLE,
            "Stage": Stage,
            "duplicates": usecase_duplicates(ctx, usecase=usecase) if can_merge else [],
            "merge_form": MergeForm(organisation=ctx.organisation) if can_merge else None,
        },
    )


@org_view(Perm.VOTE)
@require_POST
def usecase_vote(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    usecase = _usecase(ctx, pk)
    try:
        voted = services.usecase_vote(
            ctx, usecase=usecase, vote=request.POST.get("vote", "1") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("backlog:detail", org_slug=ctx.organisation.slug, pk=usecase.pk)
    if voted and request.POST.get("instead_of_new"):
        messages.success(
            request,
            _("You support %(ref)s now; no new use case was submitted.")
            % {"ref": usecase.reference},
        )
    back = back_to(request, within=f"/o/{ctx.organisation.slug}/")
    return back or redirect("backlog:detail", org_slug=ctx.organisation.slug, pk=usecase.pk)


@org_view(Perm.VIEW)
@require_POST
def usecase_stage(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    usecase = _usecase(ctx, pk)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.usecase_change_stage(
                ctx,
                usecase=usecase,
                stage=form.cleaned_data["stage"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Moved to %(stage)s.") % {"stage": usecase.get_stage_display()}
            )
    else:
        messages.error(request, _("Choose a stage."))
    return redirect("backlog:detail", org_slug=ctx.organisation.slug, pk=usecase.pk)


@org_view(Perm.COMMENT)
@require_POST
def usecase_comment(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    usecase = _usecase(ctx, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment first."))
    else:
        try:
            services.comment_create(ctx, usecase=usecase, body=form.cleaned_data["body"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your comment is added."))
    detail = reverse("backlog:detail", kwargs={"org_slug": ctx.organisation.slug, "pk": usecase.pk})
    return redirect(f"{detail}#comments")


@org_view(Perm.VIEW)
def usecase_history(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    usecase = _usecase(ctx, pk)
    return TemplateResponse(
        request,
        "backlog/usecase_history.html",
        {
            "usecase": usecase,
            "history": change_list_for(obj=usecase, organisation_id=ctx.organisation.pk),
            "merged": [
                (duplicate, change_list_for(obj=duplicate, organisation_id=ctx.organisation.pk))
                for duplicate in selectors.usecase_merged_from(usecase=usecase)
            ],
        },
    )


@org_view(Perm.DECIDE_USECASE)
@require_POST
def usecase_merge(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """Merge another use case, named by its reference, into this one or this one into it."""
    usecase = _usecase(ctx, pk)
    form = MergeForm(request.POST, organisation=ctx.organisation)
    if form.is_valid():
        duplicate, keep = form.duplicate_and_keep(usecase)
        try:
            services.usecase_merge(
                ctx, duplicate=duplicate, keep=keep, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form_add_errors(form, error)
    if form.errors:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect("backlog:detail", org_slug=ctx.organisation.slug, pk=usecase.pk)
    messages.success(
        request,
        _("%(duplicate)s is merged into %(keep)s; its votes and comments are now here.")
        % {"duplicate": duplicate.reference, "keep": keep.reference},
    )
    return redirect("backlog:detail", org_slug=ctx.organisation.slug, pk=keep.pk)
