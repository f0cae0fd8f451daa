"""Uploaded import files are kept only while someone may still import them.

An ``Upload`` waits between the upload, mapping and confirmation pages. One that was never imported
is deleted a day after it was uploaded (it may hold an HR export): the upload queues a task for
then (``delete_stale_uploads``, run by ``koers worker``), and ``koers worker`` also deletes any
stale ones when it starts, in case a queued task was lost.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction

from koers.core import clock
from koers.core.models import Upload

logger = logging.getLogger(__name__)

KEPT_FOR = timedelta(days=1)


def uploads_delete_stale(*, now: datetime | None = None) -> int:
    """Delete the uploads that were never imported and are older than ``KEPT_FOR``, except one
    that the worker started importing within ``KEPT_FOR``; returns how many."""
    cutoff = (now or clock.now()) - KEPT_FOR
    stale = Upload.objects.filter(imported_at__isnull=True, created_at__lt=cutoff)
    # An import that started over a day ago is not running any more: its worker was stopped.
    running = stale.filter(status=Upload.Status.RUNNING, started_at__gte=cutoff)
    deleted, _ = stale.exclude(pk__in=running.values("pk")).delete()
    return deleted


def uploads_schedule_cleanup() -> None:
    """Once the current transaction commits, queue ``delete_stale_uploads`` for when an upload
    made now has become stale. Only where the task backend can wait (the database backend of
    ``koers worker``); elsewhere the worker's start and the next upload clean up."""
    from koers.core.tasks import delete_stale_uploads

    if not delete_stale_uploads.get_backend().supports_defer:
        return
    run_after = clock.now() + KEPT_FOR + timedelta(minutes=1)

    def schedule() -> None:
        try:
            delete_stale_uploads.using(run_after=run_after).enqueue()
        except Exception:  # the upload itself must not fail for this; the worker start cleans up
            logger.exception("Could not schedule the deletion of stale uploads")

    transaction.on_commit(schedule)
