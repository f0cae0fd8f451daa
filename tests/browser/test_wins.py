"""The wall of wins in a real browser, in Dutch: a programme lead writes the story of an
AI-toepassing in pilot, records the consent of the people it names and publishes it; an employee
of another department reads it, shows appreciation and clicks "Willen wij ook", and the request is
on the backlog for their department. Screenshots of the pages end up in var/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest

from koers.backlog.models.usecases import UseCase
from koers.backlog.services.usecases import usecase_change_stage
from koers.orgs.models import Organisation, Role
from koers.sprints.models import Story
from koers.testing.factories import PASSWORD, ctx_for, make_member, make_org, make_usecase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bedrijf() -> Organisation:
    return make_org("Bouwbedrijf Van Dijk", departments=("Klantenservice", "Financiën"))


def test_a_lead_publishes_a_story_and_another_department_asks_for_it_too(
    dutch_tab: Any, log_in: Any, nav_to: Any, bedrijf: Organisation, screenshot_dir: Any
) -> None:
    service = bedrijf.departments.get(name="Klantenservice")
    finance = bedrijf.departments.get(name="Financiën")
    lead = make_member(bedrijf, Role.LEAD, department=service)
    usecase = make_usecase(
        bedrijf, title="Klantmails beantwoorden met een assistent", department_ids=(service.pk,)
    )
    for stage in ("assessed", "selected", "in_sprint", "pilot"):
        usecase_change_stage(ctx_for(lead, bedrijf), usecase=usecase, stage=stage)
    employee = make_member(bedrijf, Role.MEMBER, department=finance)

    tab = dutch_tab()
    log_in(tab, email=lead.email, password=PASSWORD)
    tab.goto(f"/o/{bedrijf.slug}/start/")
    nav_to(tab, "AI-toepassingen", "Successenmuur")
    tab.get_by_role("link", name="Verhaal schrijven").click()
    tab.get_by_label("AI-toepassing").select_option(str(usecase.pk))
    tab.get_by_role("button", name="Volgende").click()
    tab.get_by_label("Titel").fill("Klantenservice antwoordt twee keer zo snel")
    tab.get_by_label("Het probleem").fill("Elke klantmail werd met de hand beantwoord.")
    tab.get_by_label("Wat het team bouwde").fill(
        "- Een assistent die een concept schrijft\n- Een collega die het nakijkt"
    )
    tab.get_by_label("Het resultaat in cijfers").fill("**12 uur** per week minder typewerk.")
    tab.get_by_label("Een citaat").fill("Eindelijk tijd voor de lastige vragen.")
    tab.get_by_label("Wie zei het").fill("Sanne de Boer, klantenservice")
    tab.get_by_label("Personen die in het verhaal genoemd worden").fill("Joris Mulder")
    tab.screenshot(path=str(screenshot_dir / "wins-form.png"), full_page=True)
    tab.get_by_role("button", name="Opslaan als concept").click()
    tab.get_by_text("Het verhaal is opgeslagen als concept.").wait_for()

    tab.get_by_role("button", name="Op de successenmuur zetten").click()
    tab.get_by_text("we wachten nog op").wait_for()  # nobody has consented yet
    for _person in range(2):
        tab.get_by_label("Hoe gaf deze persoon toestemming?").first.fill("per e-mail")
        tab.get_by_role("button", name="Toestemming vastleggen").first.click()
        tab.get_by_text("is vastgelegd").wait_for()
    tab.get_by_role("button", name="Op de successenmuur zetten").click()
    tab.get_by_text("Het verhaal staat op de successenmuur.").wait_for()
    story = Story.objects.get()
    assert story.state == Story.State.PUBLISHED
    assert "<strong>12 uur</strong>" in story.result
    tab.screenshot(path=str(screenshot_dir / "wins-story-lead.png"), full_page=True)

    colleague = dutch_tab()
    log_in(colleague, email=employee.email, password=PASSWORD)
    colleague.goto(f"/o/{bedrijf.slug}/sprints/wins/")
    colleague.get_by_role("link", name="Klantenservice antwoordt twee keer zo snel").click()
    colleague.get_by_role("button", name="Goed gedaan").click()
    colleague.get_by_role("button", name="Goed gedaan").wait_for()
    assert story.reactions.get().user == employee
    colleague.get_by_role("button", name="Willen wij ook").click()
    colleague.get_by_text("Je aanvraag staat op de backlog").wait_for()
    request = UseCase.objects.exclude(pk=usecase.pk).get()
    assert list(request.departments.all()) == [finance]
    assert colleague.url.endswith(f"/usecases/{request.pk}/")

    colleague.goto(f"/o/{bedrijf.slug}/?department={finance.pk}")
    assert request.title in colleague.locator("main").inner_text()
    colleague.goto(f"/o/{bedrijf.slug}/sprints/wins/{story.pk}/")
    assert "1 afdeling wil dit ook." in colleague.locator("main").inner_text()
    colleague.screenshot(path=str(screenshot_dir / "wins-story.png"), full_page=True)
    colleague.goto(f"/o/{bedrijf.slug}/sprints/wins/")
    colleague.screenshot(path=str(screenshot_dir / "wins-wall.png"), full_page=True)
    tab.goto(f"/o/{bedrijf.slug}/sprints/wins/newsletter/")
    tab.get_by_text("Voorbeeld van de e-mail").wait_for()
    tab.screenshot(path=str(screenshot_dir / "wins-newsletter.png"), full_page=True)
