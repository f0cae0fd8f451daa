"""Reads for the checker and the exports: the published policy, any version (leaders), the
checker's answer, and tool requests (the programme team's list, a member's own)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from koers.strategy.models import PolicyVersion, ToolRequest
from koers.strategy.policy.checker import CheckResult, check

# One way to read a version: the policy's selectors (re-exported for the checker's callers).
from koers.strategy.selectors.policy import published_version as published_version
from koers.strategy.selectors.policy import version_content as version_content
from koers.strategy.selectors.policy import versions_list as versions_list

if TYPE_CHECKING:
    from koers.orgs.models import Membership, Organisation


class NoPublishedPolicy(LookupError):
    """The organisation has no published policy yet."""


def published_version_get(organisation: Organisation) -> PolicyVersion:
    version = published_version(organisation)
    if version is None:
        raise NoPublishedPolicy(organisation.slug)
    return version


def version_numbered(organisation: Organisation, number: int) -> PolicyVersion:
    """Any version of the organisation's policy by its number (PolicyVersion.DoesNotExist)."""
    return PolicyVersion.objects.get(policy__organisation=organisation, number=int(number))


def checker_answer(organisation: Organisation, *, tool: str, data_class: str) -> CheckResult:
    """The published matrix's answer; NoPublishedPolicy without one, UnknownDataClass for a data
    class the policy does not have."""
    content = version_content(published_version_get(organisation))
    return check(content, tool, data_class)


def tool_requests_list(organisation: Organisation, *, status: str = "") -> QuerySet[ToolRequest]:
    """The organisation's tool requests for the programme team, open ones first, newest first."""
    requests = ToolRequest.objects.filter(organisation=organisation).select_related(
        "requested_by__user"
    )
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("-status", "-created_at", "-pk")


def tool_requests_of(membership: Membership) -> QuerySet[ToolRequest]:
    """A member's own requests, newest first (nobody else's)."""
    return ToolRequest.objects.filter(
        organisation_id=membership.organisation_id, requested_by=membership
    ).order_by("-created_at", "-pk")


def tool_request_get(organisation: Organisation, pk: int) -> ToolRequest:
    return ToolRequest.objects.select_related("requested_by__user").get(
        organisation=organisation, pk=int(pk)
    )
