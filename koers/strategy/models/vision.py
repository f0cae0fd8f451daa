"""The organisation's AI vision: the leadership team's answers to five questions and the one-page
text composed from them, which they may edit. Every save is a new version, so the history stays
readable and any earlier version can be shown."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class VisionVersion(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="vision_versions"
    )
    number = models.PositiveIntegerField()
    # The answers to the guided questions (koers.strategy.services.vision.QUESTIONS).
    ambition = models.TextField(blank=True)
    value = models.TextField(blank=True)
    not_doing = models.TextField(blank=True)
    people = models.TextField(blank=True)
    measures = models.TextField(blank=True)
    # The one-page vision: plain text, a line starting with "## " is a heading; escaped on output.
    text = models.TextField()
    composed = models.BooleanField(default=True)  # the text as composed from the answers
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="one_vision_version_number"
            )
        ]
        ordering = ["organisation", "-number"]

    def __str__(self) -> str:
        return f"AI vision v{self.number}"
