"""Real Koers processes on loopback, for the benchmarks that load a server (``koers bench
diagnostic``, ``koers bench load``) and the test of several processes on one PostgreSQL: start
``koers run`` or ``koers worker`` in a child process, wait until it serves, talk HTTP to it, stop
it whatever happens."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from typing import IO

LOOPBACK = "127.0.0.1"
REQUEST_TIMEOUT_S = 30.0
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def request(
    port: int,
    method: str,
    path: str,
    body: str | bytes = "",
    headers: Mapping[str, str] | None = None,
    *,
    timeout: float = REQUEST_TIMEOUT_S,
) -> tuple[int, str, str]:
    """(status, Set-Cookie, body) of one request to the loopback server on ``port``."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request(method, path, body=body or None, headers=dict(headers or {}))
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie", ""), response.read().decode()
    finally:
        connection.close()


def csrf_of_page(port: int, path: str) -> tuple[str, str]:
    """(csrftoken cookie, form token) from the form page at ``path``."""
    status, cookie, body = request(port, "GET", path)
    found = CSRF_INPUT.search(body)
    cookie_value = CSRF_COOKIE.search(cookie)
    if status != 200 or found is None or cookie_value is None:
        raise RuntimeError(f"{path} answered {status} without a CSRF token")
    return cookie_value.group(1), found.group(1)


class Process:
    """One ``python -m koers.cli ARGS`` child with ``env`` added to this environment; its output
    goes to a temporary file, whose end ``log_tail`` shows when something went wrong."""

    def __init__(self, args: list[str], env: Mapping[str, str]) -> None:
        self.log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.child = subprocess.Popen(
            [sys.executable, "-m", "koers.cli", *args],
            env={**os.environ, **env},
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        return self.child.pid

    def running(self) -> bool:
        return self.child.poll() is None

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to clean up, as when it runs out of memory."""
        self.child.send_signal(signal.SIGKILL)
        self.child.wait()

    def terminate(self) -> None:
        """SIGTERM, without waiting (``stop`` waits)."""
        if self.running():
            self.child.terminate()

    def stop(self) -> None:
        if self.running():
            self.child.terminate()
            try:
                self.child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.child.kill()
                self.child.wait()
        self.log.close()

    def log_tail(self, size: int = 4000) -> str:
        if self.log.closed:
            return ""
        self.log.seek(0)
        text = self.log.read().decode(errors="replace")
        self.log.seek(0, os.SEEK_END)
        return text[-size:]


class Server(Process):
    """``koers run`` on a free loopback port (production mode, no worker of its own)."""

    def __init__(self, env: Mapping[str, str], *, web_workers: int) -> None:
        self.port = free_port()
        super().__init__(
            ["run", "--host", LOOPBACK, "--port", str(self.port)],
            {
                "KOERS_DEBUG": "0",
                "KOERS_RUN_WORKER": "0",
                "KOERS_WEB_WORKERS": str(web_workers),
                **env,
            },
        )

    def wait_until_serving(self, timeout: float) -> None:
        """Until ``/healthz`` answers 200 (the database is reached); the first start collects
        the static files, which takes a while on a busy machine."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running():
                raise RuntimeError(f"koers run stopped while starting:\n{self.log_tail()}")
            try:
                if request(self.port, "GET", "/healthz", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"koers run did not serve within {timeout:.0f} s:\n{self.log_tail()}")
