"""Background work of the backlog (run by ``koers worker``): themes, and large imports."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks import task

from koers.backlog.services.transfer.importing import usecase_import
from koers.orgs.importing import upload_run
from koers.orgs.models import Organisation


@task()
def recompute_themes(organisation_id: int, run_id: int | None = None) -> int:
    """Recompute an organisation's themes (into the requested run ``run_id``, see
    ``themes_recompute_request``); returns the number of themes."""
    from koers.backlog.services import themes as services  # numpy, scikit-learn: when needed

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    return services.themes_recompute(organisation, run_id=run_id).themes


@task()
def refresh_themes(organisation_id: int) -> int:
    """Place new use cases in their themes, and recompute when the backlog changed a lot.
    Returns how many use cases were placed."""
    from koers.backlog.services import themes as services

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    placed = services.themes_place_new(organisation)
    if services.themes_stale(organisation):
        services.themes_recompute(organisation)
    return placed


@task()
def import_usecases(upload_id: int) -> str:
    """Import a large file of use cases that its uploader confirmed (``upload_queue``); returns
    how it ended (``Upload.Status``)."""
    return upload_run(upload_id, run=usecase_import)


def queue_refresh(sender: Any, *, organisation_id: int, **kwargs: Any) -> None:
    """On ``backlog_changed``: queue a refresh once the change is committed."""
    transaction.on_commit(lambda: refresh_themes.enqueue(organisation_id))
