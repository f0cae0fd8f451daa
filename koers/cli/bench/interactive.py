"""``koers bench interactive``: the work someone waits for while using Koers, each figure beside a
baseline measured in the same run or its target: screening a text for high-impact areas, the
triage engine on a register, the triage flow's requests, and regrouping Voice's themes after a
publication. These were wall-clock limits in unit and browser tests; timings are measured here,
not asserted in tests (docs/testing.md).

The command runs a child process (``python -m koers.cli.bench.interactive``) against a fresh
SQLite file in a temporary directory, so it never touches the operator's data. ``run`` works in
any migrated database; the test suite calls it with small sizes.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from typing import Any

from koers.cli.base import CommandFailed
from koers.cli.bench.throwaway import measure_in_child, run_in_throwaway_database

SEED = 20260301
SCREEN_TARGET_MS = 1.0  # a text; was `test_screening_is_fast` (1,000 texts in under 1 s)
TRIAGE_TARGET_S = 5.0  # 500 cases; was `test_it_is_fast_enough_for_a_whole_register`
VOICE_THEMES_TARGET_S = 10.0  # 40 concerns; was `test_it_is_quick_enough_to_run_after_each_...`
TRIAGE_FLOW_TARGET_S = 30.0  # the whole flow in a browser; was tests/browser/test_triage.py

# Use-case texts in English and Dutch, high-impact and ordinary, long enough for the screen.
SENTENCES = (
    "The tool ranks job applicants and screens resumes before hiring decisions.",
    "De tool ondersteunt de selectie van sollicitanten voor een sollicitatiegesprek.",
    "Determines eligibility for unemployment benefits of claimants.",
    "Het model signaleert risico's bij de uitkeringsaanvraag voor een bijstandsuitkering.",
    "Predictive policing to identify criminal suspects for law enforcement.",
    "Supports officers adjudicating asylum claims and visa applications.",
    "Facial recognition compares the photo on file with the person at the counter.",
    "Forecasts load to balance the electric grid and adjusts traffic signals.",
    "Automated exam proctoring of students taking the final test.",
    "Drafts emails for the communications team about the new office layout and parking.",
    "Schedules meeting rooms for the facilities team and sends reminders.",
    "Vat vergaderingen samen en zet de actiepunten in het projectdossier.",
)
FILLER = (
    " The team built it last year with the vendor, tested it on historical records and now runs"
    " it every week as part of the regular process."
)
CONCERNS = (
    "I am afraid AI will replace my job in the call centre.",
    "Will my job still exist when the chatbot answers customers?",
    "Fear of losing our jobs to automation, nobody talks about it.",
    "Customer data is pasted into ChatGPT without any privacy check.",
    "Is our personal data safe when we use AI tools? Privacy worries me.",
    "Who sees the data we type into the AI assistant? Privacy!",
    "Nobody explained how the new AI planning tool decides our shifts.",
    "Ik ben bang dat mijn baan verdwijnt door de chatbot.",
)
# The CV-screening idea of tests/browser/test_triage.py, answered as there.
CV_SCREENING = {
    "role": "deployer",
    "is_ai_system": True,
    "gpai": "none",
    "art2_exclusion": False,
    "prohibited_practice": False,
    "annex_i": "none",
    "annex_iii_area": "employment",
    "profiling": True,
    "art50": [],
    "edpb_criteria": ["vulnerable_subjects"],
    "dutch_dpa_list": [],
}


def add_command(benchmarks: Any) -> None:
    """Add ``interactive`` to the ``koers bench`` sub-commands."""
    bench = benchmarks.add_parser(
        "interactive",
        help="what people wait for: screening, triage, the triage flow, Voice themes",
        description="Times screening texts for high-impact areas (next to the keyword "
        "baseline), the triage engine on a register of varied cases, the requests of one "
        "triage flow (page, a relevance check per answer, preview, save, result) and "
        "regrouping Voice's themes, each beside its target. Runs in a throwaway SQLite "
        "database. Ends with one line of JSON.",
    )
    _add_arguments(bench)
    bench.set_defaults(handler=cmd_bench_interactive)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--texts", type=int, default=1_000, metavar="N", help="texts screened (1,000)"
    )
    parser.add_argument(
        "--cases", type=int, default=500, metavar="N", help="cases triaged by the engine (500)"
    )
    parser.add_argument(
        "--concerns", type=int, default=40, metavar="N", help="Voice concerns to regroup (40)"
    )


def cmd_bench_interactive(args: argparse.Namespace) -> int:
    if min(args.texts, args.cases, args.concerns) < 1:
        raise CommandFailed("--texts, --cases and --concerns must be positive.")
    argv = ["--texts", str(args.texts), "--cases", str(args.cases)]
    argv += ["--concerns", str(args.concerns)]
    return run_in_throwaway_database("interactive", "koers.cli.bench.interactive", argv)


def time_screening(count: int) -> dict[str, Any]:
    """Milliseconds a text for ``screen`` (first pass, lexicon included) and the keyword rule."""
    from koers.textmine.prescreen import screen
    from koers.textmine.prescreen_quality import keyword_baseline

    texts = [f"{SENTENCES[i % len(SENTENCES)]} Case {i}.{FILLER}" for i in range(count)]
    started = time.perf_counter()
    flagged = sum(screen(text).high_impact for text in texts)
    koers_s = time.perf_counter() - started
    started = time.perf_counter()
    baseline_flagged = sum(keyword_baseline(text) for text in texts)
    baseline_s = time.perf_counter() - started
    return {
        "screen_texts": count,
        "screen_flagged": flagged,
        "screen_ms": round(koers_s * 1000 / count, 4),
        "baseline_screen_flagged": baseline_flagged,
        "baseline_screen_ms": round(baseline_s * 1000 / count, 4),
    }


def triage_cases(count: int) -> list[Any]:
    """``count`` varied cases: every fact takes one of its values or unknown, seeded."""
    from koers.triage.rules.evaluation import DOMAINS, LIST_ITEMS
    from koers.triage.rules.schema import Facts

    rng = random.Random(SEED)  # noqa: S311 - benchmark data, not security
    cases = []
    for _ in range(count):
        facts: dict[str, Any] = {
            name: rng.choice((*values, None)) for name, values in DOMAINS.items()
        }
        for name, items in LIST_ITEMS.items():
            facts[name] = rng.choice((None, [], [rng.choice(items)], list(items)))
        cases.append(Facts(**facts))
    return cases


def time_triage_engine(count: int) -> dict[str, Any]:
    """Seconds for what-would-change of an empty triage, then triaging ``count`` cases, cold."""
    from koers.triage.rules import engine
    from koers.triage.rules.schema import Facts

    cases = triage_cases(count)
    started = time.perf_counter()
    engine.pivotal(Facts())
    pivotal_s = time.perf_counter() - started
    for facts in cases:
        engine.triage(facts)
    total_s = time.perf_counter() - started
    return {
        "triage_cases": count,
        "triage_s": round(total_s, 3),
        "triage_pivotal_s": round(pivotal_s, 3),
    }


def _form(facts: dict[str, Any], **extra: str) -> dict[str, Any]:
    """The triage form as a browser posts it."""
    data: dict[str, Any] = {}
    for key, value in facts.items():
        if value is None:
            data[key] = "unknown"
        elif isinstance(value, bool):
            data[key] = "yes" if value else "no"
        elif isinstance(value, list):
            data[key] = value or ["none_of_these"]
        else:
            data[key] = value
    return {**data, **extra}


def time_triage_flow() -> dict[str, Any]:
    """The requests of one triage by an evangelist, as tests/browser/test_triage.py makes them:
    the use case, the triage page, a relevance check after each answer, the preview, saving and
    the result. Server time only (Django's test client, no browser)."""
    from django.test import Client
    from django.urls import reverse

    from koers.backlog.services.usecases import UseCaseData, usecase_create
    from koers.orgs.models import Department, Membership, Role, User
    from koers.orgs.services import organisation_create
    from koers.orgs.tenancy import org_context_for
    from koers.triage.models import Triage

    slug = "bench-triage"
    admin = User.objects.create_user(f"admin@{slug}.example.org", name="Bench admin")
    organisation = organisation_create(name="Bench triage", slug=slug, admin=admin)
    department = Department.objects.create(organisation=organisation, name="HR")
    evangelist = User.objects.create_user(f"evangelist@{slug}.example.org", name="Bench")
    Membership.objects.create(organisation=organisation, user=evangelist, role=Role.EVANGELIST)
    usecase = usecase_create(
        org_context_for(user=admin, slug=slug),
        data=UseCaseData(
            title="CV's van sollicitanten automatisch beoordelen",
            problem="Recruiters lezen per vacature honderden cv's en brieven.",
            solution="Een model rangschikt de kandidaten per vacature en geeft elk een score.",
            department_ids=(department.pk,),
        ),
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(evangelist)
    detail = reverse("backlog:detail", kwargs={"org_slug": slug, "pk": usecase.pk})
    page = reverse("triage:usecase", kwargs={"org_slug": slug, "pk": usecase.pk})
    relevant = reverse("triage:relevant", kwargs={"org_slug": slug, "pk": usecase.pk})
    requests = 0

    def ok(response: Any, status: int = 200) -> None:
        nonlocal requests
        requests += 1
        if response.status_code != status:
            raise RuntimeError(f"the triage flow answered {response.status_code}, not {status}")

    started = time.perf_counter()
    ok(client.get(detail))
    ok(client.get(page))
    answered: dict[str, Any] = {}
    for key, value in CV_SCREENING.items():
        answered[key] = value
        ok(client.get(relevant, _form(answered)))
    ok(client.post(page, _form(CV_SCREENING, preview="1")))
    ok(client.post(page, _form(CV_SCREENING, confirm="1")), 302)
    ok(client.get(page))
    seconds = time.perf_counter() - started
    client.logout()
    if not Triage.objects.filter(usecase=usecase).exists():
        raise RuntimeError("the triage flow saved nothing")
    return {"triage_flow_requests": requests, "triage_flow_s": round(seconds, 3)}


def time_voice_themes(count: int) -> dict[str, Any]:
    """Seconds to regroup ``count`` anonymous concerns into themes, as after a publication."""
    from koers.orgs.services import organisation_create
    from koers.voice import services
    from koers.voice.services import themes

    slug = "bench-voice"
    organisation = organisation_create(name="Bench Voice", slug=slug)
    for i in range(count):
        services.item_raise_anonymously(
            organisation,
            kind="concern",
            text=f"{CONCERNS[i % len(CONCERNS)]} ({i})",
            category="job_security",
            department_id=None,
        )
    started = time.perf_counter()
    result = themes.themes_recompute(organisation)
    seconds = time.perf_counter() - started
    return {
        "voice_concerns": result.concerns,
        "voice_themes": result.themes,
        "voice_themes_s": round(seconds, 3),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every figure, in the current (migrated) database."""
    figures: dict[str, Any] = {}
    figures.update(time_screening(args.texts))
    figures.update(time_triage_engine(args.cases))
    figures.update(time_triage_flow())
    figures.update(time_voice_themes(args.concerns))
    return figures


def report(figures: dict[str, Any]) -> None:
    """The figures beside their baseline (measured in this run) or target."""
    rows = [
        (
            f"screening a text for high-impact areas, ms ({figures['screen_texts']:,} texts)",
            figures["screen_ms"],
            f"keyword rule {figures['baseline_screen_ms']}",
            f"≤ {SCREEN_TARGET_MS}",
        ),
        (
            f"triage engine: what-would-change, then {figures['triage_cases']:,} cases, s",
            figures["triage_s"],
            "",
            f"≤ {TRIAGE_TARGET_S * figures['triage_cases'] / 500:g}",
        ),
        (
            f"triage flow on the server, {figures['triage_flow_requests']} requests, s",
            figures["triage_flow_s"],
            "",
            f"≤ {TRIAGE_FLOW_TARGET_S:g} in a browser",
        ),
        (
            f"Voice themes from {figures['voice_concerns']} concerns, s",
            figures["voice_themes_s"],
            "",
            f"≤ {VOICE_THEMES_TARGET_S:g}",
        ),
    ]
    print(f"{'figure':<66} {'Koers':>8}  {'baseline':<20} target")
    for label, value, baseline, target in rows:
        print(f"{label:<66} {value!s:>8}  {baseline:<20} {target}")


def _child_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="koers bench interactive (worker)")
    _add_arguments(parser)
    args = parser.parse_args(argv)

    def measure() -> dict[str, Any]:
        figures = run(args)
        report(figures)
        return figures

    return measure_in_child("interactive", measure)
