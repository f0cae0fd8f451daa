"""The outbox in tests.

Most tests run inside a transaction that is rolled back at the end, so ``transaction.on_commit``
callbacks never run and queued e-mail would never leave. ``outbox_commits`` makes the outbox's
callbacks (and only those) run when the code under test commits as far as it can see: when its
outermost ``atomic`` block ends without an error, or at once when it queued outside one. A block
that rolls back still drops them, as in production. The tasks run on the immediate backend, so
the e-mails are then in ``django.core.mail.outbox``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.transaction import Atomic, get_connection

from koers.core.mail import is_outbox_callback


def _only_the_tests_blocks(connection: BaseDatabaseWrapper) -> bool:
    return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _run_pending(connection: BaseDatabaseWrapper) -> None:
    if connection.needs_rollback or not _only_the_tests_blocks(connection):
        return
    pending = [entry for entry in connection.run_on_commit if is_outbox_callback(entry[1])]
    if not pending:
        return
    connection.run_on_commit = [
        entry for entry in connection.run_on_commit if not is_outbox_callback(entry[1])
    ]
    for entry in pending:
        entry[1]()  # (savepoint ids, callback, robust)


@contextmanager
def outbox_commits() -> Iterator[None]:
    original_exit = Atomic.__exit__
    original_on_commit = BaseDatabaseWrapper.on_commit

    def exit_then_send(self: Atomic, exc_type: Any, *args: Any) -> None:
        original_exit(self, exc_type, *args)
        if exc_type is None:
            _run_pending(get_connection(self.using))

    def on_commit(self: BaseDatabaseWrapper, func: Callable[[], Any], robust: bool = False) -> None:
        original_on_commit(self, func, robust)
        if self.in_atomic_block:
            _run_pending(self)

    Atomic.__exit__ = exit_then_send  # type: ignore[method-assign]
    BaseDatabaseWrapper.on_commit = on_commit  # type: ignore[method-assign]
    try:
        yield
    finally:
        Atomic.__exit__ = original_exit  # type: ignore[method-assign]
        BaseDatabaseWrapper.on_commit = original_on_commit  # type: ignore[method-assign]
