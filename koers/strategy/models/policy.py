"""The AI policy: one per organisation, with numbered versions. A version's content (sections,
data classes, tools, the matrix) is one validated document (``koers.strategy.policy.content``);
only a draft changes, and a version once submitted for approval is kept as it was, so any two
versions can be compared and what people acknowledged stays readable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Policy(models.Model):
    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="ai_policy"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"AI policy of {self.organisation_id}"


class PolicyVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")
        REJECTED = "rejected", _("Sent back")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    content = models.JSONField()  # PolicyContent, validated on every write
    summary = models.TextField(blank=True)  # what changed, in the author's words
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="one_policy_version_number"),
            models.UniqueConstraint(
                fields=["policy"],
                condition=models.Q(status="published"),
                name="one_published_policy_version",
            ),
            models.UniqueConstraint(
                fields=["policy"],
                condition=models.Q(status__in=["draft", "in_review", "approved"]),
                name="one_open_policy_version",
            ),
        ]
        ordering = ["policy", "-number"]

    def __str__(self) -> str:
        return f"AI policy v{self.number} ({self.status})"


class PolicyApproval(models.Model):
    """One approver's decision on a version in review."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        SEND_BACK = "send_back", _("Send back")

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = models.TextField(blank=True, max_length=2000)
    decided_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.decision} on policy version {self.version_id}"


class Acknowledgement(models.Model):
    """A member read a published version and confirmed it."""

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    membership = models.ForeignKey(
        "orgs.Membership", on_delete=models.CASCADE, related_name="policy_acknowledgements"
    )
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "membership"], name="one_acknowledgement_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"acknowledgement of policy version {self.version_id}"


class ToolRequest(models.Model):
    """ "Not approved yet — ask the programme team": a member's request to add a tool (or a use
    of a data class) to the policy, which lands with the programme team."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="tool_requests"
    )
    tool = models.CharField(max_length=120)
    data_class = models.CharField(max_length=40, blank=True)
    purpose = models.TextField(blank=True, max_length=2000)
    requested_by = models.ForeignKey(
        "orgs.Membership", null=True, on_delete=models.SET_NULL, related_name="tool_requests"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"request for {self.tool}"
