"""The use-case register as a person uses it, in a real browser and in Dutch.

An employee logs in, switches Koers to Dutch, submits an idea through the intake form, finds it in
the register, votes for it; a programme lead then moves it to "assessed" (Beoordeeld).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation

from koers.backlog.models.usecases import Stage, UseCase
from koers.orgs.models import Organisation, Role, User
from koers.testing.factories import PASSWORD, make_member, make_org, make_usecase, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Klantvragen sneller beantwoorden met een AI-assistent"


def dutch(label: Any) -> str:
    """What Koers shows in Dutch: the catalogue's translation, or the source text without one."""
    with translation.override("nl"):
        return str(label)


@pytest.fixture
def gemeente() -> Organisation:
    return make_org("Gemeente Voorbeeld", departments=("Klantcontact", "Financiën", "ICT"))


@pytest.mark.postgres_too  # the smoke test of a live server on PostgreSQL
def test_it_submits_finds_votes_and_assesses_a_dutch_use_case(
    page: Any, log_in: Any, gemeente: Organisation, screenshot_dir: Any
) -> None:
    employee = make_member(gemeente, Role.MEMBER, user=make_user("medewerker@voorbeeld.nl"))
    make_member(gemeente, Role.LEAD, user=make_lead_in_dutch())
    make_usecase(gemeente, title="Facturen automatisch coderen")
    register = f"/o/{gemeente.slug}/"

    log_in(page, email=employee.email, password=PASSWORD)
    assert page.url.endswith(f"{register}start/")  # the organisation's start page

    page.locator('.lang-switch button[name="language"][value="nl"]').click()
    page.wait_for_selector('html[lang="nl"]')

    page.goto(f"{register}usecases/new/")
    form = page.locator("main form")
    form.locator('[name="title"]').fill(TITLE)
    form.locator('[name="problem"]').fill(
        "Medewerkers van het klantcontactcentrum zoeken elke dag opnieuw dezelfde antwoorden op."
    )
    form.locator('[name="solution"]').fill(
        "Een AI-assistent stelt een conceptantwoord op uit onze eigen kennisbank; "
        "de medewerker controleert en verstuurt het."
    )
    form.locator('[name="benefits"]').fill("Snellere antwoorden en minder saai zoekwerk.")
    form.locator('[name="hours_saved_per_month"]').fill("120")
    form.get_by_role("checkbox", name="Klantcontact", exact=True).check()
    form.get_by_role("checkbox", name="ICT", exact=True).check()
    form.locator('[name="personal_data"][value="yes"]').check()
    form.locator('[name="technique"][value="generative"]').check()
    form.locator('[name="effort"][value="weeks"]').check()
    form.get_by_role("button").click()

    page.wait_for_url(re.compile(r"/usecases/\d+/$"))
    assert page.locator("h1").inner_text().endswith(TITLE)
    usecase = UseCase.objects.get(organisation=gemeente, title=TITLE)
    assert set(usecase.departments.values_list("name", flat=True)) == {"Klantcontact", "ICT"}
    assert usecase.personal_data == "yes"

    page.goto(register)
    page.locator('input[name="q"]').fill("klantvragen")
    page.locator('input[name="q"]').press("Enter")
    page.wait_for_url(re.compile(r"[?&]q=klantvragen"))
    results = page.locator("ul.usecases > li")
    assert results.count() == 1
    found = results.first
    assert TITLE in found.locator("h2").inner_text()

    found.locator('button[name="vote"][value="1"]').click()
    page.wait_for_load_state()
    found = page.locator("ul.usecases > li").filter(has_text=TITLE)
    assert found.locator('button[name="vote"]').get_attribute("aria-pressed") == "true"
    assert found.locator(".votes").inner_text().strip() == "1"

    found.get_by_role("link", name=re.compile(re.escape(TITLE))).click()
    page.wait_for_url(re.compile(rf"/usecases/{usecase.pk}/$"))
    assert page.locator('select[name="stage"]').count() == 0, "members cannot change the stage"

    page.locator('form[action="/logout/"] button').click()
    page.wait_for_load_state()
    log_in(page, email="lead@voorbeeld.nl", password=PASSWORD)
    page.goto(f"{register}usecases/{usecase.pk}/")
    assert page.locator("html").get_attribute("lang") == "nl"
    stage_form = page.locator('form[action$="/stage/"]')
    stage_form.locator('select[name="stage"]').select_option("assessed")
    stage_form.get_by_role("button").click()
    page.wait_for_load_state()

    assessed = dutch(Stage.ASSESSED.label)
    assert page.locator('.lifecycle [aria-current="step"]').inner_text().strip() == assessed
    usecase.refresh_from_db()
    assert usecase.stage == Stage.ASSESSED
    assert usecase.votes.count() == 1

    page.goto(f"{register}?q=klantvragen")
    assert assessed in page.locator("ul.usecases > li").first.inner_text()
    page.screenshot(path=str(screenshot_dir / "register.png"), full_page=True)


def make_lead_in_dutch() -> User:
    """A lead who chose Dutch in their profile, so Koers speaks Dutch right after logging in."""
    lead = make_user("lead@voorbeeld.nl", name="Programmaleider")
    lead.language = "nl"
    lead.save(update_fields=["language"])
    return lead


@pytest.mark.parametrize(
    "path",
    ["", "usecases/new/", "usecases/{pk}/"],
    ids=["register", "intake-form", "detail"],
)
def test_it_fits_a_phone_screen_without_sideways_scrolling(
    phone_page: Any, log_in: Any, gemeente: Organisation, path: str
) -> None:
    employee = make_member(gemeente, Role.LEAD)
    usecase = make_usecase(
        gemeente,
        by=employee,
        title="Een heel lange titel voor een idee: samenvattingen van vergaderingen automatisch "
        "laten opstellen en verspreiden onder alle betrokken afdelingen",
        department_ids=tuple(gemeente.departments.values_list("pk", flat=True)),
    )
    for n in range(3):
        make_usecase(gemeente, title=f"Idee nummer {n} met Financiën en Klantcontact")

    log_in(phone_page, email=employee.email, password=PASSWORD)
    phone_page.goto(f"/o/{gemeente.slug}/" + path.format(pk=usecase.pk))

    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than a 375px phone screen"
    assert phone_page.locator("main h1").is_visible()


def test_it_shows_the_login_page_on_a_phone(phone_page: Any) -> None:
    phone_page.goto("/login/")
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert phone_page.get_by_label("E-mail address").is_visible()
