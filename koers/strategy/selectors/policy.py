"""Every read of the AI policy: its versions, the published one and the one being worked on, a
readable comparison of any two, who worked on a version (for the four-eyes rule) and how many
people confirmed the published version per department (never who did not)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from koers.core.models import Change
from koers.orgs.models import Membership
from koers.strategy.models import Acknowledgement, PolicyApproval, PolicyVersion
from koers.strategy.policy.content import PolicyContent
from koers.strategy.policy.diff import PolicyDiff, policy_diff
from koers.strategy.policy.groups import Group, merge_small_groups
from koers.strategy.selectors.small_groups import min_group_of

if TYPE_CHECKING:
    from koers.orgs.models import Organisation

Status = PolicyVersion.Status
OPEN = (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED)
# The edits that make someone an author of a version (see ``services.policy``).
AUTHOR_ACTIONS = (
    "created",
    "sections_edited",
    "section_added",
    "section_removed",
    "sections_renumbered",
    "data_class_added",
    "data_class_renamed",
    "data_class_removed",
    "tool_added",
    "tool_renamed",
    "tool_removed",
    "matrix_edited",
    "submitted",
)


def versions_list(organisation: Organisation) -> QuerySet[PolicyVersion]:
    """All versions of the organisation's policy, newest first."""
    return (
        PolicyVersion.objects.filter(policy__organisation=organisation)
        .select_related("created_by", "published_by")
        .order_by("-number")
    )


def version_get(organisation: Organisation, *, pk: int) -> PolicyVersion:
    """A version of the organisation's policy; ``PolicyVersion.DoesNotExist``."""
    return versions_list(organisation).get(pk=pk)


def published_version(organisation: Organisation) -> PolicyVersion | None:
    return versions_list(organisation).filter(status=Status.PUBLISHED).first()


def open_version(organisation: Organisation) -> PolicyVersion | None:
    """The version being worked on: a draft, one awaiting approval or one approved."""
    return versions_list(organisation).filter(status__in=OPEN).first()


def version_content(version: PolicyVersion) -> PolicyContent:
    return PolicyContent.model_validate(version.content)


def version_approvals(version: PolicyVersion) -> QuerySet[PolicyApproval]:
    return version.approvals.select_related("approver").order_by("decided_at")


def version_authors(version: PolicyVersion) -> set[int]:
    """The people who started, edited or submitted the version."""
    edited = Change.objects.filter(
        subject=PolicyVersion._meta.label_lower,
        subject_id=version.pk,
        action__in=AUTHOR_ACTIONS,
        actor__isnull=False,
    ).values_list("actor_id", flat=True)
    return {*edited, *([version.created_by_id] if version.created_by_id else [])}


def versions_diff(old: PolicyVersion, new: PolicyVersion) -> PolicyDiff:
    return policy_diff(version_content(old), version_content(new))


def has_acknowledged(membership: Membership, version: PolicyVersion) -> bool:
    return (
        membership.pk is not None
        and Acknowledgement.objects.filter(version=version, membership=membership).exists()
    )


def acknowledgements_by_department(
    organisation: Organisation, version: PolicyVersion
) -> list[Group]:
    """Confirmed / active members per department, small departments merged (see
    ``koers.strategy.policy.groups``), the whole organisation last. Counts only."""
    rows = (
        Membership.objects.filter(organisation=organisation, is_active=True)
        .values("department__name")
        .annotate(
            # distinct: the join has a row per confirmation of any version
            members=Count("pk", distinct=True),
            acknowledged=Count(
                "policy_acknowledgements",
                filter=Q(policy_acknowledgements__version=version),
                distinct=True,
            ),
        )
    )
    groups = [
        Group(row["department__name"] or _("No department"), row["members"], row["acknowledged"])
        for row in rows
    ]
    merged = merge_small_groups(
        groups, k=min_group_of(organisation), other_label=_("Other departments")
    )
    total = Group(
        _("Whole organisation"),
        sum(g.members for g in groups),
        sum(g.acknowledged for g in groups),
    )
    return [*merged, total]
