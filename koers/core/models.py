"""The audit history every domain change writes to (who, when, what changed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    """One recorded change to a domain object of an organisation, or of an account.

    ``subject`` is ``"<app_label>.<model>"``; ``fields`` maps a field name to ``[old, new]``.
    ``actor`` is empty for anonymous submissions and for system changes, so that an anonymous
    contribution is never linked to its author. ``organisation`` is empty for a change to
    something of one person's account rather than of an organisation (a personal API token).
    """

    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="changes",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=60)
    subject_id = models.BigIntegerField()
    action = models.CharField(max_length=40)
    fields = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "subject", "subject_id"])]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.subject}#{self.subject_id} {self.action}"


class Upload(models.Model):
    """An uploaded file waiting for its column mapping and confirmation (use cases or people).

    Kept in the database so that the mapping step works across web processes."""

    class Kind(models.TextChoices):
        USECASES = "usecases", _("Use cases")
        PEOPLE = "people", _("People")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="uploads"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    mapping = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
