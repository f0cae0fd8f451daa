"""``koers bench diagnostic``: the answers a second a real server on loopback accepts from
``CLIENT_THREADS`` client threads (``time_submissions``)."""

from __future__ import annotations

import queue
import random
import sys
import threading
import time
import urllib.parse
from collections import Counter

from koers.cli.bench.diagnostic_scenario import SEED, Scenario, form_fields, random_answers
from koers.cli.bench.loopback import REQUEST_TIMEOUT_S, Server, csrf_of_page, request

CLIENT_THREADS = 8
WEB_WORKERS = 3
LOAD_TIMEOUT_S = 120.0  # starting the server and the whole load, at most


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
    server = Server({}, web_workers=WEB_WORKERS)
    port = server.port
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
            cookie, csrf = csrf_of_page(port, f"/s/{first_token}/")
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
                status = request(
                    port, "POST", f"/s/{token}/", f"csrfmiddlewaretoken={csrf}&{body}", headers
                )[0]
            except OSError:
                status = 0
            with lock:
                statuses[status] += 1

    try:
        server.wait_until_serving(max(1.0, deadline - time.monotonic()))
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
        sys.stderr.write(server.log_tail())
        raise
    finally:
        server.stop()
    stored = Response.objects.filter(wave=scenario.wave).count() - before
    tallied = Tally.objects.filter(wave=scenario.wave, key=RESPONDENTS).aggregate(n=Sum("count"))
    if tallied["n"] != before + stored:  # concurrent answers must each be tallied once
        raise RuntimeError(f"{before + stored} answers stored but {tallied['n']} tallied")
    accepted = statuses[302]  # a valid answer redirects to the thank-you page
    return accepted / seconds if seconds > 0 else 0.0, statuses, stored
