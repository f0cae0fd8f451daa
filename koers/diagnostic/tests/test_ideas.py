"""Answers to "where could AI help you most?" become anonymous backlog ideas, and only those the
results page publishes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from koers.backlog.models.usecases import UseCase
from koers.core.models import Change
from koers.diagnostic import services
from koers.diagnostic.models import Response, Wave
from koers.diagnostic.services.ideas import ideas_hand_off, title_of, wave_ideas
from koers.testing.factories import ctx_for

pytestmark = pytest.mark.django_db

HELPS = "open_where_ai_helps"
WORRIES = "open_worries"


@pytest.fixture
def ctx(org, lead):
    return ctx_for(lead, org)


@pytest.fixture
def wave(ctx) -> Wave:
    scan = services.instrument_copy_shipped(ctx, kind="scan")
    day = dt.date(2025, 3, 1)
    return services.wave_create(
        ctx, version=scan.versions.get(), name="Spring", opens_on=day, closes_on=day
    )


def _answer(wave: Wave, department: Any, **answers: Any) -> None:
    response = Response.objects.create(
        wave=wave, department=department, role_group="staff", submitted_on=wave.opens_on,
        answers=answers,
    )  # fmt: skip
    services.tallies_add(response)


def test_identical_answers_are_one_idea_with_the_number_of_people(org, ctx, wave):
    finance, hr = org.departments.get(name="Finance"), org.departments.exclude(name="Finance")[0]
    for text in ["Notulen maken.", "notulen  maken", "Notulen maken!", "Roosters", "Roosters", ""]:
        _answer(wave, finance, **({HELPS: text} if text else {}))
    for _ in range(5):
        _answer(wave, hr, **{HELPS: "Facturen coderen"})
    ideas = wave_ideas(ctx, wave=wave)
    assert [(i.key, i.mentions) for i in ideas] == [
        ("facturen coderen", 5),
        ("notulen maken", 3),
        ("roosters", 2),
    ]
    # Both departments are published, and each idea was written in one: it may name it.
    assert [i.department for i in ideas] == [str(hr.pk), str(finance.pk), str(finance.pk)]


def test_nothing_is_offered_when_fewer_than_k_people_wrote_an_answer(org, ctx, wave):
    for _ in range(6):
        _answer(wave, org.departments.get(name="Finance"), **{WORRIES: "Mijn baan"})
    for _ in range(4):
        _answer(wave, org.departments.get(name="Finance"), **{HELPS: "Notulen maken"})
    assert wave_ideas(ctx, wave=wave) == []
    with pytest.raises(ValidationError):
        ideas_hand_off(ctx, wave=wave, chosen=["Notulen maken"])
    assert not UseCase.objects.exists()


def test_a_department_is_named_only_when_it_is_published(org, ctx, wave):
    finance, hr = org.departments.get(name="Finance"), org.departments.exclude(name="Finance")[0]
    for _ in range(6):
        _answer(wave, finance, **{HELPS: "Facturen coderen"})
    _answer(wave, hr, **{HELPS: "Vacatures schrijven"})  # one respondent in HR
    ideas = {i.text: i for i in wave_ideas(ctx, wave=wave)}
    # HR has one respondent: hidden, and so is Finance (all minus HR would give HR away).
    assert ideas["Vacatures schrijven"].department is None
    assert ideas["Facturen coderen"].department is None


def test_handing_off_creates_anonymous_ideas_once(org, ctx, lead, wave):
    for text in ["Notulen maken"] * 3 + ["Facturen coderen"] * 2:
        _answer(wave, org.departments.get(name="Finance"), **{HELPS: text})
    created = ideas_hand_off(ctx, wave=wave, chosen=["Notulen maken", "notulen maken."])
    assert len(created) == 1
    usecase = created[0]
    assert usecase.anonymous and usecase.submitted_by is None
    assert usecase.title == "Notulen maken" and usecase.stage == "idea"
    assert usecase.source["mentions"] == 3
    assert not Change.objects.filter(
        subject="backlog.usecase", subject_id=usecase.pk, actor=lead
    ).exists()
    assert Change.objects.filter(subject="diagnostic.wave", subject_id=wave.pk, actor=lead).exists()
    assert ideas_hand_off(ctx, wave=wave, chosen=["Notulen maken"]) == []
    offered = {i.text: i.usecase for i in wave_ideas(ctx, wave=wave)}
    assert offered["Notulen maken"] == usecase and offered["Facturen coderen"] is None


def test_a_text_that_is_not_an_idea_of_the_wave_is_refused_and_nothing_added(org, ctx, wave):
    for _ in range(5):
        _answer(wave, org.departments.get(name="Finance"), **{HELPS: "Notulen maken"})
    with pytest.raises(ValidationError):
        ideas_hand_off(ctx, wave=wave, chosen=["Notulen maken", "Iets wat niemand schreef"])
    assert not UseCase.objects.exists()


def test_a_long_answer_gets_a_short_title():
    text = "Samenvatten van klantgesprekken. Daarna automatisch een concept-antwoord maken."
    assert title_of(text) == "Samenvatten van klantgesprekken"
    long = "Automatisch " + "heel " * 30 + "lange zin"
    assert len(title_of(long)) <= 80 and title_of(long).endswith("…")


def test_the_page_adds_the_chosen_ideas(client, org, lead, wave):
    for _ in range(5):
        _answer(wave, org.departments.get(name="Finance"), **{HELPS: "Notulen maken"})
    client.force_login(lead)
    url = f"/o/{org.slug}/scans/waves/{wave.pk}/ideas/"
    page = client.get(url)
    assert page.status_code == 200 and "Notulen maken" in page.content.decode()
    response = client.post(url, {"idea": ["Notulen maken"]})
    assert response.status_code == 302
    assert UseCase.objects.get(organisation=org).title == "Notulen maken"


def test_staff_cannot_open_the_page(client, org, member, wave):
    client.force_login(member)
    assert client.get(f"/o/{org.slug}/scans/waves/{wave.pk}/ideas/").status_code == 403
