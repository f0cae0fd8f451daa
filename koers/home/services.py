"""The home's one write: when someone last opened it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction

from koers.core import clock
from koers.home.models import Visit

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext

# Home pages seen less than this apart are one visit: "since your last visit" means since the
# visit before this one ended, and reloading the page does not empty it.
VISIT_GAP = timedelta(minutes=30)


def visit_record(ctx: OrgContext) -> datetime | None:
    """Note this visit; when the previous visit ended, i.e. its last home page (None on the
    first visit). Not an audited change: it records only that the person looked."""
    now = clock.now()
    with transaction.atomic():
        visit, created = Visit.objects.select_for_update().get_or_create(
            membership=ctx.membership, defaults={"last_at": now}
        )
        if created:
            return None
        if now - visit.last_at >= VISIT_GAP:
            visit.previous_at = visit.last_at
        visit.last_at = now
        visit.save(update_fields=["last_at", "previous_at"])
    return visit.previous_at
