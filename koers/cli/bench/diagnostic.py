"""``koers bench diagnostic``: how fast the readiness scan's results and answering are at scale.

The command runs a child process (``python -m koers.cli.bench.diagnostic``) against a throwaway
SQLite file in a temporary directory, or against the PostgreSQL database given with
``--database-url``, where it creates its own organisation and people and deletes them again at the
end. The child generates an organisation with one full wave, then times the results computation,
the results page, the same aggregate as one raw SQL query, and the answering endpoint of a real
server under concurrent load on loopback. The output ends with one line of JSON.

The parts live beside it: ``diagnostic_scenario`` (generating the organisation and its answers)
and ``diagnostic_load`` (the server under load).
"""

from __future__ import annotations

import argparse
import os
import secrets
import time
from collections.abc import Sequence
from typing import Any

from koers.cli.base import CommandFailed
from koers.cli.bench.diagnostic_load import (
    CLIENT_THREADS,
    LOAD_TIMEOUT_S,
    WEB_WORKERS,
    time_submissions,
)
from koers.cli.bench.diagnostic_scenario import Scenario, build_scenario, drop_scenario
from koers.cli.bench.loopback import LOOPBACK
from koers.cli.bench.throwaway import measure_in_child, run_in_throwaway_database

RESULTS_TARGET_S = 1.0  # the results page at 50,000 respondents
SUBMIT_TARGET_PER_S = 400.0  # answers a second on 2 cores
REPEAT = 3  # the compute and raw SQL timings are the best of this many runs


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
    from koers.diagnostic.models import Wave
    from koers.orgs.tenancy import org_context_for

    # An open wave shows no figures (docs/scan.md, "Anonymity over time"): the results are
    # timed as a lead reads them once the wave has closed, then the wave opens for the answers.
    Wave.objects.filter(pk=scenario.wave.pk).update(status=Wave.Status.CLOSED)
    scenario.wave.refresh_from_db()
    ctx = org_context_for(user=scenario.admin, slug=scenario.slug)
    try:
        return _time_results(scenario, ctx)
    finally:
        Wave.objects.filter(pk=scenario.wave.pk).update(
            status=Wave.Status.OPEN, final_published=False
        )
        scenario.wave.refresh_from_db()


def _time_results(scenario: Scenario, ctx: Any) -> tuple[float, float]:
    from django.test import Client
    from django.urls import reverse

    from koers.diagnostic.selectors.results import wave_results

    compute_s, results = _best_of(lambda: wave_results(ctx, scenario.wave))
    if results is None or results.withheld or results.respondents is None:
        raise RuntimeError("the results showed no figures")
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


def _child_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="koers bench diagnostic (worker)")
    _add_arguments(parser)
    parser.add_argument("--drop", action="store_true", help="delete what was made at the end")
    args = parser.parse_args(argv)
    return measure_in_child("diagnostic", lambda: run(args))
