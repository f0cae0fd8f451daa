"""The demo organisations. "Demo BV", a Dutch installation company: Dutch departments, people in
every role, ~60 AI-toepassingen written in Dutch for it (``toepassingen.json``) with votes,
comments, history, duplicates across departments and a few high-risk ones. And an English-language
public agency whose backlog holds use cases from the US federal inventory (``usecases.json``, built
by ``scripts/build_demo_data.py``), with the same consultant as lead in both. Created through the
same services people use, so it looks lived-in."""

from __future__ import annotations

import json
import random
import secrets
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from koers.backlog.models.usecases import DataReadiness, Effort, Stage, UseCase
from koers.backlog.services.usecases import (
    LIFECYCLE,
    UseCaseData,
    comment_create,
    usecase_change_stage,
    usecase_create,
    usecase_vote,
)
from koers.demo import calibration as calibration_demo
from koers.demo.academy import academy_load
from koers.demo.scan import scan_load
from koers.demo.skills import skills_load
from koers.demo.sprints import sprints_load
from koers.demo.strategy import strategy_load
from koers.demo.voice import voice_load
from koers.demo.wins import wins_load
from koers.orgs.models import Department, Membership, Organisation, Role, User
from koers.orgs.tenancy import OrgContext, org_context_for
from koers.triage.rules.schema import Facts
from koers.triage.services import triage_restore, triage_save, triage_sign_off

DEMO_SLUG = "demo"
DEMO_DOMAIN = "demo.example"
DEPARTMENTS = [
    "Klantenservice",
    "Financiën",
    "HR",
    "IT",
    "Juridische zaken",
    "Bedrijfsvoering",
    "Communicatie",
]
# (local part, name, role, department): one person per role, and a consultant in two organisations.
PEOPLE = [
    ("admin", "Anouk de Vries", Role.ADMIN, "IT"),
    ("lead", "Pieter Jansen", Role.LEAD, "Bedrijfsvoering"),
    ("evangelist", "Fatima El Amrani", Role.EVANGELIST, "Klantenservice"),
    ("member", "Daan Visser", Role.MEMBER, "Financiën"),
    ("legal", "Lisa Verbeek", Role.LEGAL, "Juridische zaken"),
    ("consultant", "Sanne Bakker", Role.LEAD, None),
]
FIRST = [
    "Emma",
    "Lucas",
    "Julia",
    "Sem",
    "Mila",
    "Noah",
    "Tess",
    "Finn",
    "Lotte",
    "Bram",
    "Zoë",
    "Thijs",
    "Yara",
    "Milan",
    "Sara",
    "Jesse",
    "Eva",
    "Ruben",
    "Noor",
    "Lars",
]
LAST = [
    "de Jong",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Kok",
]
COMMENTS = [
    "Goed idee, dit speelt bij ons ook.",
    "Werkt dit ook met ons huidige CRM?",
    "Laten we eerst even met de privacyfunctionaris overleggen.",
    "Ik wil graag helpen met testen.",
    "Dit scheelt ons team elke week veel tijd.",
    "Is er al een leverancier die dit aanbiedt?",
]
# The second organisation: English-language, with use cases from the US federal inventory.
SECOND_SLUG = "westbrook"
SECOND_NAME = "Westbrook Public Agency"
SECOND_DEPARTMENTS = [
    "Customer Service",
    "Finance",
    "HR",
    "IT",
    "Legal & Compliance",
    "Operations",
    "Communications",
]
SECOND_COLLEAGUES = [
    "Olivia Carter",
    "James Mitchell",
    "Amelia Hughes",
    "Ethan Brooks",
    "Grace Turner",
    "Noah Bennett",
    "Chloe Morgan",
    "Liam Foster",
]
SECOND_COMMENTS = [
    "Good idea, we run into this too.",
    "Would this work with our current case management system?",
    "We should check with the privacy officer before starting.",
    "Happy to help test this.",
]
SECOND_REJECTED = "Overlaps with a programme that already runs; revisit next year."
# How often each data-readiness answer comes up, by stage: fresh ideas often don't know yet,
# use cases in a sprint or beyond have their data, rejected ones often lacked it.
READINESS_WEIGHTS: dict[str, dict[str, int]] = {
    Stage.IDEA: {
        DataReadiness.UNKNOWN: 4,
        DataReadiness.READY: 2,
        DataReadiness.PARTIAL: 3,
        DataReadiness.MISSING: 2,
    },
    Stage.ASSESSED: {DataReadiness.READY: 3, DataReadiness.PARTIAL: 4, DataReadiness.MISSING: 2},
    Stage.SELECTED: {DataReadiness.READY: 3, DataReadiness.PARTIAL: 2},
    Stage.REJECTED: {DataReadiness.PARTIAL: 1, DataReadiness.MISSING: 2},
}
READINESS_IN_SPRINT_AND_AFTER = {DataReadiness.READY: 3, DataReadiness.PARTIAL: 1}
LOGIN_FILE = "demo-login.txt"


@dataclass(frozen=True)
class DemoResult:
    created: bool
    message: str


def _login_file() -> Path:
    return Path(settings.DATA_DIR) / LOGIN_FILE


def _login_message(password: str) -> str:
    lines = [
        f"Demo organisation 'Demo BV' (slug: {DEMO_SLUG}), and the English-language "
        f"'{SECOND_NAME}' (slug: {SECOND_SLUG}) where the consultant is lead too. Log in with:"
    ]
    for local, name, role, _department in PEOPLE:
        lines.append(f"  {local + '@' + DEMO_DOMAIN:<28} {Role(role).label!s:<20} {name}")
    lines.append(f"  password for all of them: {password}")
    return "\n".join(lines)


def demo_load(*, seed: int = 2025) -> DemoResult:
    """Create Demo BV unless it exists; either way, say how to log in."""
    if Organisation.objects.filter(slug=DEMO_SLUG).exists():
        path = _login_file()
        saved = path.read_text().strip() if path.exists() else "(set by whoever created the demo)"
        return DemoResult(False, _login_message(saved))
    password = secrets.token_urlsafe(9)
    _create(password=password, seed=seed)
    from koers.backlog.services.themes import themes_recompute

    for organisation in Organisation.objects.all():
        themes_recompute(organisation)
    path = _login_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return DemoResult(True, _summary() + "\n" + _login_message(password))


def _summary() -> str:
    """One line on what the demo holds, and where its e-mails went (never to the console)."""
    from koers.diagnostic.models import Wave
    from koers.voice.models import Item

    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    line = (
        f"Created {UseCase.objects.filter(organisation=organisation).count()} use cases, "
        f"{Wave.objects.filter(organisation=organisation).count()} scan rounds and "
        f"{Item.objects.filter(organisation=organisation).count()} Voice items."
    )
    if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        line += f" Its e-mails are written to {settings.EMAIL_FILE_PATH}/ by the worker."
    return line


@transaction.atomic
def _create(*, password: str, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    # A generator of its own, so that these answers leave the votes and comments as they were.
    readiness_rng = random.Random(seed + 1)  # noqa: S311 - demo data, not security
    demo = Organisation.objects.create(name="Demo BV", slug=DEMO_SLUG, language="nl")
    departments = {
        name: Department.objects.create(organisation=demo, name=name) for name in DEPARTMENTS
    }

    # One hash for everyone: hashing ~35 passwords one by one takes seconds.
    hashed = make_password(password)
    users: dict[str, User] = {}
    for local, name, role, department in PEOPLE:
        user = User.objects.create(email=f"{local}@{DEMO_DOMAIN}", password=hashed, name=name)
        users[local] = user
        Membership.objects.create(
            organisation=demo,
            user=user,
            role=role,
            department=departments[department] if department else None,
        )

    colleagues: list[User] = []
    for index in range(30):
        name = f"{FIRST[index % len(FIRST)]} {LAST[(index * 7) % len(LAST)]}"
        user = User.objects.create(
            email=f"colleague{index + 1}@{DEMO_DOMAIN}", password=hashed, name=name
        )
        Membership.objects.create(
            organisation=demo,
            user=user,
            role=Role.EVANGELIST if index % 10 == 0 else Role.MEMBER,
            department=departments[DEPARTMENTS[index % len(DEPARTMENTS)]],
        )
        colleagues.append(user)

    lead = org_context_for(user=users["lead"], slug=DEMO_SLUG)
    # Written for Demo BV, estimates included: ideas without them were submitted without.
    items = _items("toepassingen.json")
    for index, item in enumerate(items):
        ctx = org_context_for(user=colleagues[index % len(colleagues)], slug=DEMO_SLUG)
        usecase = usecase_create(
            ctx,
            data=_data(item, departments, _data_readiness(readiness_rng, item["stage"])),
            anonymous=index % 11 == 5,
        )
        _walk_to_stage(lead, usecase, item["stage"], reason=item.get("reason", ""))
        for voter in rng.sample(colleagues, rng.randint(0, 9)):
            usecase_vote(org_context_for(user=voter, slug=DEMO_SLUG), usecase=usecase)
        if index % 3 == 0:
            commenter = org_context_for(user=rng.choice(colleagues), slug=DEMO_SLUG)
            comment_create(commenter, usecase=usecase, body=rng.choice(COMMENTS))
    _second_create(consultant=users["consultant"], seed=seed)
    _triage(demo)
    scan_load(demo, lead, seed=seed + 3)
    calibration_demo.load(demo, seed=seed + 4)
    voice_load(demo, lead, seed=seed + 5)
    skills_load(demo, lead, seed=seed + 6)
    strategy_load(demo, lead, seed=seed + 7)
    sprints_load(demo, lead)
    wins_load(demo, lead, seed=seed + 8)
    academy_load(demo, lead, seed=seed + 8)


# Three triages under the current rules, so the portfolio has content: (title, facts, signed off
# by legal); two more made with the first rules come from triage_2024.json.
BOUGHT_GENAI = {
    "role": "deployer",
    "is_ai_system": True,
    "gpai": "system",
    "art2_exclusion": False,
    "prohibited_practice": False,
    "annex_i": "none",
}
# A bought AI system that is no general-purpose model (a scoring or ranking product).
BOUGHT_MODEL = {**BOUGHT_GENAI, "gpai": "none"}
DEMO_TRIAGES: list[tuple[str, dict[str, object], bool]] = [
    (
        "Interne vraagbaak voor IT-vragen",
        {
            **BOUGHT_GENAI,
            "annex_iii_area": "none",
            "art50": ["interacts_with_people"],
            "art50_exception": False,
            "edpb_criteria": [],
            "dutch_dpa_list": [],
        },
        True,
    ),
    (
        # Not sure yet whether the Dutch DPA's list applies: the DPIA stays open for review.
        "Facturen automatisch coderen",
        {
            "role": "provider_and_deployer",
            "is_ai_system": True,
            "gpai": "none",
            "art2_exclusion": False,
            "prohibited_practice": False,
            "annex_i": "none",
            "annex_iii_area": "none",
            "art50": [],
            "edpb_criteria": ["matching_combining"],
        },
        False,
    ),
    (
        # Creditworthiness of natural persons: Annex III 5(b), and it profiles.
        "Kredietwaardigheid van klanten beoordelen",
        {
            **BOUGHT_MODEL,
            "annex_iii_area": "essential_services",
            "profiling": True,
            "art50": [],
            "edpb_criteria": [
                "evaluation_scoring",
                "automated_decision_legal_effect",
                "matching_combining",
                "large_scale",
            ],
            "dutch_dpa_list": [],
        },
        False,
    ),
    (
        # Ranking applicants: Annex III 4(a), and it profiles.
        "Cv's rangschikken bij vacatures",
        {
            **BOUGHT_MODEL,
            "annex_iii_area": "employment",
            "profiling": True,
            "art50": [],
            "edpb_criteria": ["evaluation_scoring", "automated_decision_legal_effect"],
            "dutch_dpa_list": [],
        },
        True,
    ),
    (
        # Monitoring and evaluating workers: Annex III 4(b), and it profiles.
        "Productiviteit van medewerkers meten",
        {
            **BOUGHT_MODEL,
            "annex_iii_area": "employment",
            "profiling": True,
            "art50": [],
            "edpb_criteria": [
                "evaluation_scoring",
                "systematic_monitoring",
                "matching_combining",
                "vulnerable_subjects",
            ],
            "dutch_dpa_list": [],
        },
        False,
    ),
]
# The titles of the ones above that the triage finds high-risk.
HIGH_RISK = (
    "Kredietwaardigheid van klanten beoordelen",
    "Cv's rangschikken bij vacatures",
    "Productiviteit van medewerkers meten",
)


def _triage(demo: Organisation) -> None:
    evangelist = org_context_for(
        user=User.objects.get(email=f"evangelist@{DEMO_DOMAIN}"), slug=DEMO_SLUG
    )
    legal = org_context_for(user=User.objects.get(email=f"legal@{DEMO_DOMAIN}"), slug=DEMO_SLUG)
    for title, facts, signed_off in DEMO_TRIAGES:
        usecase = UseCase.objects.get(organisation=demo, title=title)
        triage_save(evangelist, usecase=usecase, facts=Facts.model_validate(facts))
        if signed_off:
            triage_sign_off(legal, usecase=usecase)
    # Two triages made before the AI Act was amended in 2026, as the first rules stored them.
    earlier = json.loads((Path(__file__).parent / "triage_2024.json").read_text(encoding="utf-8"))
    for item in earlier["triages"]:
        usecase = UseCase.objects.get(organisation=demo, title=item["title"])
        triage_restore(
            evangelist,
            usecase=usecase,
            facts=item["facts"],
            result=item["result"],
            rules_version=earlier["rules_version"],
        )
        if item["signed_off"]:
            triage_sign_off(legal, usecase=usecase)


@dataclass(frozen=True)
class _Estimate:
    hours: Decimal | None
    effort: str


def _items(name: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(
        (Path(__file__).parent / name).read_text(encoding="utf-8")
    )
    return items


def _data(item: dict[str, Any], departments: dict[str, Department], readiness: str) -> UseCaseData:
    return UseCaseData(
        title=item["title"],
        problem=item["problem"],
        solution=item["solution"],
        benefits=item["benefits"],
        hours_saved_per_month=_decimal(item.get("hours_saved_per_month")),
        other_value_eur_per_year=_decimal(item.get("other_value_eur_per_year")),
        outputs=item["outputs"],
        data_used=item["data_used"],
        data_readiness=readiness,
        personal_data=item["personal_data"],
        technique=item["technique"],
        effort=item["effort"],
        department_ids=tuple(departments[d].pk for d in item["departments"]),
    )


def _second_create(*, consultant: User, seed: int) -> None:
    """The English-language agency: a few colleagues, the consultant as lead, and the federal
    inventory's use cases, which come without estimates (the demo makes plausible ones). Only the
    consultant logs in there."""
    rng = random.Random(seed + 8)  # noqa: S311 - demo data, not security
    readiness_rng = random.Random(seed + 9)  # noqa: S311 - demo data, not security
    estimate_rng = random.Random(seed + 10)  # noqa: S311 - demo data, not security
    second = Organisation.objects.create(name=SECOND_NAME, slug=SECOND_SLUG, language="en")
    departments = {
        name: Department.objects.create(organisation=second, name=name)
        for name in SECOND_DEPARTMENTS
    }
    Membership.objects.create(organisation=second, user=consultant, role=Role.LEAD)
    colleagues: list[User] = []
    hashed = make_password(None)
    for index, name in enumerate(SECOND_COLLEAGUES):
        user = User.objects.create(
            email=f"colleague{index + 1}@{SECOND_SLUG}.example",
            password=hashed,
            name=name,
            language="en",
        )
        Membership.objects.create(
            organisation=second,
            user=user,
            role=Role.MEMBER,
            department=departments[SECOND_DEPARTMENTS[index % len(SECOND_DEPARTMENTS)]],
        )
        colleagues.append(user)
    lead = org_context_for(user=consultant, slug=SECOND_SLUG)
    for index, item in enumerate(_items("usecases.json")):
        estimate = _estimate(estimate_rng, item["stage"])
        data = _data(item, departments, _data_readiness(readiness_rng, item["stage"]))
        data.hours_saved_per_month = data.hours_saved_per_month or estimate.hours
        if data.effort == Effort.UNKNOWN:
            data.effort = estimate.effort
        ctx = org_context_for(user=colleagues[index % len(colleagues)], slug=SECOND_SLUG)
        usecase = usecase_create(ctx, data=data)
        if item.get("external_id"):
            usecase.external_id = item["external_id"]
            usecase.source = item.get("source", {})
            usecase.save(update_fields=["external_id", "source"])
        _walk_to_stage(lead, usecase, item["stage"], reason=SECOND_REJECTED)
        for voter in rng.sample(colleagues, rng.randint(0, 5)):
            usecase_vote(org_context_for(user=voter, slug=SECOND_SLUG), usecase=usecase)
        if index % 3 == 0:
            commenter = org_context_for(user=rng.choice(colleagues), slug=SECOND_SLUG)
            comment_create(commenter, usecase=usecase, body=rng.choice(SECOND_COMMENTS))


def _estimate(rng: random.Random, stage: str) -> _Estimate:
    """The inventory has no estimates; the demo makes plausible ones, so the quadrant has points.
    Fresh ideas are less often estimated than those that were assessed."""
    if stage == Stage.IDEA and rng.random() < 0.5:
        return _Estimate(None, Effort.UNKNOWN)
    hours = Decimal(rng.choice((2, 4, 8, 12, 20, 40, 80, 160)))
    effort = rng.choice((Effort.DAYS, Effort.WEEKS, Effort.WEEKS, Effort.MONTHS, Effort.QUARTERS))
    return _Estimate(hours, effort)


def _data_readiness(rng: random.Random, stage: str) -> str:
    weights = READINESS_WEIGHTS.get(stage, READINESS_IN_SPRINT_AND_AFTER)
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _walk_to_stage(lead: OrgContext, usecase: UseCase, stage: str, *, reason: str) -> None:
    if stage == Stage.REJECTED:
        usecase_change_stage(lead, usecase=usecase, stage=Stage.REJECTED, reason=reason)
        return
    for step in LIFECYCLE[1 : LIFECYCLE.index(Stage(stage)) + 1]:
        usecase_change_stage(lead, usecase=usecase, stage=step)


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))
