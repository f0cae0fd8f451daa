"""Sending the outbox (see ``koers.core.mail``) and deleting stale uploads (see
``koers.core.uploads``), run by ``koers worker``."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from koers.core.mail import mail_send_batch, mail_send_private
from koers.core.uploads import uploads_delete_stale


@task()
def send_queued_mail(ids: list[str]) -> dict[str, int]:
    """Send one batch of queued e-mails over one connection; returns how many went and failed."""
    return mail_send_batch(ids).as_dict()


@task()
def send_private_mail() -> dict[str, int]:
    """Send every private e-mail that is due. It takes no arguments, so that its record in the
    task queue names no e-mail; that record is deleted when it finishes (``forget_private_run``)."""
    return mail_send_private().as_dict()


@task()
def delete_stale_uploads() -> int:
    """Delete the uploaded files that were never imported, a day after their upload."""
    return uploads_delete_stale()


def forget_private_run(sender: Any, *, task_result: Any, **kwargs: Any) -> None:
    """On ``task_finished``: delete the database backend's record of a ``send_private_mail`` run,
    which holds the time of day at which a private e-mail was queued."""
    if task_result.task.module_path != send_private_mail.module_path:
        return
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(task_result.task.get_backend(), DatabaseBackend):
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=task_result.id).delete()
