"""``koers bench diagnostic``: how fast the readiness scan's results and answering are at scale.

The command runs a child process (``python -m koers.cli.bench.diagnostic``) against a throwaway
SQLite file in a temporary directory, or against the PostgreSQL database given with
``--database-url``,
where it creates its own organisation and people and deletes them again at the end. The child
generates an organisation with one full wave, then times the results computation, the results
page, the same aggregate as one raw SQL query, and the answering endpoint of a real server under
concurrent load on loopback. The output ends with one line of JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import queue
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Sequence
from typing import Any

from koers.cli.base import CommandFailed
from koers.cli.bench.throwaway import measure_in_child, run_in_throwaway_database
from koers.core import clock

SEED = 20260301
RESULTS_TARGET_S = 1.0  # the results page at 50,000 respondents
SUBMIT_TARGET_PER_S = 200.0  # answers a second on 2 cores
CLIENT_THREADS = 8
WEB_WORKERS = "3"
LOAD_TIMEOUT_S = 120.0  # starting the server and the whole load, at most
REQUEST_TIMEOUT_S = 30.0
LOOPBACK = "127.0.0.1"
REPEAT = 3  # the compute and raw SQL timings are the best of this many runs
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def add_command(benchmarks: Any) -> None:
    """Add ``diagnostic`` to the ``koers bench`` sub-commands."""
    bench = benchmarks.add_parser(
        "diagnostic",
        help="readiness scan at scale: results page, raw SQL, answers a second",
        description="Generates an organisation with N employees in departments and one full "
        "scan wave, then times the results computation and page, the same aggregate as one raw "
        "SQL query (their ratio is the application's overhead), and the answers a second that "
        "a real server on loopback accepts from 8 client threads. Runs in a throwaway SQLite "
        "database unless --database-url names a PostgreSQL database; there it creates its own "
        "organisation and people and deletes them at the end. Ends with one line of JSON.",
    )
    _add_arguments(bench)
    bench.add_argument(
        "--database-url",
        metavar="URL",
        help="run in this PostgreSQL database instead of a throwaway SQLite file",
    )
    bench.set_defaults(handler=cmd_bench_diagnostic)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--respondents",
        type=int,
        default=50_000,
        metavar="N",
        help="employees, all answer (50,000)",
    )
    parser.add_argument("--departments", type=int, default=40, metavar="N", help="departments (40)")
    parser.add_argument(
        "--submissions",
        type=int,
        default=2_000,
        metavar="M",
        help="answers posted to the server in the load test (2,000)",
    )


def cmd_bench_diagnostic(args: argparse.Namespace) -> int:
    if args.respondents < 1 or args.departments < 1 or args.submissions < 0:
        raise CommandFailed("--respondents and --departments must be positive.")
    url = args.database_url
    if url and not url.startswith(("postgres://", "postgresql://")):
        raise CommandFailed("--database-url must be a PostgreSQL URL (postgresql://...).")
    argv = ["--respondents", str(args.respondents), "--departments", str(args.departments)]
    argv += ["--submissions", str(args.submissions)]
    if url:
        argv.append("--drop")
    # Fresh: no session made here is valid anywhere else.
    env = {"KOERS_DEBUG": "0", "KOERS_SECRET_KEY": secrets.token_urlsafe(50)}
    return run_in_throwaway_database(
        "diagnostic", "koers.cli.bench.diagnostic", argv, database_url=url, env=env
    )


# --- generating the organisation and its answers ---------------------------------------------


def random_answers(instrument: Any, rng: random.Random, *, lean: float) -> dict[str, Any]:
    """A complete, valid set of answers in the stored shape (``answer_forms``): every required
    question, about half of the optional ones; ``lean`` (-1..1) tilts the Likert answers."""
    from koers.diagnostic.instruments.schema import (
        LikertQuestion,
        MatrixQuestion,
        MultipleChoiceQuestion,
        Scale10Question,
        SingleChoiceQuestion,
        TextQuestion,
    )

    answers: dict[str, Any] = {}
    for question in instrument.questions():
        if not question.required and rng.random() < 0.5:
            continue
        if isinstance(question, LikertQuestion):
            if question.dont_know and rng.random() < 0.05:
                answers[question.id] = None
                continue
            middle = (question.points + 1) / 2 + lean * (question.points - 1) / 4
            point = round(rng.gauss(middle, question.points / 4))
            answers[question.id] = min(question.points, max(1, point))
        elif isinstance(question, SingleChoiceQuestion):
            if not question.evangelist_opt_in:
                answers[question.id] = rng.choice(question.options).id
        elif isinstance(question, MultipleChoiceQuestion):
            count = rng.randint(1, len(question.options))
            answers[question.id] = [o.id for o in rng.sample(question.options, count)]
        elif isinstance(question, MatrixQuestion):
            answers[question.id] = {
                r.id: rng.randint(1, len(question.scale)) for r in question.rows
            }
        elif isinstance(question, Scale10Question):
            answers[question.id] = rng.randint(0, 10)
        elif isinstance(question, TextQuestion):
            answers[question.id] = f"Benchmark answer {rng.randint(1, 10_000)}."
    return answers


def form_fields(instrument: Any, answers: dict[str, Any]) -> list[tuple[str, str]]:
    """Stored answers as the answer page's form posts them."""
    from koers.diagnostic.forms.answer import DONT_KNOW
    from koers.diagnostic.instruments.schema import LikertQuestion, MatrixQuestion

    fields: list[tuple[str, str]] = []
    for question in instrument.questions():
        if question.id not in answers:
            continue
        value = answers[question.id]
        if isinstance(question, MatrixQuestion):
            for row_id, point in value.items():
                fields.append((f"{question.id}__{row_id}", str(point)))
        elif isinstance(question, LikertQuestion) and value is None:
            fields.append((question.id, DONT_KNOW))
        elif isinstance(value, list):
            fields.extend((question.id, item) for item in value)
        else:
            fields.append((question.id, str(value)))
    return fields


class Scenario:
    """The generated organisation: its admin, wave, instrument and the unused tokens."""

    def __init__(self, *, slug: str, admin: Any, wave: Any, instrument: Any) -> None:
        self.slug = slug
        self.admin = admin
        self.wave = wave
        self.instrument = instrument
        self.fresh_tokens: list[str] = []


def build_scenario(*, respondents: int, departments: int, submissions: int) -> Scenario:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from koers.diagnostic import services
    from koers.diagnostic.instruments.schema import Instrument as Definition
    from koers.diagnostic.models import Invitation, Response, Wave
    from koers.orgs.models import Department, Membership, Role, User
    from koers.orgs.services import organisation_create
    from koers.orgs.tenancy import org_context_for

    rng = random.Random(SEED)  # noqa: S311 - benchmark data, not security
    slug = f"bench-diagnostic-{secrets.token_hex(4)}"
    domain = f"{slug}.bench.example.org"
    admin = User.objects.create_user(f"admin@{domain}", name="Bench admin")
    organisation_create(name="Bench diagnostic", slug=slug, admin=admin)
    ctx = org_context_for(user=admin, slug=slug)
    instrument = services.instrument_copy_shipped(ctx, "scan")
    version = instrument.versions.get()
    today = clock.today()
    wave = services.wave_create(
        ctx,
        version=version,
        name="Bench wave",
        opens_on=today,
        closes_on=today + dt.timedelta(days=30),
    )
    wave.status = Wave.Status.OPEN
    wave.save(update_fields=["status"])
    definition = Definition.model_validate(version.definition)

    with transaction.atomic():
        units = Department.objects.bulk_create(
            Department(organisation=ctx.organisation, name=f"Department {i + 1:02d}")
            for i in range(departments)
        )
        unusable = make_password(None)
        users = User.objects.bulk_create(
            (
                User(email=f"person{i}@{domain}", name=f"Person {i}", password=unusable)
                for i in range(respondents)
            ),
            batch_size=2_000,
        )
        # About 1 in 20 leads and 1 in 100 admins, so both role groups fill every department.
        roles = [
            Role.ADMIN if i % 100 == 7 else Role.LEAD if i % 20 == 3 else Role.MEMBER
            for i in range(respondents)
        ]
        memberships = Membership.objects.bulk_create(
            (
                Membership(
                    organisation=ctx.organisation,
                    user=user,
                    role=roles[i],
                    department=units[i % departments],
                )
                for i, user in enumerate(users)
            ),
            batch_size=2_000,
        )
        leans = [rng.uniform(-1, 1) for _ in units]
        Invitation.objects.bulk_create(
            (
                Invitation(
                    wave=wave,
                    membership=membership,
                    token_hash=services.token_hash(secrets.token_urlsafe(24)),
                    department=membership.department,
                    role_group=services.role_group(membership.role),
                    sent_on=today,
                    used=True,
                )
                for membership in memberships
            ),
            batch_size=2_000,
        )
        Response.objects.bulk_create(
            (
                Response(
                    wave=wave,
                    department=membership.department,
                    role_group=services.role_group(membership.role),
                    submitted_on=today,
                    language="nl" if i % 3 else "en",
                    answers=random_answers(definition, rng, lean=leans[i % departments]),
                )
                for i, membership in enumerate(memberships)
            ),
            batch_size=1_000,
        )
        services.tallies_rebuild(wave)  # bulk_create bypasses response_submit and its tallies
        # Links for the load test: people who have not answered yet (no account needed).
        scenario = Scenario(slug=slug, admin=admin, wave=wave, instrument=definition)
        fresh = []
        for i in range(submissions):
            token = secrets.token_urlsafe(24)
            scenario.fresh_tokens.append(token)
            fresh.append(
                Invitation(
                    wave=wave,
                    token_hash=services.token_hash(token),
                    department=units[i % departments],
                    role_group=services.role_group(roles[i % respondents]),
                    sent_on=today,
                )
            )
        Invitation.objects.bulk_create(fresh, batch_size=2_000)
    return scenario


def drop_scenario(scenario: Scenario) -> None:
    """Delete everything the benchmark made (a PostgreSQL run shares the database)."""
    from django.db import transaction

    from koers.diagnostic.models import Instrument, Wave
    from koers.orgs.models import Organisation, User

    with transaction.atomic():
        organisation = Organisation.objects.get(slug=scenario.slug)
        Wave.objects.filter(organisation=organisation).delete()  # before their versions
        Instrument.objects.filter(organisation=organisation).delete()
        organisation.delete()
        User.objects.filter(email__endswith=f"@{scenario.slug}.bench.example.org").delete()


# --- the measurements --------------------------------------------------------------------------


def _best_of(function: Any) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(REPEAT):
        started = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - started)
    return best, value


def time_results(scenario: Scenario) -> tuple[float, float]:
    """(best time of ``wave_results``, time of one GET of the results page)."""
    from django.test import Client
    from django.urls import reverse

    from koers.diagnostic.selectors.results import wave_results
    from koers.orgs.tenancy import org_context_for

    ctx = org_context_for(user=scenario.admin, slug=scenario.slug)
    compute_s, _results = _best_of(lambda: wave_results(ctx, scenario.wave))
    client = Client(HTTP_HOST=LOOPBACK)
    client.force_login(scenario.admin)
    url = reverse("diagnostic:results", kwargs={"org_slug": scenario.slug, "pk": scenario.wave.pk})
    client.get(url)  # warm the template cache, as a running server has it
    started = time.perf_counter()
    response = client.get(url)
    page_s = time.perf_counter() - started
    client.logout()
    if response.status_code != 200:
        raise RuntimeError(f"the results page answered {response.status_code}")
    return compute_s, page_s


def raw_sql(wave_id: int, likert_ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """Respondents per (department, role group) and, per item, respondents per answer, in one
    query: rows (department, role group, item or NULL, answer or NULL, count)."""
    from django.db import connection

    from koers.diagnostic.models import Response

    table = connection.ops.quote_name(Response._meta.db_table)
    items = ", ".join(["%s"] * len(likert_ids))
    if connection.vendor == "postgresql":
        answers = "CROSS JOIN LATERAL jsonb_each_text(r.answers) AS j(key, value)"
    else:
        answers = ", json_each(r.answers) AS j"
    sql = f"""
        SELECT r.department_id, r.role_group, j.key, j.value, COUNT(*)
        FROM {table} AS r {answers}
        WHERE r.wave_id = %s AND j.key IN ({items})
        GROUP BY r.department_id, r.role_group, j.key, j.value
        UNION ALL
        SELECT department_id, role_group, NULL, NULL, COUNT(*)
        FROM {table} WHERE wave_id = %s
        GROUP BY department_id, role_group
    """  # noqa: S608 - the table name is the model's, the values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [wave_id, *likert_ids, wave_id])
        return list(cursor.fetchall())


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


def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection

    from koers.diagnostic.instruments.schema import LikertQuestion

    started = time.perf_counter()
    scenario = build_scenario(
        respondents=args.respondents, departments=args.departments, submissions=args.submissions
    )
    print(
        f"Generated {args.respondents:,} respondents in {args.departments} departments "
        f"({connection.vendor}) in {time.perf_counter() - started:.1f} s.",
        flush=True,
    )
    try:
        compute_s, page_s = time_results(scenario)
        likert_ids = [
            q.id for q in scenario.instrument.questions() if isinstance(q, LikertQuestion)
        ]
        raw_s, rows = _best_of(lambda: raw_sql(scenario.wave.pk, likert_ids))
        counted = sum(row[4] for row in rows if row[2] is None)
        if counted != args.respondents:
            raise RuntimeError(f"the raw query counted {counted} respondents")
        deadline = time.monotonic() + LOAD_TIMEOUT_S
        submit_per_s, statuses, stored = time_submissions(scenario, deadline)
    finally:
        if args.drop:
            drop_scenario(scenario)
    render_s = page_s - compute_s
    ratio = compute_s / raw_s if raw_s > 0 else None
    verdict = "meets" if page_s < RESULTS_TARGET_S else "misses"
    print(f"Results computed (wave_results, best of {REPEAT}): {compute_s:.3f} s")
    print(
        f"Results page (GET): {page_s:.3f} s, of which rendering {render_s:.3f} s "
        f"— {verdict} the target of < {RESULTS_TARGET_S:.0f} s at 50,000 respondents"
    )
    print(
        f"Same aggregate as one raw SQL query (best of {REPEAT}): {raw_s:.3f} s; "
        f"application / SQL = {ratio:.1f}x"
        if ratio is not None
        else f"Raw SQL: {raw_s:.3f} s"
    )
    verdict = "meets" if submit_per_s >= SUBMIT_TARGET_PER_S else "misses"
    codes = ", ".join(f"{code or 'error'}: {n}" for code, n in sorted(statuses.items()))
    print(
        f"Answers submitted: {submit_per_s:.0f} a second from {CLIENT_THREADS} threads, "
        f"{WEB_WORKERS} web workers on {os.cpu_count()} cores ({codes}; {stored} stored) "
        f"— {verdict} the target of >= {SUBMIT_TARGET_PER_S:.0f}/s on 2 cores"
    )
    return {
        "respondents": args.respondents,
        "departments": args.departments,
        "database": connection.vendor,
        "results_compute_s": round(compute_s, 4),
        "results_page_s": round(page_s, 4),
        "results_render_s": round(render_s, 4),
        "raw_sql_s": round(raw_s, 4),
        "raw_sql_ratio": round(ratio, 2) if ratio is not None else None,
        "submit_per_s": round(submit_per_s, 1),
        "submissions": sum(statuses.values()),
        "submissions_stored": stored,
        "cores": os.cpu_count(),
    }


def _worker_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="koers bench diagnostic (worker)")
    _add_arguments(parser)
    parser.add_argument("--drop", action="store_true", help="delete what was made at the end")
    args = parser.parse_args(argv)
    return measure_in_child("diagnostic", lambda: run(args))


if __name__ == "__main__":
    sys.exit(_worker_main(sys.argv[1:]))
