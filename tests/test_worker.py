"""``koers worker`` puts back the tasks of workers that died (``koers/cli/worker.py``); the whole
story, with real processes on PostgreSQL, is in test_several_processes.py."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from koers.cli import worker as worker_module
from koers.cli.worker import FileLiveness, KoersWorker


def test_a_file_lock_says_a_worker_lives_until_it_lets_go(tmp_path: Path) -> None:
    held = FileLiveness(tmp_path)
    held.hold("worker-a")
    observer = FileLiveness(tmp_path)
    assert observer.alive("worker-a")
    assert not observer.alive("worker-b")  # never started
    held.release()
    assert not observer.alive("worker-a")


def _running(worker_id: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="koers.core.tasks.send_private_mail",
        backend_name="default",
        run_after=get_date_max(),
        started_at=timezone.now(),
        worker_ids=[worker_id],
    )


@pytest.mark.django_db
def test_a_task_whose_worker_is_gone_goes_back_to_the_queue_after_a_grace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(worker_module.time, "monotonic", lambda: now[0])
    alive = FileLiveness(tmp_path)
    alive.hold("alive")
    abandoned, kept = _running("dead"), _running("alive")
    worker = KoersWorker(
        liveness=FileLiveness(tmp_path),
        stop_when_idle=True,
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        backend_name="default",
        worker_id="me",
    )
    assert worker.requeue_abandoned() == 0  # seen free once: a restart may be under way
    now[0] += worker_module.REQUEUE_AFTER
    assert worker.requeue_abandoned() == 1
    abandoned.refresh_from_db()
    kept.refresh_from_db()
    assert (abandoned.status, abandoned.started_at) == (TaskResultStatus.READY, None)
    assert kept.status == TaskResultStatus.RUNNING  # its worker still holds its lock
    alive.release()
