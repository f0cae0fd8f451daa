"""``koers bench diagnostic``: the answers a second a real server on loopback accepts from
``CLIENT_THREADS`` client threads (``time_submissions``)."""

from __future__ import annotations

import http.client
import os
import queue
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter

from koers.cli.bench.diagnostic_scenario import SEED, Scenario, form_fields, random_answers

CLIENT_THREADS = 8
WEB_WORKERS = "3"
LOAD_TIMEOUT_S = 120.0  # starting the server and the whole load, at most
REQUEST_TIMEOUT_S = 30.0
LOOPBACK = "127.0.0.1"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def _request(
    port: int, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """(status, Set-Cookie, body) of one request to the loopback server."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=REQUEST_TIMEOUT_S)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie", ""), response.read().decode()
    finally:
        connection.close()


def _wait_until_serving(port: int, server: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        try:
            if _request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start in time")


def _csrf(port: int, token: str) -> tuple[str, str]:
    """(csrftoken cookie, form token) from the answer page of ``token``."""
    status, cookie, body = _request(port, "GET", f"/s/{token}/")
    found = CSRF_INPUT.search(body)
    cookie_value = re.search(r"csrftoken=([^;]+)", cookie)
    if status != 200 or found is None or cookie_value is None:
        raise RuntimeError(f"the answer page answered {status} without a CSRF token")
    return cookie_value.group(1), found.group(1)


def time_submissions(scenario: Scenario, deadline: float) -> tuple[float, Counter[int], int]:
    """(successful answers a second, statuses, answers stored) from ``CLIENT_THREADS`` threads
    posting to a real server; the server is stopped whatever happens."""
    from django.db import connections
    from django.db.models import Sum

    from koers.diagnostic.models import Response, Tally
    from koers.diagnostic.services.tallies import RESPONDENTS

    if not scenario.fresh_tokens:
        return 0.0, Counter(), 0
    before = Response.objects.filter(wave=scenario.wave).count()
    connections.close_all()  # the server's workers write to the same SQLite file
    port = _free_port()
    env = dict(os.environ, KOERS_DEBUG="0", KOERS_RUN_WORKER="0", KOERS_WEB_WORKERS=WEB_WORKERS)
    server_log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    server = subprocess.Popen(
        [sys.executable, "-m", "koers.cli", "run", "--host", LOOPBACK, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=server_log,
    )
    rng = random.Random(SEED + 1)  # noqa: S311 - benchmark data, not security
    work: queue.Queue[tuple[str, str]] = queue.Queue()
    for token in scenario.fresh_tokens:
        fields = form_fields(scenario.instrument, random_answers(scenario.instrument, rng, lean=0))
        work.put((token, urllib.parse.urlencode(fields)))
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    ready = threading.Barrier(CLIENT_THREADS + 1)
    errors: list[str] = []

    def client(first_token: str) -> None:
        try:
            cookie, csrf = _csrf(port, first_token)
        except (OSError, RuntimeError) as error:
            errors.append(str(error))
            ready.abort()
            return
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
        }
        try:
            ready.wait(timeout=REQUEST_TIMEOUT_S)
        except threading.BrokenBarrierError:
            return
        while time.monotonic() < deadline:
            try:
                token, body = work.get_nowait()
            except queue.Empty:
                return
            try:
                status = _request(
                    port, "POST", f"/s/{token}/", f"csrfmiddlewaretoken={csrf}&{body}", headers
                )[0]
            except OSError:
                status = 0
            with lock:
                statuses[status] += 1

    try:
        _wait_until_serving(port, server, deadline)
        tokens = scenario.fresh_tokens
        threads = [
            threading.Thread(target=client, args=(tokens[i % len(tokens)],), daemon=True)
            for i in range(CLIENT_THREADS)
        ]
        for thread in threads:
            thread.start()
        try:
            ready.wait(timeout=REQUEST_TIMEOUT_S)
        except threading.BrokenBarrierError as broken:
            raise RuntimeError(f"a client could not start: {errors}") from broken
        started = time.perf_counter()
        for thread in threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT_S)
        seconds = time.perf_counter() - started
    except Exception:
        server_log.seek(0)
        sys.stderr.write(server_log.read().decode(errors="replace")[-4000:])
        raise
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server_log.close()
    stored = Response.objects.filter(wave=scenario.wave).count() - before
    tallied = Tally.objects.filter(wave=scenario.wave, key=RESPONDENTS).aggregate(n=Sum("count"))
    if tallied["n"] != before + stored:  # concurrent answers must each be tallied once
        raise RuntimeError(f"{before + stored} answers stored but {tallied['n']} tallied")
    accepted = statuses[302]  # a valid answer redirects to the thank-you page
    return accepted / seconds if seconds > 0 else 0.0, statuses, stored
