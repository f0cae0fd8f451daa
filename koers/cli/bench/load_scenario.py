"""The organisation that loopback load is put on (``koers bench load`` and the test of several
processes on one PostgreSQL): a scan wave with answers and unused invitations, a backlog of use
cases, and what a client needs to act in it without logging in (session cookies of the admin, an
API token). ``python -m koers.cli.bench.load_scenario`` migrates the database ``DATABASE_URL``
names, builds it there and prints it as one line of JSON."""

from __future__ import annotations

import argparse
import json
import random
import sys
import urllib.parse
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from koers.cli.bench.diagnostic_scenario import SEED, build_scenario, form_fields, random_answers


@dataclass(frozen=True)
class LoadScenario:
    slug: str
    wave_id: int
    department_ids: list[int]
    usecase_ids: list[int]
    tokens: list[str]  # unused invitations, one answer each
    answer_bodies: list[str]  # a valid answer form (urlencoded, without the CSRF token) per token
    sessions: list[str]  # session keys of the organisation's admin
    api_token: str  # the admin's, for ``Authorization: Bearer``

    def pages(self) -> dict[str, str]:
        """The pages the load test reads, by kind."""
        return {
            "register": f"/o/{self.slug}/",
            "usecase": f"/o/{self.slug}/usecases/{{id}}/",
            "results": f"/o/{self.slug}/scans/waves/{self.wave_id}/results/",
        }


def build_load_scenario(
    *, respondents: int, invitations: int, usecases: int, sessions: int
) -> LoadScenario:
    """An organisation of ``respondents`` people who answered, ``invitations`` more who have not
    yet, ``usecases`` use cases in its backlog and ``sessions`` logged-in sessions of its admin."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from koers.backlog.services.usecases import UseCaseData, usecase_create
    from koers.diagnostic.models import Wave
    from koers.orgs.models import Department
    from koers.orgs.services import api_token_create
    from koers.orgs.tenancy import org_context_for

    scenario = build_scenario(respondents=respondents, departments=4, submissions=invitations)
    # The wave is open while answers come in: with live results its page shows figures (in steps
    # of k, docs/scan.md), the heaviest way to read results.
    Wave.objects.filter(pk=scenario.wave.pk).update(live_results=True)
    rng = random.Random(SEED + 2)  # noqa: S311 - benchmark data, not security
    bodies = [
        urllib.parse.urlencode(
            form_fields(scenario.instrument, random_answers(scenario.instrument, rng, lean=0))
        )
        for _ in scenario.fresh_tokens
    ]
    ctx = org_context_for(user=scenario.admin, slug=scenario.slug)
    departments = list(
        Department.objects.filter(organisation=ctx.organisation).values_list("pk", flat=True)
    )
    created = [
        usecase_create(
            ctx,
            data=UseCaseData(
                title=f"Load test use case {i + 1}",
                problem="Reading the same forms again and again.",
                solution="A model drafts the summary; a person checks it.",
                department_ids=(departments[i % len(departments)],),
            ),
        ).pk
        for i in range(usecases)
    ]
    keys = []
    for _ in range(sessions):
        session = SessionStore()
        session[SESSION_KEY] = str(scenario.admin.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = scenario.admin.get_session_auth_hash()
        session.create()
        keys.append(str(session.session_key))
    _token, secret = api_token_create(user=scenario.admin, name="load test")
    return LoadScenario(
        slug=scenario.slug,
        wave_id=scenario.wave.pk,
        department_ids=departments,
        usecase_ids=created,
        tokens=scenario.fresh_tokens,
        answer_bodies=bodies,
        sessions=keys,
        api_token=secret,
    )


def main(argv: Sequence[str] | None = None) -> int:
    from koers.cli.base import migrate, setup_django

    parser = argparse.ArgumentParser(prog="python -m koers.cli.bench.load_scenario")
    parser.add_argument("--respondents", type=int, default=40)
    parser.add_argument("--invitations", type=int, default=100)
    parser.add_argument("--usecases", type=int, default=10)
    parser.add_argument("--sessions", type=int, default=1)
    args = parser.parse_args(argv)
    setup_django()
    migrate()
    scenario = build_load_scenario(
        respondents=args.respondents,
        invitations=args.invitations,
        usecases=args.usecases,
        sessions=args.sessions,
    )
    print(json.dumps(asdict(scenario)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
