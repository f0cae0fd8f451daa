from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import BooleanField, Case, QuerySet, When

from koers.core.mail import retryable
from koers.core.models import Change, OutgoingMail

if TYPE_CHECKING:
    from koers.orgs.models import Organisation


def change_list_for(*, obj: models.Model, organisation_id: int) -> QuerySet[Change]:
    return Change.objects.filter(
        organisation_id=organisation_id, subject=obj._meta.label_lower, subject_id=obj.pk
    ).select_related("actor")


@dataclass(frozen=True)
class Outbox:
    """An organisation's e-mails that have not left, newest first (``limit`` of each)."""

    failed: list[OutgoingMail]
    failed_count: int
    waiting: list[OutgoingMail]
    waiting_count: int
    retryable_count: int


def outbox_for(*, organisation: Organisation, limit: int = 100) -> Outbox:
    """Failed and waiting e-mails, without their bodies (which may hold a one-time link). Waiting
    scan reminders are left out: how many wait would tell how many have not answered yet."""
    status = OutgoingMail.Status
    rows = (
        OutgoingMail.objects.filter(organisation=organisation)
        .exclude(status=status.SENT)
        .defer("body", "html")
        .annotate(
            can_retry=Case(When(retryable(), then=True), default=False, output_field=BooleanField())
        )
        .order_by("-created_at", "to")
    )
    failed = rows.filter(status=status.FAILED)
    waiting = rows.filter(status__in=[status.QUEUED, status.SENDING]).exclude(
        kind=OutgoingMail.Kind.SCAN_REMINDER
    )
    return Outbox(
        failed=list(failed[:limit]),
        failed_count=failed.count(),
        waiting=list(waiting[:limit]),
        waiting_count=waiting.count(),
        retryable_count=rows.filter(can_retry=True).count(),
    )
