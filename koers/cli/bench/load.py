"""``koers bench load``: a bounded load test on loopback. It starts Koers (``koers run``, production
mode) on a throwaway database with an organisation to work in, lets N simulated users browse and
answer for a fixed time, and prints per kind of request how many there were, how many failed and
the median and 95th percentile of their times, ending with one line of JSON.

Each user, after a pause of about ``--think`` seconds, does one of: open the use-case register
(``register``), open a use case (``usecase``), open the scan's results (``results``) — these as the
organisation's admin, with a session made beforehand, so no logins are timed — or answer the scan
anonymously through an unused invitation (``answer``: the form's POST, which redirects to the thank
you page). The client is plain asyncio (one connection per request, as gunicorn's sync workers
close them), so it needs nothing installed beside Koers.

The database is a throwaway SQLite file, or with ``--database postgresql`` a throwaway PostgreSQL
cluster (``koers.testing.postgres``: initdb and pg_ctl must be installed); both vanish at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from koers.cli.base import CommandFailed
from koers.cli.bench.load_scenario import LoadScenario, build_load_scenario
from koers.cli.bench.loopback import LOOPBACK, Server, csrf_of_page
from koers.cli.bench.throwaway import measure_in_child, run_in_throwaway_database

KINDS = ("register", "usecase", "results", "answer")
WEIGHTS = (3, 3, 1, 3)  # how often each kind is picked
PAGE_TARGET_P95_S = 1.0  # at 50 users
ANSWER_TARGET_P95_S = 0.3  # at 50 users
START_TIMEOUT_S = 300.0
REQUEST_TIMEOUT_S = 60.0
MAX_USERS = 1_000
MAX_DURATION_S = 600.0
IN_PROCESS_REPEAT = 20  # requests of each kind timed in process before the load


def add_command(benchmarks: Any) -> None:
    """Add ``load`` to the ``koers bench`` sub-commands."""
    bench = benchmarks.add_parser(
        "load",
        help="a bounded load test on loopback: pages and answers, p50/p95 and errors",
        description="Starts Koers on a throwaway database (SQLite, or a throwaway PostgreSQL "
        "cluster with --database postgresql) with a seeded organisation, then N users each "
        "open the use-case register, a use case or the scan results, or answer the scan, for a "
        "fixed time. Prints per kind of request the count, errors and the 50th and 95th "
        "percentile times; ends with one line of JSON. Targets, on an idle 2-core machine: no "
        "errors at 200 users; at 50 users p95 under 1 s for pages, under 0.3 s for answers.",
    )
    bench.add_argument("--users", type=int, default=50, metavar="N", help="simulated users (50)")
    bench.add_argument(
        "--duration", type=float, default=30.0, metavar="S", help="seconds of load (30)"
    )
    bench.add_argument(
        "--think",
        type=float,
        default=1.0,
        metavar="S",
        help="each user's pause between requests, on average (1.0; 0 for none)",
    )
    bench.add_argument(
        "--database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="a throwaway SQLite file (default) or a throwaway PostgreSQL cluster",
    )
    bench.add_argument(
        "--web-workers", type=int, default=3, metavar="N", help="gunicorn workers (3)"
    )
    bench.set_defaults(handler=cmd_bench_load)


def cmd_bench_load(args: argparse.Namespace) -> int:
    if not 1 <= args.users <= MAX_USERS:
        raise CommandFailed(f"--users must be from 1 to {MAX_USERS}.")
    if not 0 < args.duration <= MAX_DURATION_S:
        raise CommandFailed(f"--duration must be more than 0 and at most {MAX_DURATION_S:.0f} s.")
    if not 0 <= args.think <= 60:
        raise CommandFailed("--think must be from 0 to 60 s.")
    if not 1 <= args.web_workers <= 64:
        raise CommandFailed("--web-workers must be from 1 to 64.")
    argv = [
        f"--users={args.users}",
        f"--duration={args.duration}",
        f"--think={args.think}",
        f"--web-workers={args.web_workers}",
    ]
    # The use cases made for the load queue their theme refreshes for a worker, which is not
    # started: the load measures the pages and answers alone.
    env = {
        "KOERS_DEBUG": "0",
        "KOERS_SECRET_KEY": secrets.token_urlsafe(50),
        "KOERS_TASKS_BACKEND": "database",
    }
    if args.database == "sqlite":
        return run_in_throwaway_database("load", "koers.cli.bench.load", argv, env=env)
    from koers.testing import postgres

    bin_dir = postgres.find_bin_dir()
    if bin_dir is None:
        raise CommandFailed("--database postgresql needs PostgreSQL's initdb and pg_ctl.")
    with postgres.Cluster(bin_dir) as cluster:
        return run_in_throwaway_database(
            "load", "koers.cli.bench.load", argv, database_url=cluster.url, env=env
        )


# --- in the child process, on the throwaway database --------------------------------------------


@dataclass
class Timings:
    times: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    error_examples: list[str] = field(default_factory=list)

    def record(self, kind: str, seconds: float, problem: str | None) -> None:
        self.times[kind].append(seconds)
        if problem is not None:
            self.errors[kind] += 1
            if len(self.error_examples) < 5:
                self.error_examples.append(f"{kind}: {problem}")


async def _http(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> int:
    """The status of one HTTP/1.1 request on a new connection (read to the end)."""
    reader, writer = await asyncio.open_connection(LOOPBACK, port)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {LOOPBACK}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # the rest: the server closes the connection
        parts = status_line.split()
        return int(parts[1]) if len(parts) > 1 else 0
    finally:
        writer.close()


class Users:
    """The simulated users and what they share: the scenario, the unused invitations, the CSRF
    cookie and token the answer form needs, and the timings."""

    def __init__(self, scenario: LoadScenario, port: int, *, think: float, seed: int) -> None:
        self.scenario = scenario
        self.port = port
        self.think = think
        self.rng = random.Random(seed)  # noqa: S311 - load pattern, not security
        # The first invitation only gives the form's CSRF token; it is never answered.
        self.csrf_cookie, self.csrf_token = csrf_of_page(port, f"/s/{scenario.tokens[0]}/")
        self.unused = list(zip(scenario.tokens[1:], scenario.answer_bodies[1:], strict=True))
        self.timings = Timings()
        self.ran_out = 0

    def request_for(self, kind: str, user: int) -> tuple[str, str, dict[str, str], bytes] | None:
        scenario = self.scenario
        cookie = f"sessionid={scenario.sessions[user % len(scenario.sessions)]}"
        pages = scenario.pages()
        if kind == "answer":
            if not self.unused:
                self.ran_out += 1
                return None
            token, body = self.unused.pop()
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={self.csrf_cookie}",
            }
            form = f"csrfmiddlewaretoken={self.csrf_token}&{body}".encode()
            return "POST", f"/s/{token}/", headers, form
        path = pages[kind]
        if kind == "usecase":
            path = path.format(id=self.rng.choice(scenario.usecase_ids))
        return "GET", path, {"Cookie": cookie}, b""

    async def user(self, number: int, stop_at: float) -> None:
        expected = {"answer": 302}
        while True:
            if self.think:
                await asyncio.sleep(self.think * self.rng.uniform(0.5, 1.5))
            if time.monotonic() >= stop_at:
                return
            kind = self.rng.choices(KINDS, WEIGHTS)[0]
            request = self.request_for(kind, number)
            if request is None:
                continue
            method, path, headers, body = request
            started = time.perf_counter()
            problem: str | None
            try:
                status = await asyncio.wait_for(
                    _http(self.port, method, path, headers, body), REQUEST_TIMEOUT_S
                )
                problem = None if status == expected.get(kind, 200) else f"status {status}"
            except (OSError, TimeoutError, ValueError) as error:
                problem = type(error).__name__
            self.timings.record(kind, time.perf_counter() - started, problem)

    async def run(self, users: int, duration: float) -> float:
        started = time.monotonic()
        await asyncio.gather(*(self.user(n, started + duration) for n in range(users)))
        return time.monotonic() - started


def in_process_ms(scenario: LoadScenario, *, repeat: int) -> dict[str, float]:
    """The median CPU time of each kind of request inside one process (Django's test client, no
    server, no network), in ms: what a request costs the server, apart from waiting. The heap is
    frozen first, as ``koers.wsgi`` does before the server's workers are forked. Each answer uses
    one of the scenario's invitations, which the load then goes without."""
    import gc

    from django.test import Client

    client = Client(HTTP_HOST=LOOPBACK)
    client.cookies["sessionid"] = scenario.sessions[0]
    pages = scenario.pages()
    requests: dict[str, Any] = {
        "register": lambda: client.get(pages["register"]),
        "usecase": lambda: client.get(pages["usecase"].format(id=scenario.usecase_ids[0])),
        "results": lambda: client.get(pages["results"]),
        "answer": lambda: client.post(
            f"/s/{scenario.tokens.pop()}/",
            scenario.answer_bodies.pop(),
            content_type="application/x-www-form-urlencoded",
        ),
    }
    expected = {"answer": 302}
    costs = {}
    for kind in KINDS:
        for _warm_up in range(2):
            requests[kind]()
        gc.collect()
        gc.freeze()
        times = []
        for _ in range(repeat):
            started = time.process_time()
            status = requests[kind]().status_code
            times.append(time.process_time() - started)
            if status != expected.get(kind, 200):
                raise RuntimeError(f"{kind} answered {status} in process")
        gc.unfreeze()
        costs[kind] = round(statistics.median(times) * 1000, 1)
    return costs


def cpu_seconds(pid: int) -> float | None:
    """The CPU time (user and system) that process ``pid`` and its living children have used,
    from ``/proc``; None where there is no ``/proc`` (not Linux)."""
    proc = Path("/proc")
    if not (proc / str(pid) / "stat").exists():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in proc.glob("[0-9]*/stat"):
        try:
            # After the command's name in brackets: state, ppid, …; utime and stime are 12th and
            # 13th of those (fields 14 and 15 of proc(5)).
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0-1) quantile, by the nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection, connections

    database = connection.vendor
    expected_answers = (
        int(args.users * args.duration / max(args.think, 0.05) * 0.35) + 50 + 2 + IN_PROCESS_REPEAT
    )
    scenario = build_load_scenario(
        respondents=500,
        invitations=min(expected_answers, 20_000),
        usecases=40,
        sessions=min(args.users, 50),
    )
    in_process = in_process_ms(scenario, repeat=IN_PROCESS_REPEAT)
    print(
        "In process, CPU ms per request (median of "
        f"{IN_PROCESS_REPEAT}): "
        + ", ".join(f"{kind} {ms:.1f}" for kind, ms in in_process.items()),
        flush=True,
    )
    connections.close_all()  # the server's processes write to the same database
    server = Server({}, web_workers=args.web_workers)
    try:
        server.wait_until_serving(START_TIMEOUT_S)
        users = Users(scenario, server.port, think=args.think, seed=20261207)
        print(
            f"Koers serves on {LOOPBACK}:{server.port} ({database}, {args.web_workers} web "
            f"workers); {args.users} users for {args.duration:.0f} s …",
            flush=True,
        )
        cpu_before = cpu_seconds(server.pid)
        seconds = asyncio.run(users.run(args.users, args.duration))
        cpu_after = cpu_seconds(server.pid)
    except Exception:
        sys.stderr.write(server.log_tail())
        raise
    finally:
        server.stop()
    timings = users.timings
    kinds: dict[str, dict[str, Any]] = {}
    print(f"{'request':<10} {'n':>6} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for kind in KINDS:
        times = timings.times[kind]
        if not times:
            continue
        p50 = statistics.median(times) * 1000
        p95 = percentile(times, 0.95) * 1000
        kinds[kind] = {
            "n": len(times),
            "errors": timings.errors[kind],
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
        }
        print(f"{kind:<10} {len(times):>6} {timings.errors[kind]:>7} {p50:>8.0f} {p95:>8.0f}")
    errors = sum(timings.errors.values())
    total = sum(len(t) for t in timings.times.values())
    # What the server's processes worked per request, waiting left out: the same on a busy
    # machine as on an idle one, as far as the cores are alike.
    server_cpu_ms = (
        round((cpu_after - cpu_before) / total * 1000, 1)
        if cpu_before is not None and cpu_after is not None and total
        else None
    )
    if server_cpu_ms is not None:
        print(f"The server worked {server_cpu_ms:.1f} ms of CPU per request on average.")
    for example in timings.error_examples:
        print(f"  error: {example}")
    if users.ran_out:
        print(f"  {users.ran_out} answers skipped: the seeded invitations ran out")
    print(
        f"{total} requests in {seconds:.1f} s ({total / seconds:.0f}/s), {errors} errors, on "
        f"{os.cpu_count()} cores. Targets (idle 2-core machine): 0 errors at 200 users; at 50 "
        f"users p95 < {PAGE_TARGET_P95_S * 1000:.0f} ms for pages, "
        f"< {ANSWER_TARGET_P95_S * 1000:.0f} ms for answers."
    )
    return {
        "database": database,
        "users": args.users,
        "duration_s": round(seconds, 1),
        "think_s": args.think,
        "web_workers": args.web_workers,
        "requests": total,
        "requests_per_s": round(total / seconds, 1) if seconds else None,
        "errors": errors,
        "kinds": kinds,
        "in_process_ms": in_process,
        "server_cpu_ms_per_request": server_cpu_ms,
        "cores": os.cpu_count(),
    }


def _child_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="koers bench load (child)")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--duration", type=float, required=True)
    parser.add_argument("--think", type=float, required=True)
    parser.add_argument("--web-workers", type=int, required=True)
    args = parser.parse_args(argv)
    return measure_in_child("load", lambda: run(args))
