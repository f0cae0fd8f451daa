""" "May I use this tool for this?": the checker, tool requests and the programme team's answers,
and the policy's downloads (DOCX, PDF, JSON)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.forms import messages_add_errors
from koers.core.http import get_or_404
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.strategy.forms.checker import CheckerForm, ToolRequestAnswerForm, ToolRequestForm
from koers.strategy.models import PolicyVersion
from koers.strategy.policy.checker import check
from koers.strategy.selectors import checker as selectors
from koers.strategy.selectors import exports
from koers.strategy.services import checker as services


def policy_section_url(ctx: OrgContext, section: str | None) -> str:
    """The published policy's page at ``section`` (empty when that page does not exist)."""
    if not section:
        return ""
    try:
        page = reverse("strategy:policy_read", kwargs={"org_slug": ctx.organisation.slug})
    except NoReverseMatch:
        return ""
    return f"{page}#{exports.section_anchor(section)}"


@org_view(Perm.VIEW)
def checker(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    version = selectors.published_version(ctx.organisation)
    if version is None:
        return TemplateResponse(request, "strategy/checker_no_policy.html", {})
    content = selectors.version_content(version)
    asked = "tool" in request.GET
    form = CheckerForm(request.GET if asked else None, content=content)
    result = None
    if asked and form.is_valid():
        result = check(content, form.cleaned_data["tool"], form.cleaned_data["data_class"])
    request_form = ToolRequestForm(
        initial={"tool": result.tool, "data_class": result.data_class} if result else None,
        content=content,
    )
    return TemplateResponse(
        request,
        "strategy/checker.html",
        {
            "version": version,
            "content": content,
            "form": form,
            "result": result,
            "section_url": policy_section_url(ctx, result.section if result else None),
            "request_form": request_form,
            "my_requests": selectors.tool_requests_of(ctx.membership)[:20],
        },
    )


@org_view(Perm.VIEW)
@require_POST
def tool_request_new(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    version = selectors.published_version(ctx.organisation)
    form = ToolRequestForm(
        request.POST, content=selectors.version_content(version) if version else None
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect("strategy:checker", org_slug=ctx.organisation.slug)
    try:
        services.tool_request_create(ctx, **form.cleaned_data)
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(
            request,
            _(
                "Your request about %(tool)s was sent to the programme team. You will get their "
                "answer by e-mail."
            )
            % {"tool": form.cleaned_data["tool"]},
        )
    return redirect("strategy:checker", org_slug=ctx.organisation.slug)


@org_view(Perm.MANAGE_STRATEGY)
def tool_requests(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    version = selectors.published_version(ctx.organisation)
    labels = (
        {d.key: d.label for d in selectors.version_content(version).data_classes} if version else {}
    )
    rows = [
        {
            "request": tool_request,
            "data_class": labels.get(tool_request.data_class, tool_request.data_class),
            "form": ToolRequestAnswerForm(prefix=f"r{tool_request.pk}"),
        }
        for tool_request in selectors.tool_requests_list(ctx.organisation)[:200]
    ]
    return TemplateResponse(request, "strategy/tool_requests.html", {"rows": rows})


@org_view(Perm.MANAGE_STRATEGY)
@require_POST
def tool_request_answer(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    tool_request = get_or_404(selectors.tool_request_get, ctx.organisation, pk)
    answer = request.POST.get("answer") or request.POST.get(f"r{pk}-answer", "")
    try:
        services.tool_request_answer(ctx, tool_request=tool_request, answer=answer)
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(request, _("Your answer was sent by e-mail."))
    return redirect("strategy:tool_requests", org_slug=ctx.organisation.slug)


@org_view(Perm.VIEW)
def policy_downloads(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    """The download buttons: the published version for everyone, any version for leaders."""
    versions = []
    if ctx.can(Perm.MANAGE_STRATEGY):
        versions = list(selectors.versions_list(ctx.organisation))
    return TemplateResponse(
        request,
        "strategy/policy_downloads.html",
        {
            "version": selectors.published_version(ctx.organisation),
            "versions": versions,
            "pdf_available": exports.pdf_available(),
        },
    )


@org_view(Perm.VIEW)
def policy_export(request: HttpRequest, ctx: OrgContext, fmt: str) -> HttpResponse:
    """The published version as a file; ``?version=<number>`` any version (leaders only)."""
    number = request.GET.get("version", "")
    version: PolicyVersion | None
    if number:
        ctx.require(Perm.MANAGE_STRATEGY)
        version = get_or_404(selectors.version_numbered, ctx.organisation, number)
    else:
        version = selectors.published_version(ctx.organisation)
    if version is None:
        raise Http404
    if fmt == "pdf" and not exports.pdf_available():
        return TemplateResponse(request, "strategy/pdf_unavailable.html", {}, status=503)
    response = HttpResponse(
        exports.export_file(ctx.organisation, version, fmt), content_type=exports.CONTENT_TYPES[fmt]
    )
    filename = exports.export_filename(version, fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
