"""Tool requests: "not approved yet — ask the programme team" in one click, and the programme
team's answer. Both go by e-mail (the outbox), in each recipient's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.models import OutgoingMail
from koers.core.services import change_by
from koers.orgs.models import Membership, Role
from koers.orgs.permissions import Perm
from koers.strategy.models import ToolRequest
from koers.strategy.policy.checker import (
    MAX_QUERY,
    UnknownDataClass,
    data_class_find,
    tool_fold,
)
from koers.strategy.selectors.checker import published_version, version_content
from koers.strategy.services.mails import members_mail, page_url

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext

MAX_PURPOSE = 2000
MAX_ANSWER = 4000
MAX_OPEN_PER_MEMBER = 20  # open requests of one member: the programme team's inbox is bounded
PROGRAMME_TEAM = (Role.ADMIN, Role.LEAD)
KIND = OutgoingMail.Kind.TOOL_REQUEST


def _too_long(most: int) -> str:
    return _("Keep it under %(most)s characters, please.") % {"most": most}


def tool_request_create(
    ctx: OrgContext, *, tool: str, data_class: str = "", purpose: str = ""
) -> ToolRequest:
    """A member asks the programme team to approve ``tool`` (for ``data_class``, the key or
    label of one of the published policy's classes, or none). The programme team gets an e-mail."""
    ctx.require(Perm.VIEW)
    errors: dict[str, list[str]] = {}
    clean_tool = " ".join(str(tool or "").split())
    clean_purpose = str(purpose or "").strip()
    if not clean_tool:
        errors["tool"] = [_("Name the tool you would like to use.")]
    elif len(clean_tool) > MAX_QUERY:
        errors["tool"] = [_too_long(MAX_QUERY)]
    if len(clean_purpose) > MAX_PURPOSE:
        errors["purpose"] = [_too_long(MAX_PURPOSE)]
    class_key = ""
    if str(data_class or "").strip():
        version = published_version(ctx.organisation)
        try:
            if version is None:
                raise UnknownDataClass(str(data_class), [])
            class_key = data_class_find(version_content(version), str(data_class)).key
        except UnknownDataClass:
            errors["data_class"] = [_("Choose one of the policy's kinds of data.")]
    if errors:
        raise ValidationError(errors)
    open_requests = ToolRequest.objects.filter(
        organisation=ctx.organisation, requested_by=ctx.membership, status=ToolRequest.Status.OPEN
    )
    if any(
        tool_fold(asked) == tool_fold(clean_tool)
        for asked in open_requests.values_list("tool", flat=True)
    ):
        raise ValidationError(
            {"tool": [_("You asked about this tool already; the programme team will answer.")]}
        )
    if open_requests.count() >= MAX_OPEN_PER_MEMBER:
        raise ValidationError(
            {"tool": [_("You have many open requests; wait for the programme team's answers.")]}
        )
    with transaction.atomic():
        request = ToolRequest.objects.create(
            organisation=ctx.organisation,
            tool=clean_tool,
            data_class=class_key,
            purpose=clean_purpose,
            requested_by=ctx.membership,
        )
        change_by(
            ctx,
            request,
            action="created",
            fields={"tool": [None, clean_tool], "data_class": [None, class_key]},
        )
        _mail_programme_team(request)
    return request


def tool_request_answer(ctx: OrgContext, *, tool_request: ToolRequest, answer: str) -> ToolRequest:
    """The programme team answers an open request; the member who asked gets the answer by
    e-mail."""
    ctx.require(Perm.MANAGE_STRATEGY)
    if tool_request.organisation_id != ctx.organisation.pk:
        raise ToolRequest.DoesNotExist
    text = str(answer or "").strip()
    if not text:
        raise ValidationError({"answer": [_("Write the answer.")]})
    if len(text) > MAX_ANSWER:
        raise ValidationError({"answer": [_too_long(MAX_ANSWER)]})
    with transaction.atomic():
        locked = ToolRequest.objects.select_for_update().get(pk=tool_request.pk)
        if locked.status != ToolRequest.Status.OPEN:
            raise ValidationError({"answer": [_("This request has been answered already.")]})
        locked.status = ToolRequest.Status.ANSWERED
        locked.answer = text
        locked.answered_at = clock.now()
        locked.save(update_fields=["status", "answer", "answered_at"])
        change_by(
            ctx,
            locked,
            action="answered",
            fields={"status": [ToolRequest.Status.OPEN, ToolRequest.Status.ANSWERED]},
        )
        _mail_requester(locked, answered_by=str(ctx.user))
    return locked


def _mail_programme_team(request: ToolRequest) -> int:
    team = Membership.objects.filter(
        organisation_id=request.organisation_id, is_active=True, role__in=PROGRAMME_TEAM
    ).select_related("user", "organisation")
    slug = request.organisation.slug
    context = {
        "tool": request.tool,
        "data_class": request.data_class,
        "purpose": request.purpose,
        "by": str(request.requested_by.user) if request.requested_by else "",
        "url": page_url(slug, "strategy:tool_requests"),
    }
    return members_mail(team, kind=KIND, template="tool_request", context=context)


def _mail_requester(request: ToolRequest, *, answered_by: str) -> int:
    membership = request.requested_by
    if membership is None or not membership.is_active:
        return 0
    membership = Membership.objects.select_related("user", "organisation").get(pk=membership.pk)
    context = {
        "tool": request.tool,
        "answer": request.answer,
        "by": answered_by,
        "url": page_url(membership.organisation.slug, "strategy:checker"),
    }
    return members_mail([membership], kind=KIND, template="tool_request_answer", context=context)
