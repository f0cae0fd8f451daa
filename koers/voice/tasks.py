"""Background work of Voice (run by ``koers worker``): regrouping the concerns into themes after
they changed. Recomputing takes seconds for thousands of concerns, so it is not done while the
moderator waits."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from koers.orgs.models import Organisation


@task()
def recompute_themes(organisation_id: int) -> int:
    """Regroup an organisation's concerns; returns the number of themes."""
    from koers.voice.services.themes import themes_recompute

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    return themes_recompute(organisation).themes


def queue_recompute(organisation_id: int) -> None:
    """Queue a regrouping once the current change is committed."""
    transaction.on_commit(lambda: recompute_themes.enqueue(organisation_id))
