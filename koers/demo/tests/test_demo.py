"""`koers demo`: Demo BV reads as a Dutch company (Dutch departments, AI-toepassingen written in
Dutch with duplicates across departments, estimates and a few high-risk ones), and the second
organisation is English with English content. The demo is built once for the module, in an atomic
block rolled back afterwards (as in ``tests/test_isolation.py``): building it takes seconds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from koers.backlog.models.themes import Theme
from koers.backlog.models.usecases import Effort, Stage, UseCase
from koers.backlog.selectors.prescreen import usecases_flagged
from koers.backlog.services.themes import usecase_duplicates
from koers.demo import (
    DEMO_SLUG,
    DEMO_TRIAGES,
    DEPARTMENTS,
    HIGH_RISK,
    SECOND_SLUG,
    DemoResult,
    demo_load,
)
from koers.diagnostic.models import Wave
from koers.diagnostic.selectors.results import wave_results
from koers.orgs.models import Membership, Organisation, Role, User
from koers.orgs.tenancy import org_context_for
from koers.strategy.models import PolicyVersion, Scenario
from koers.textmine.text import language, tokens
from koers.triage.models import Triage
from koers.triage.selectors import reconfirm_list
from koers.voice.models import Item as VoiceItem
from koers.voice.models import Theme as VoiceTheme

DEMO_DATA = Path(__file__).resolve().parent.parent
# Words of the US federal inventory that have no place in a Dutch company's backlog.
FEDERAL = {"federal", "agency", "agencies", "grant", "grants", "veterans", "program", "nofo"}
# English function words, for texts too short for ``language`` to judge.
ENGLISH = {"the", "and", "of", "to", "for", "with", "this", "would", "should", "could", "our", "it"}


@pytest.fixture(scope="module")
def _loaded_once(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoResult]:
    from django.conf import settings

    data_dir = settings.DATA_DIR
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        settings.DATA_DIR = tmp_path_factory.mktemp("demo")
        with django_db_blocker.unblock():
            result = demo_load()
        yield result
    finally:
        settings.DATA_DIR = data_dir
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def first(_loaded_once: DemoResult, db: None) -> DemoResult:
    return _loaded_once


@pytest.fixture
def demo(first: DemoResult) -> Organisation:
    return Organisation.objects.get(slug=DEMO_SLUG)


def _federal_agencies() -> set[str]:
    items = json.loads((DEMO_DATA / "usecases.json").read_text(encoding="utf-8"))
    return {item["source"]["agency"].lower() for item in items}


def test_it_creates_the_demo_once_and_says_how_to_log_in(first, settings, tmp_path):
    again = demo_load()
    assert first.created and not again.created
    assert first.message.startswith("Created 62 use cases")
    assert "admin@demo.example" in first.message and "password" in first.message
    assert first.message.splitlines()[-1] == again.message.splitlines()[-1]


def test_demo_bv_has_every_role_and_dutch_departments(demo):
    assert demo.name == "Demo BV" and demo.language == "nl"
    roles = set(Membership.objects.filter(organisation=demo).values_list("role", flat=True))
    assert roles == set(Role.values)
    names = set(demo.departments.values_list("name", flat=True))
    # The board office is the strategy demo's small department.
    assert names == {*DEPARTMENTS, "Directie"}
    assert {"Klantenservice", "Financiën", "Juridische zaken"} <= names


def test_every_ai_toepassing_is_written_in_dutch_for_a_dutch_company(demo):
    usecases = list(UseCase.objects.filter(organisation=demo))
    assert 55 <= len(usecases) <= 65
    agencies = _federal_agencies()
    for usecase in usecases:
        text = " ".join((usecase.title, usecase.problem, usecase.solution, usecase.benefits))
        words = set(tokens(text))
        assert language(tokens(text)) == "nl", usecase.title
        assert not words & (FEDERAL | agencies), usecase.title
        assert usecase.external_id == "" and not usecase.source
    comments = [c.body for u in usecases for c in u.comments.all()]
    assert comments and not any(set(tokens(body)) & ENGLISH for body in comments)


def test_the_ai_toepassingen_carry_estimates_and_a_spread_of_stages(demo):
    usecases = UseCase.objects.filter(organisation=demo)
    stages = set(usecases.values_list("stage", flat=True))
    assert stages == set(Stage.values)  # retired: stopped in the closed AI sprint
    assert usecases.filter(stage=Stage.IDEA).count() > usecases.count() / 3
    estimated = usecases.filter(hours_saved_per_month__isnull=False)
    assert estimated.count() > 0.8 * usecases.count()
    assert usecases.exclude(effort=Effort.UNKNOWN).count() > 0.8 * usecases.count()
    # Beyond the idea stage, someone has estimated what it saves or brings.
    assert not usecases.exclude(stage__in=(Stage.IDEA, Stage.REJECTED)).filter(
        hours_saved_per_month__isnull=True, other_value_eur_per_year__isnull=True
    )
    assert usecases.filter(vote_count__gt=0).exists()


def test_the_duplicate_check_finds_the_same_idea_sent_in_by_other_departments(demo):
    lead = org_context_for(user=User.objects.get(email="lead@demo.example"), slug=DEMO_SLUG)
    pairs = set()
    for usecase in UseCase.objects.filter(organisation=demo).prefetch_related("departments"):
        for found in usecase_duplicates(lead, usecase=usecase):
            pairs.add(frozenset((usecase.title, found.usecase.title)))
            mine = {d.name for d in usecase.departments.all()}
            theirs = {d.name for d in found.usecase.departments.all()}
            assert mine != theirs, (usecase.title, found.usecase.title)
    assert 5 <= len(pairs) <= 8, pairs
    invoices = ["Facturen automatisch coderen"]
    invoices.append("Inkoopfacturen uitlezen en klaarzetten om te boeken")
    assert frozenset(invoices) in pairs


def test_the_high_risk_ones_are_triaged_high_risk_and_flagged_by_the_pre_screen(demo):
    triaged = {t.usecase.title: t for t in Triage.objects.filter(organisation=demo)}
    current = {title for title, t in triaged.items() if t.rules_version == "2026-07-27"}
    assert current == {title for title, _facts, _signed in DEMO_TRIAGES}
    assert {title for title, t in triaged.items() if t.risk_group == "high_risk"} == set(HIGH_RISK)
    high_risk = UseCase.objects.filter(organisation=demo, title__in=HIGH_RISK)
    unsigned = [u for u in high_risk if not u.assessed_risk]
    assert {u.pk for u in unsigned} <= usecases_flagged(unsigned)
    assert any(u.assessed_risk == "high" for u in high_risk)


def test_two_triages_were_made_before_the_ai_act_was_amended_and_wait_to_be_re_confirmed(demo):
    waiting = {item.usecase.title: item for item in reconfirm_list(organisation=demo)}
    assert set(waiting) == {
        "Vacatureteksten zonder vooroordelen",
        "Samenvatten van klantgesprekken",
    }
    assert all(item.triage.rules_version == "2024-08-01" for item in waiting.values())
    assert waiting["Vacatureteksten zonder vooroordelen"].triage.status == "signed_off"
    assert waiting["Vacatureteksten zonder vooroordelen"].changes_outcome


def test_rejected_ones_say_why_in_dutch(demo):
    rejected = UseCase.objects.filter(organisation=demo, stage=Stage.REJECTED)
    assert rejected.count() >= 3
    for usecase in rejected:
        reason = tokens(usecase.rejection_reason)
        assert language(reason) == "nl" and not set(reason) & ENGLISH, usecase.title


def test_the_second_organisation_is_english_with_content_and_the_same_consultant(first):
    second = Organisation.objects.get(slug=SECOND_SLUG)
    assert second.language == "en"
    assert language(tokens(second.name)) == "en" and "Gemeente" not in second.name
    names = list(second.departments.values_list("name", flat=True))
    assert "Customer Service" in names and "Klantenservice" not in names
    usecases = UseCase.objects.filter(organisation=second)
    assert 15 <= usecases.count() <= 20
    for usecase in usecases:
        assert language(tokens(f"{usecase.title} {usecase.problem}")) == "en", usecase.title
    assert usecases.exclude(stage=Stage.IDEA).exists()
    assert usecases.filter(hours_saved_per_month__isnull=False).exists()
    consultant = User.objects.get(email="consultant@demo.example")
    for slug in (DEMO_SLUG, SECOND_SLUG):
        assert Membership.objects.get(user=consultant, organisation__slug=slug).role == Role.LEAD
    assert Theme.objects.filter(organisation=second).exists()
    assert SECOND_SLUG in first.message


def test_the_scan_voice_strategy_and_themes_have_content(demo):
    # A scan with a baseline and a pulse that closed yesterday, whose results show every
    # department.
    lead = org_context_for(user=User.objects.get(email="lead@demo.example"), slug=DEMO_SLUG)
    baseline, pulse = sorted(Wave.objects.filter(organisation=demo), key=lambda w: w.opens_on)
    assert (baseline.status, pulse.status) == ("closed", "closed")
    results = wave_results(lead, pulse)
    assert results.previous_wave == baseline
    assert [(n, i) for n, row in results.heat_map() for i, c in enumerate(row) if c is None] == []
    assert [b.id for b in results.barriers if b.gap is None or b.trend is None] == []
    # Voice: the scan's worries taken in, mostly published, grouped into themes, some answered.
    concerns = VoiceItem.objects.filter(organisation=demo)
    assert concerns.filter(status="published").count() > 10 and concerns.filter(status="new")
    assert VoiceTheme.objects.filter(organisation=demo).count() >= 3
    assert concerns.filter(answers__isnull=False).exists()
    # Strategy: a published policy with a draft beside it and three scenarios, made once.
    assert PolicyVersion.objects.filter(policy__organisation=demo).count() == 2
    assert Scenario.objects.filter(organisation=demo).count() == 3
    # The backlog's themes.
    assert Theme.objects.filter(organisation=demo).count() >= 3


def test_every_department_the_demo_modules_name_is_one_of_demo_bvs():
    """The scan's barrier profiles, the skills, the strategy's figures and Voice's concerns look
    departments up by name; a name that is not Demo BV's would silently leave them out."""
    from koers.demo import scan, skills, strategy, voice

    known = {*DEPARTMENTS, strategy.BOARD}
    assert set(scan.PROFILES) == set(DEPARTMENTS)
    assert set(skills.PROFILE) == set(DEPARTMENTS) and set(skills.TARGETS) <= known
    assert set(strategy.BASELINES) == set(DEPARTMENTS) and set(strategy.CONFIRMING) <= known
    assert {request[0] for request in strategy.TOOL_REQUESTS} <= known
    assert {item[3] for item in voice.RAISED} <= known
    for item in json.loads((DEMO_DATA / "toepassingen.json").read_text(encoding="utf-8")):
        assert set(item["departments"]) <= set(DEPARTMENTS), item["title"]


def test_demo_bv_has_a_closed_sprint_with_outcomes_and_measurements_and_a_running_one(demo):
    from koers.sprints.models.sprint import Measurement, Sprint

    closed, running = (
        Sprint.objects.get(organisation=demo, status=status) for status in ("closed", "running")
    )
    assert set(closed.items.values_list("outcome", flat=True)) >= {"live", "piloted", "stopped"}
    assert closed.went_well and closed.checkins.exists()
    assert Measurement.objects.filter(item__sprint=closed).count() >= 4
    assert running.items.exclude(column="todo").exists() and running.items.exclude(blocker="")


def test_the_wall_of_wins_has_two_published_stories_with_consent_and_reactions(demo):
    from koers.sprints.models import Story

    stories = Story.objects.filter(organisation=demo, state=Story.State.PUBLISHED)
    assert stories.count() == 2
    for story in stories:
        assert story.usecase.stage in (Stage.PILOT, Stage.LIVE)
        assert all(person.consents for person in story.people.all()) and story.people.exists()
        assert story.reactions.count() >= 10
        text = " ".join((story.title, story.problem, story.built, story.result, story.quote))
        assert language(tokens(text)) == "nl", story.title


def test_the_academy_has_a_two_generation_cascade_and_one_department_without_ambassador(demo):
    from koers.academy.selectors import cascade_of, coverage_of, literacy_evidence, reach_export

    reach = reach_export(organisation=demo)
    assert set(reach["by_generation"]) == {"1", "2"} and reach["trained"] > 100
    assert sum(reach["by_generation"].values()) == reach["trained"]
    without = [c.department for c in coverage_of(organisation=demo) if c.none]
    assert without == ["Juridische zaken"]
    cascade = cascade_of(organisation=demo)
    assert cascade.trained == reach["trained"] and len(cascade.idle_trainers) == 1
    literacy = {d.department: d for d in literacy_evidence(organisation=demo).departments}
    assert literacy["Klantenservice"].share == 1.0 and literacy["HR"].covered == 0
