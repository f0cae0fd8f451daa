"""A background task for tests of the worker: it says which worker process runs it and waits until
the test lets it finish, so a test can kill that worker in the middle of it.

``python -m koers.testing.tasks DIRECTORY`` queues one in the database ``DATABASE_URL`` names and
prints its id."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from django_tasks import task

RELEASE = "release"
WAIT_AT_MOST_S = 300.0


@task()
def wait_for_release(directory: str) -> int:
    """Write ``started-<pid>`` in ``directory``, wait until a file ``release`` is there; the pid of
    the worker process that finished it."""
    folder = Path(directory)
    (folder / f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + WAIT_AT_MOST_S
    while not (folder / RELEASE).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {RELEASE} file in {directory}")
        time.sleep(0.1)
    return os.getpid()


def main(directory: str) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    django.setup()
    from koers.testing import tasks  # by its name, not as __main__: the worker imports it so

    print(tasks.wait_for_release.enqueue(directory).id)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
