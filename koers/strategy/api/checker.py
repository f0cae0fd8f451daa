"""The checker over the API: the published policy as JSON, "may I use this tool for this?",
tool requests (every member) and the programme team's list and answers. Same permissions as the
pages: a member reads the published policy and asks; the programme team (Perm.MANAGE_STRATEGY)
lists and answers requests."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router

from koers.orgs.api import (
    BODY_ERRORS,
    ERRORS,
    OrgSlug,
    OrgSlugWith,
    api_org_context,
    of_organisation,
)
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.strategy.api.published import published_or_404
from koers.strategy.models import ToolRequest
from koers.strategy.policy.checker import UnknownDataClass, check
from koers.strategy.policy.document import policy_document
from koers.strategy.schemas.checker import (
    PolicyCheckOut,
    PolicyCheckQuery,
    PolicyDocumentOut,
    ToolRequestAnswerIn,
    ToolRequestFilter,
    ToolRequestIn,
    ToolRequestOut,
)
from koers.strategy.selectors import checker as selectors
from koers.strategy.services import checker as services

router = Router(tags=["strategy"])

ToolRequestId = PathEx[
    Annotated[int, of_organisation(ToolRequest)], P(description="The tool request's id.")
]


def _request(ctx: OrgContext, pk: int) -> ToolRequest:
    try:
        return selectors.tool_request_get(ctx.organisation, pk)
    except ToolRequest.DoesNotExist as error:
        raise Http404 from error


@router.get(
    "/orgs/{org}/strategy/policy/published",
    response={200: PolicyDocumentOut, **ERRORS},
    summary="The published AI policy: sections as plain text and the matrix",
    description="The same document as `koers export policy --format json`. 404 when nothing is "
    "published.",
    operation_id="strategy_policy_published",
)
def policy_published(request: HttpRequest, org: OrgSlug) -> dict[str, Any]:
    ctx = api_org_context(request, org)
    version = published_or_404(ctx)
    return policy_document(selectors.version_content(version), version.number)


@router.get(
    "/orgs/{org}/strategy/policy/check",
    response={200: PolicyCheckOut, **ERRORS},
    summary="May I use this tool for this kind of data?",
    description="The published matrix's answer, as the checker page and `koers policy check` "
    "give it. An unknown data class is a 422 naming the valid ones.",
    operation_id="strategy_policy_check",
)
def policy_check(
    request: HttpRequest, org: OrgSlug, query: Query[PolicyCheckQuery]
) -> dict[str, Any]:
    ctx = api_org_context(request, org)
    content = selectors.version_content(published_or_404(ctx))
    try:
        return check(content, query.tool, query.data_class).as_json()
    except UnknownDataClass as error:
        valid = ", ".join(d.key for d in error.valid)
        message = _("Unknown kind of data. The valid ones are: %(valid)s.") % {"valid": valid}
        raise ValidationError({"data_class": [message]}) from error


@router.post(
    "/orgs/{org}/strategy/tool-requests",
    response={201: ToolRequestOut, **BODY_ERRORS},
    summary="Ask the programme team to approve a tool",
    description="The programme team (admins and programme leads) gets an e-mail.",
    operation_id="strategy_tool_request_create",
)
def tool_request_create(
    request: HttpRequest, org: OrgSlug, payload: ToolRequestIn
) -> tuple[int, ToolRequest]:
    ctx = api_org_context(request, org)
    created = services.tool_request_create(
        ctx, tool=payload.tool, data_class=payload.data_class, purpose=payload.purpose
    )
    return 201, _request(ctx, created.pk)


@router.get(
    "/orgs/{org}/strategy/tool-requests",
    response={200: list[ToolRequestOut], **ERRORS},
    summary="The tool requests (programme team)",
    description="Open ones first, newest first; at most 500. Filter: status open or answered.",
    operation_id="strategy_tool_requests",
)
def tool_request_list(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MANAGE_STRATEGY],
    filters: Query[ToolRequestFilter],
) -> QuerySet[ToolRequest]:
    ctx = api_org_context(request, org)
    return selectors.tool_requests_list(ctx.organisation, status=filters.status)[:500]


@router.post(
    "/orgs/{org}/strategy/tool-requests/{id}/answer",
    response={200: ToolRequestOut, **BODY_ERRORS},
    summary="Answer a tool request (programme team)",
    description="The member who asked gets the answer by e-mail. A request is answered once.",
    operation_id="strategy_tool_request_answer",
)
def tool_request_answer(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MANAGE_STRATEGY],
    id: ToolRequestId,
    payload: ToolRequestAnswerIn,
) -> ToolRequest:
    ctx = api_org_context(request, org)
    services.tool_request_answer(ctx, tool_request=_request(ctx, id), answer=payload.answer)
    return _request(ctx, id)
