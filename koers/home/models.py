"""When someone last opened their organisation's home, so it can say what changed since."""

from __future__ import annotations

from django.db import models


class Visit(models.Model):
    """One per membership. ``previous_at`` is when the visit before this one ended: a visit is the
    home pages seen less than ``koers.home.services.VISIT_GAP`` apart, so reloading the page does
    not empty "since your last visit"."""

    membership = models.OneToOneField(
        "orgs.Membership", on_delete=models.CASCADE, related_name="home_visit"
    )
    last_at = models.DateTimeField()
    previous_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"visit of membership {self.membership_id}"
