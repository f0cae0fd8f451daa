from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    BooleanField,
    Case,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from koers.core.mail import retryable
from koers.core.models import Change, OutgoingMail
from koers.orgs.models import (
    ApiToken,
    Department,
    Invitation,
    Membership,
    Organisation,
    Role,
    User,
)
from koers.redact import Directory

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def organisation_list_for(*, user: User) -> QuerySet[Organisation]:
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user, memberships__is_active=True)


class MyRole(TypedDict):
    role: str


def organisation_list_with_role(*, user: User) -> QuerySet[WithAnnotations[Organisation, MyRole]]:
    """``organisation_list_for`` with the user's ``role`` in each; the site superuser acts as
    admin where they have no membership."""
    role = Membership.objects.filter(organisation=OuterRef("pk"), user=user, is_active=True)
    return organisation_list_for(user=user).annotate(
        role=Coalesce(Subquery(role.values("role")[:1]), Value(Role.ADMIN.value))
    )


class DepartmentCounts(TypedDict):
    people: int
    usecase_total: int


def department_list(
    *, organisation: Organisation
) -> QuerySet[WithAnnotations[Department, DepartmentCounts]]:
    """The departments with their active members (``people``) and use cases (``usecase_total``)."""
    return Department.objects.filter(organisation=organisation).annotate(
        people=Count("memberships", filter=Q(memberships__is_active=True), distinct=True),
        usecase_total=Count("usecases", distinct=True),
    )


def department_get(*, organisation: Organisation, pk: int) -> Department:
    return Department.objects.get(organisation=organisation, pk=pk)


def membership_list(
    *, organisation: Organisation, q: str = "", active: bool | None = None
) -> QuerySet[Membership]:
    qs = Membership.objects.filter(organisation=organisation).select_related("user", "department")
    if q:
        qs = qs.filter(Q(user__name__icontains=q) | Q(user__email__icontains=q))
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


def membership_get(*, organisation: Organisation, pk: int) -> Membership:
    return Membership.objects.select_related("user", "department").get(
        organisation=organisation, pk=pk
    )


def invitation_list_open(*, organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("department")


def invitation_get(*, organisation: Organisation, pk: int) -> Invitation:
    return Invitation.objects.get(organisation=organisation, pk=pk)


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def directory_of(organisation: Organisation) -> Directory:
    """The names of the organisation's active members, for ``koers.redact.redact``."""
    names = (
        Membership.objects.filter(organisation=organisation, is_active=True)
        .exclude(user__name="")
        .values_list("user__name", flat=True)
    )
    return Directory.from_names(names)


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


def api_token_history(*, user: User) -> QuerySet[Change]:
    """The recorded creations and revocations of the user's API tokens, newest first."""
    return Change.objects.filter(
        organisation__isnull=True,
        subject=ApiToken._meta.label_lower,
        subject_id__in=ApiToken.objects.filter(user=user).values("pk"),
    ).select_related("actor")
