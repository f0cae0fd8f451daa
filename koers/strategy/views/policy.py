"""The AI policy's pages: the overview with what to do next, the section editor (with a
preview), the matrix editor, versions and the comparison of two, approval, publication, the
member's read-and-confirm page and the confirmations per department. Every page works without
JavaScript."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.forms import messages_add_errors
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.strategy.forms.policy import sections_input, sections_posted
from koers.strategy.models import PolicyVersion
from koers.strategy.policy.content import Answer, PolicyContent
from koers.strategy.policy.sanitise import sanitise_html
from koers.strategy.selectors import exports
from koers.strategy.selectors import policy as selectors
from koers.strategy.services import policy as services

Status = PolicyVersion.Status


def _version(ctx: OrgContext, pk: int) -> PolicyVersion:
    try:
        return selectors.version_get(ctx.organisation, pk=pk)
    except PolicyVersion.DoesNotExist:
        raise Http404 from None


def _home(ctx: OrgContext) -> HttpResponse:
    return redirect("strategy:policy", org_slug=ctx.organisation.slug)


def _back(ctx: OrgContext, name: str, version: PolicyVersion) -> HttpResponse:
    return redirect(f"strategy:{name}", org_slug=ctx.organisation.slug, pk=version.pk)


def _content(version: PolicyVersion) -> dict[str, object]:
    """What ``strategy/policy/_content.html`` shows of a version."""
    content = selectors.version_content(version)
    return {"content": content, "matrix": _matrix(content)}


def _matrix(
    content: PolicyContent, posted: Sequence[services.CellInput] = ()
) -> list[dict[str, object]]:
    """The rows of the matrix; with ``posted`` (a form that was refused) the cells as the lead
    chose them, so one mistake does not undo every other choice on the page."""
    given = {(cell.tool, cell.data_class): cell for cell in posted}

    def cell(tool: str, data_class: str) -> object:
        if (tool, data_class) in given:
            return given[(tool, data_class)] if given[(tool, data_class)].answer else None
        return content.cell(tool, data_class)

    return [
        {
            "tool": tool,
            "cells": [
                {"data_class": data_class, "cell": cell(tool.key, data_class.key)}
                for data_class in content.data_classes
            ],
        }
        for tool in content.tools
    ]


@org_view(Perm.VIEW)
def policy(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    published = selectors.published_version(ctx.organisation)
    return TemplateResponse(
        request,
        "strategy/policy/home.html",
        {
            "published": published,
            "open": selectors.open_version(ctx.organisation),
            "started": selectors.versions_list(ctx.organisation).exists(),
            "can_manage": ctx.can(Perm.MANAGE_STRATEGY),
            "can_approve": ctx.can(Perm.APPROVE_POLICY),
            "acknowledged": published is not None
            and selectors.has_acknowledged(ctx.membership, published),
            "pdf_available": exports.pdf_available(),
        },
    )


@org_view(Perm.MANAGE_STRATEGY)
@require_POST
def policy_start(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    try:
        version = services.policy_start(ctx, language=request.POST.get("language", ""))
    except ValidationError as error:
        messages_add_errors(request, error)
        return _home(ctx)
    messages.success(
        request, _("The policy is started from the template. Adapt it to your organisation.")
    )
    return _back(ctx, "policy_sections", version)


@org_view(Perm.MANAGE_STRATEGY)
@require_POST
def draft_start(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    try:
        version = services.draft_start(ctx)
    except ValidationError as error:
        messages_add_errors(request, error)
        return _home(ctx)
    messages.success(request, _("A new draft is ready, copied from the published version."))
    return _back(ctx, "policy_sections", version)


@org_view(Perm.MANAGE_STRATEGY)
def sections(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    version = _version(ctx, pk)
    content = selectors.version_content(version)
    given = sections_posted(content, request.POST)
    previews: dict[str, str] = {}
    if request.method == "POST" and "preview" not in request.POST:
        try:
            services.sections_save(ctx, version=version, sections=sections_input(given))
        except ValidationError as error:
            messages_add_errors(request, error)
        else:
            messages.success(request, _("The sections are saved."))
            return _back(ctx, "policy_sections", version)
    elif request.method == "POST":
        try:
            previews = {s.key: sanitise_html(s.to_html()) for s in given}
        except ValueError:
            messages.error(request, _("This text is too long."))
    return TemplateResponse(
        request,
        "strategy/policy/sections.html",
        {
            "version": version,
            "editable": version.status == Status.DRAFT,
            "sections": [{"input": s, "preview": previews.get(s.key)} for s in given],
        },
    )


def _edit_and_back(
    request: HttpRequest,
    ctx: OrgContext,
    version: PolicyVersion,
    edit: Callable[[], object],
    *,
    done: str,
    page: str = "policy_sections",
) -> HttpResponse:
    """Run one service call; say what it did, or why it refused (changing nothing), and go back
    to ``page`` of the version."""
    try:
        edit()
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(request, done)
    return _back(ctx, page, version)


@org_view(Perm.MANAGE_STRATEGY)
@require_POST
def section_add(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    version = _version(ctx, pk)
    title = request.POST.get("title", "")
    return _edit_and_back(
        request,
        ctx,
        version,
        lambda: services.section_add(ctx, version=version, title=title),
        done=_("The section is added at the end."),
    )


@org_view(Perm.MANAGE_STRATEGY)
@require_POST
def section_remove(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    version = _version(ctx, pk)
    key = request.POST.get("key", "")
    return _edit_and_back(
        request,
        ctx,
        version,
        lambda: services.section_remove(ctx, version=version, key=key),
        done=_("The section is removed."),
    )


@org_view(Perm.MANAGE_STRATEGY)
@require_POST
def sections_renumber(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    version = _version(ctx, pk)
    return _edit_and_back(
        request,
        ctx,
        version,
        lambda: services.sections_renumber(ctx, version=version),
        done=_("The sections are numbered 1, 2, 3 and so on."),
    )


@org_view(Perm.MANAGE_STRATEGY)
def matrix(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    version = _version(ctx, pk)
    content = selectors.version_content(version)
    cells: list[services.CellInput] = []
    if request.method == "POST":
        cells = _posted_cells(request, content)
        try:
            services.matrix_save(ctx, version=version, cells=cells)
        except ValidationError as error:
            messages_add_errors(request, error)
        else:
            messages.success(request, _("The matrix is saved."))
            return _back(ctx, "policy_matrix", version)
    return TemplateResponse(
        request,
        "strategy/policy/matrix.html",
        {
            "version": version,
            "editable": version.status == Status.DRAFT,
            "content": content,
            "matrix": _matrix(content, cells),
            "answers": [(a.value, _answer_label(a)) for a in Answer],
        },
    )


def _posted_cells(request: HttpRequest, content: PolicyContent) -> list[services.CellInput]:
    """The cells the matrix form posted. A cell the form did not show (its tool or data class was
    added in another tab, or by another lead, after the page was opened) is left as it is rather
    than emptied."""
    cells = []
    for tool in content.tools:
        for data_class in content.data_classes:
            name = f"cell:{tool.key}:{data_class.key}"
            if f"{name}:answer" not in request.POST:
                continue
            cells.append(
                services.CellInput(
                    tool=tool.key,
                    data_class=data_class.key,
                    answer=request.POST[f"{name}:answer"],
                    condition=request.POST.get(f"{name}:condition", ""),
                    section=request.POST.get(f"{name}:section", ""),
                )
            )
    return cells


def _answer_label(answer: Answer) -> str:
    return {Answer.YES: _("Yes"), Answer.NO: _("No"), Answer.CONDITIONAL: _("Conditional")}[answer]


@org_view(Perm.MANAGE_STRATEGY)
@require_POST
def matrix_names(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """Add, rename or remove a tool (a row) or a data class (a column)."""
    version = _version(ctx, pk)
    what, op = request.POST.get("what"), request.POST.get("op")
    key = request.POST.get("key", "")
    label = request.POST.get("label", "")
    description = request.POST.get("description", "")

    def edit() -> object:
        if what == "tool" and op == "add":
            return services.tool_add(ctx, version=version, name=label, description=description)
        if what == "tool" and op == "rename":
            return services.tool_rename(
                ctx, version=version, key=key, name=label, description=description
            )
        if what == "tool" and op == "remove":
            return services.tool_remove(ctx, version=version, key=key)
        if what == "data_class" and op == "add":
            return services.data_class_add(
                ctx, version=version, label=label, description=description
            )
        if what == "data_class" and op == "rename":
            return services.data_class_rename(
                ctx, version=version, key=key, label=label, description=description
            )
        if what == "data_class" and op == "remove":
            return services.data_class_remove(ctx, version=version, key=key)
        raise ValidationError(_("Choose what to change."))

    return _edit_and_back(
        request, ctx, version, edit, done=_("The matrix is saved."), page="policy_matrix"
    )


@org_view(Perm.APPROVE_POLICY)
def versions(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    return TemplateResponse(
        request,
        "strategy/policy/versions.html",
        {"versions": selectors.versions_list(ctx.organisation)},
    )


@org_view(Perm.APPROVE_POLICY)
def diff(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    all_versions = list(selectors.versions_list(ctx.organisation))
    by_number = {str(v.number): v for v in all_versions}
    old = by_number.get(request.GET.get("from", ""))
    new = by_number.get(request.GET.get("to", ""))
    if (old is None or new is None) and len(all_versions) >= 2:
        old, new = old or all_versions[1], new or all_versions[0]
    return TemplateResponse(
        request,
        "strategy/policy/diff.html",
        {
            "versions": all_versions,
            "old": old,
            "new": new,
            "diff": selectors.versions_diff(old, new) if old and new else None,
        },
    )


@org_view(Perm.APPROVE_POLICY)
def version(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _version(ctx, pk)
    published = selectors.published_version(ctx.organisation)
    return TemplateResponse(
        request,
        "strategy/policy/version.html",
        {
            "version": found,
            **_content(found),
            "approvals": selectors.version_approvals(found),
            "published": published,
            "can_manage": ctx.can(Perm.MANAGE_STRATEGY),
            "own": ctx.user.pk in selectors.version_authors(found),
        },
    )


@org_view(Perm.MANAGE_STRATEGY)
@require_POST
def submit(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _version(ctx, pk)
    summary = request.POST.get("summary", "")
    return _edit_and_back(
        request,
        ctx,
        found,
        lambda: services.version_submit(ctx, version=found, summary=summary),
        done=_("The version is waiting for approval."),
        page="policy_version",
    )


@org_view(Perm.APPROVE_POLICY)
def review(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _version(ctx, pk)
    if request.method == "POST":
        try:
            services.version_decide(
                ctx,
                version=found,
                approve=request.POST.get("decision") == "approve",
                comment=request.POST.get("comment", ""),
            )
        except ValidationError as error:
            messages_add_errors(request, error)
        else:
            messages.success(request, _("Your decision is saved."))
            return _back(ctx, "policy_version", found)
    published = selectors.published_version(ctx.organisation)
    return TemplateResponse(
        request,
        "strategy/policy/review.html",
        {
            "version": found,
            **_content(found),
            "published": published,
            "diff": selectors.versions_diff(published, found) if published else None,
            "approvals": selectors.version_approvals(found),
            "own": ctx.user.pk in selectors.version_authors(found),
            "comment": request.POST.get("comment", ""),
        },
    )


@org_view(Perm.MANAGE_STRATEGY)
@require_POST
def publish(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    found = _version(ctx, pk)
    try:
        services.version_publish(ctx, version=found)
    except ValidationError as error:
        messages_add_errors(request, error)
        return _back(ctx, "policy_version", found)
    messages.success(request, _("The policy is published. Everyone gets an e-mail to read it."))
    return redirect("strategy:policy_acknowledgements", org_slug=ctx.organisation.slug)


@org_view(Perm.VIEW)
def read(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    published = selectors.published_version(ctx.organisation)
    if request.method == "POST" and published is not None:
        try:
            read = request.POST.get("version", "")[:9]  # the version the page showed
            services.acknowledgement_create(
                ctx, version=published, read=int(read) if read.isdigit() else None
            )
        except ValidationError as error:
            messages_add_errors(request, error)
        return redirect("strategy:policy_read", org_slug=ctx.organisation.slug)
    return TemplateResponse(
        request,
        "strategy/policy/read.html",
        {
            "version": published,
            **(_content(published) if published else {}),
            "acknowledged": published is not None
            and selectors.has_acknowledged(ctx.membership, published),
        },
    )


@org_view(Perm.MANAGE_STRATEGY)
def acknowledgements(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    published = selectors.published_version(ctx.organisation)
    return TemplateResponse(
        request,
        "strategy/policy/acknowledgements.html",
        {
            "version": published,
            "groups": selectors.acknowledgements_by_department(ctx.organisation, published)
            if published
            else [],
            "k": selectors.min_group_of(ctx.organisation),
        },
    )


@org_view(Perm.MANAGE_STRATEGY)
@require_POST
def remind(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    try:
        count = services.reminders_send(ctx)
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(
            request,
            _("A reminder is on its way to %(count)s people.") % {"count": count}
            if count
            else _("Everyone has confirmed the policy; no reminder was sent."),
        )
    return redirect("strategy:policy_acknowledgements", org_slug=ctx.organisation.slug)
