"""``koers worker``: django-tasks-db's worker, made safe for several workers on one database.

django-tasks-db marks a task RUNNING when a worker claims it and only its own worker ever changes
that again; a worker killed halfway (SIGKILL, out of memory, a lost machine) leaves the task
RUNNING for ever, and a lost database connection ends the worker. So here:

- **Every worker holds a lock while it lives**: on PostgreSQL a session advisory lock on a
  connection of its own, which the server releases when that session ends, however the process
  ended; on SQLite (one machine) an ``flock`` on a file beside the database, which the kernel
  releases. A thread keeps the lock taken, taking it again after the database was restarted.
- **Tasks of dead workers are put back**: between tasks, a worker looks at the RUNNING tasks;
  one whose worker's lock it finds free twice, at least ``REQUEUE_AFTER`` apart (long enough for a
  live worker to take its lock again after a restart), goes back to READY and is run again — by
  whichever worker claims it. Koers's tasks may run twice: recomputing themes starts from the
  data, the outbox claims each e-mail before sending it.
- **A lost database connection is waited out**: the worker retries every few seconds, and a task
  that failed because the database went away is put back (it did not fail on its own). A worker
  started while the database is down waits for it too: its start-up chores run inside that loop.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Protocol

from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections
from django.db import connections as django_connections
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

REQUEUE_AFTER = 10.0  # seconds a dead worker's lock must stay free before its task goes back
RECONNECT_EVERY = 2.0  # seconds between attempts to reach a database that went away
LOCK_NAMESPACE = b"koers-worker:"
CONNECTION_LOST = (OperationalError, InterfaceError)


def lock_key(worker_id: str) -> int:
    """The PostgreSQL advisory lock (a signed 64-bit number) that says ``worker_id`` is alive."""
    digest = hashlib.sha256(LOCK_NAMESPACE + worker_id.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class Liveness(Protocol):
    """The lock a worker holds while it lives, and the test whether another's is still held."""

    def hold(self, worker_id: str) -> None: ...

    def alive(self, worker_id: str) -> bool: ...

    def release(self) -> None: ...


class PostgresLiveness:
    """A session advisory lock on a connection of the worker's own, kept by a thread that takes
    it again when the connection is lost (the server restarted)."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.held = threading.Event()
        self.tried = threading.Event()  # the first attempt is over, taken or not

    def hold(self, worker_id: str) -> None:
        """Returns once the lock is taken, or the database could not be reached: the worker's
        loop then waits for the database, while this thread goes on trying to take the lock."""
        self._thread = threading.Thread(
            target=self._keep, args=(lock_key(worker_id),), name="koers-worker-lock", daemon=True
        )
        self._thread.start()
        self.tried.wait(timeout=30)

    def _keep(self, key: int) -> None:
        connection: Any = None
        while not self._stop.is_set():
            try:
                if connection is None or not connection.is_usable():
                    if connection is not None:
                        self.held.clear()
                        connection.close()
                    connection = django_connections.create_connection("default")
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
                    self.held.set()
            except DatabaseError:
                self.held.clear()
                if connection is not None:
                    connection.close()
                connection = None
            self.tried.set()
            self._stop.wait(RECONNECT_EVERY)
        if connection is not None:
            connection.close()

    def alive(self, worker_id: str) -> bool:
        from django.db import connection

        key = lock_key(worker_id)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            (taken,) = cursor.fetchone()
            if taken:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return not taken

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=RECONNECT_EVERY * 2)


class FileLiveness:
    """An ``flock`` on ``<directory>/<worker id digest>.lock``: SQLite runs on one machine."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._file: IO[bytes] | None = None

    def _path(self, worker_id: str) -> Path:
        return self.directory / f"{lock_key(worker_id) & 0xFFFFFFFFFFFFFFFF:016x}.lock"

    def hold(self, worker_id: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._file = self._path(worker_id).open("wb")
        fcntl.flock(self._file, fcntl.LOCK_EX)

    def alive(self, worker_id: str) -> bool:
        path = self._path(worker_id)
        try:
            with path.open("rb") as probe:
                try:
                    fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return True
                path.unlink(missing_ok=True)
                return False
        except FileNotFoundError:
            return False

    def release(self) -> None:
        if self._file is not None:
            Path(self._file.name).unlink(missing_ok=True)
            self._file.close()


def liveness_for_database() -> Liveness:
    from django.db import connection

    if connection.vendor == "postgresql":
        return PostgresLiveness()
    return FileLiveness(Path(str(connection.settings_dict["NAME"])).parent / ".koers-workers")


class KoersWorker(Worker):
    """django-tasks-db's ``Worker`` that puts back the tasks of dead workers and outlives a lost
    database connection."""

    def __init__(
        self,
        *,
        liveness: Liveness,
        stop_when_idle: bool,
        startup: Callable[[], None] | None = None,
        **options: Any,
    ) -> None:
        # The parent's loop runs in batch mode (the ready tasks, then back here), so that this
        # loop looks for abandoned tasks and outlives a lost connection between batches.
        super().__init__(batch=True, startup_delay=False, max_tasks=None, **options)
        self.liveness = liveness
        self.stop_when_idle = stop_when_idle
        self.startup = startup  # chores for the first round that reaches the database
        self.free_since: dict[str, float] = {}  # task id -> when its worker's lock was seen free
        self.interrupted: list[DBTaskResult] = []  # tasks that failed because the database went

    def run(self) -> None:
        self.liveness.hold(self.worker_id)
        try:
            while self.running:
                try:
                    if self.startup is not None:
                        self.startup()
                        self.startup = None
                    self.put_back_interrupted()
                    self.requeue_abandoned()
                    super().run()
                    close_old_connections()
                except CONNECTION_LOST as error:
                    logger.warning("Database unreachable (%s); trying again.", error)
                    for connection in django_connections.all():
                        connection.close()
                    time.sleep(RECONNECT_EVERY)
                    continue
                if self.stop_when_idle:
                    return
                if self.running:
                    time.sleep(self.interval)
        finally:
            self.liveness.release()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        set_failed = db_task_result.set_failed

        def failed(error: BaseException) -> None:
            if isinstance(error, CONNECTION_LOST) and not _database_reachable():
                self.interrupted.append(db_task_result)
                raise error
            set_failed(error)

        db_task_result.set_failed = failed
        super().run_task(db_task_result)
        self.requeue_abandoned()  # also while the queue never runs empty

    def put_back_interrupted(self) -> None:
        """Put the tasks that failed because the database went away back in the queue."""
        while self.interrupted:
            task = self.interrupted[-1]
            put_back(task)
            self.interrupted.pop()
            logger.warning("Task id=%s was interrupted by the database; queued again.", task.pk)

    def requeue_abandoned(self) -> int:
        """Put back the RUNNING tasks whose worker's lock has been free for ``REQUEUE_AFTER``;
        the number put back."""
        now = time.monotonic()
        running = list(
            DBTaskResult.objects.filter(
                status=TaskResultStatus.RUNNING, backend_name=self.backend_name
            ).only("id", "worker_ids", "started_at")
        )
        abandoned = {
            str(task.pk): task
            for task in running
            if task.worker_ids
            and task.worker_ids[-1] != self.worker_id
            and not self.liveness.alive(task.worker_ids[-1])
        }
        self.free_since = {task_id: self.free_since.get(task_id, now) for task_id in abandoned}
        requeued = 0
        for task_id, task in abandoned.items():
            if now - self.free_since[task_id] >= REQUEUE_AFTER and put_back(task):
                logger.warning(
                    "Task id=%s was left running by worker %s, which is gone; queued again.",
                    task_id,
                    task.worker_ids[-1],
                )
                del self.free_since[task_id]
                requeued += 1
        return requeued


def _database_reachable() -> bool:
    """Whether the task's connection still works: a task that failed on a timeout or a deadlock
    (errors of the same classes) failed on its own and is not run again."""
    from django.db import connection

    return connection.connection is not None and connection.is_usable()


def put_back(task: DBTaskResult) -> bool:
    """READY again, unless it changed since it was read (another worker put it back first)."""
    return bool(
        DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        ).update(status=TaskResultStatus.READY, started_at=None)
    )


def worker_run(
    *, stop_when_idle: bool, interval: float = 2.0, startup: Callable[[], None] | None = None
) -> None:
    """Run tasks until stopped (SIGTERM or Ctrl-C: after the current task), or, with
    ``stop_when_idle``, until no task is ready; ``startup`` first, once the database answers."""
    from django.conf import settings
    from django.utils.crypto import get_random_string
    from django_tasks_db.compat import (
        DEFAULT_TASK_BACKEND_ALIAS,
        DEFAULT_TASK_QUEUE_NAME,
        TASKS_LOGGER,
    )

    if "DatabaseBackend" not in settings.TASKS[DEFAULT_TASK_BACKEND_ALIAS]["BACKEND"]:
        from koers.cli.base import CommandFailed

        raise CommandFailed(
            "KOERS_TASKS_BACKEND is not 'database': tasks run inside the request, no worker needed."
        )
    # Which task started and ended; the parent loop's "no more tasks" after every batch is noise.
    tasks_logger = logging.getLogger(TASKS_LOGGER)
    tasks_logger.setLevel(logging.INFO)
    if not tasks_logger.handlers:
        tasks_logger.addHandler(logging.StreamHandler())
    logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
    worker = KoersWorker(
        liveness=liveness_for_database(),
        stop_when_idle=stop_when_idle,
        startup=startup,
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        excluded_queue_names=[],
        interval=interval,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        worker_id=get_random_string(32),
    )
    worker.configure_signals()
    worker.run()
