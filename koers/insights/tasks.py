"""Background work of the insights app (run by ``koers worker``)."""

from __future__ import annotations

from django_tasks import task

from koers.insights import services
from koers.orgs.models import Organisation


@task()
def recompute_themes(organisation_id: int) -> int:
    """Recompute an organisation's themes; returns the number of themes."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    return services.themes_recompute(organisation).themes
