"""Background work of the organisations app (run by ``koers worker``): large people imports."""

from __future__ import annotations

from django_tasks import task

from koers.orgs.importing import upload_run
from koers.orgs.people import people_import


@task()
def import_people(upload_id: int) -> str:
    """Import a large file of people that its uploader confirmed (``upload_queue``); returns how
    it ended (``Upload.Status``)."""
    return upload_run(upload_id, run=people_import)
