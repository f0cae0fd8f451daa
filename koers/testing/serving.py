"""Starting ``koers run`` as an operator does, in a child process, for the tests that need a real
server (gunicorn in production mode, its access log)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from koers.testing.migrated import migrated_sqlite

# A new database is migrated first; that is slow on a busy machine.
START_TIMEOUT = 180


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment without any of Koers's settings, with its data in ``tmp_path``; only the
    test session's shared static files (KOERS_STATIC_ROOT, collected once) stay."""
    env = {
        k: v
        for k, v in os.environ.items()
        if (not k.startswith("KOERS_") or k == "KOERS_STATIC_ROOT") and k != "DATABASE_URL"
    }
    env.update({"KOERS_DATA_DIR": str(tmp_path), **extra})
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Running:
    port: int
    process: subprocess.Popen[str]
    output: str = ""  # what it printed, once it stopped

    def request(
        self, path: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """The status and body of a GET (or, with ``data``, a POST) of ``path``, redirects
        followed; an HTTP error status is an answer too."""
        url = f"http://127.0.0.1:{self.port}{path}"
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - http only
                return int(response.status), bytes(response.read())
        except urllib.error.HTTPError as error:
            return int(error.code), bytes(error.read())


@contextmanager
def koers_running(tmp_path: Path, *, migrated: bool = False, **env: str) -> Iterator[Running]:
    """``koers run`` on a free port, in production mode with one web worker, with its data in
    ``tmp_path`` and ``env`` on top; waits until it answers, and stops it afterwards. With
    ``migrated``, its database starts as a copy of the test run's migrated one (saves the
    migration) rather than empty."""
    if migrated:
        migrated_sqlite(tmp_path / "koers.sqlite3")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "koers.cli", "run", "--port", str(port)],
        env=clean_env(
            tmp_path,
            KOERS_DEBUG="0",
            KOERS_SECRET_KEY="a-real-secret-for-this-test",  # noqa: S106 - a test server's
            KOERS_WEB_WORKERS="1",
            **env,
        ),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    running = Running(port=port, process=process)
    started = False
    try:
        started = _answers(running)
        if started:
            yield running
    finally:
        if process.poll() is None:
            process.terminate()
        running.output = process.communicate(timeout=20)[0]
    if not started:
        raise RuntimeError(f"Koers did not start:\n{running.output}")


def _answers(running: Running) -> bool:
    """Wait until the server answers; False when it stopped or took too long."""
    deadline = time.monotonic() + START_TIMEOUT
    while running.process.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{running.port}/healthz", timeout=2):
                return True
        except OSError:
            time.sleep(0.3)
    return False
