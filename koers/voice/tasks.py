"""Background work of Voice (run by ``koers worker``): regrouping the concerns into themes after
they changed (recomputing takes seconds for thousands of concerns, so it is not done while the
moderator waits), and the helpers' daily e-mail of anonymous help requests."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from koers.core import clock
from koers.orgs.models import Organisation

# When the helpers' daily e-mail goes out, in the configured time zone.
HELP_DIGEST_AT = dt.time(7, 0)


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


@task()
def send_help_digest() -> int:
    """Send the helpers' daily e-mail of anonymous help requests, then plan tomorrow's; returns
    how many e-mails were queued."""
    from koers.voice.services.help_digest import help_digest_send

    try:
        return help_digest_send()
    finally:
        help_digest_schedule()


def next_help_digest(now: dt.datetime) -> dt.datetime:
    """The next moment the daily e-mail goes out after ``now``."""
    local = timezone.localtime(now)
    at = local.replace(
        hour=HELP_DIGEST_AT.hour, minute=HELP_DIGEST_AT.minute, second=0, microsecond=0
    )
    return at if at > local else at + dt.timedelta(days=1)


def help_digest_schedule() -> bool:
    """Plan the next daily e-mail, unless one is planned already or the task backend cannot wait
    (the immediate backend: then nothing sends it). ``koers worker`` calls this when it starts;
    each run plans the next. Returns whether it planned one. Its record in the queue holds the
    time it was planned, which is a previous run's, never a request's."""
    backend = send_help_digest.get_backend()
    if not backend.supports_defer:
        return False
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(backend, DatabaseBackend):
        from django_tasks_db.models import DBTaskResult

        planned = DBTaskResult.objects.filter(
            task_path=send_help_digest.module_path, status=TaskResultStatus.READY
        )
        if planned.exists():
            return False
    send_help_digest.using(run_after=next_help_digest(clock.now())).enqueue()
    return True
