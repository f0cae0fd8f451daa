"""An AI sprint in a real browser, in Dutch: the programme lead plans a sprint from the planner's
proposal, moves an AI-toepassing to done, closes the sprint with its outcome and records a
measurement."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from koers.backlog.models.usecases import UseCase
from koers.orgs.models import Organisation, Role
from koers.sprints.models.sprint import Measurement, Sprint
from koers.testing.factories import PASSWORD, make_member, make_org, make_usecase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gemeente() -> Organisation:
    return make_org("Gemeente Oosterhout", departments=("Burgerzaken", "HR"))


def test_a_lead_plans_runs_closes_and_measures_an_ai_sprint(
    dutch_tab: Any, log_in: Any, nav_to: Any, gemeente: Organisation, screenshot_dir: Any
) -> None:
    lead = make_member(gemeente, Role.LEAD, department=gemeente.departments.get(name="HR"))
    for title, hours in (("Notulen samenvatten", "40"), ("Vragen van burgers beantwoorden", "20")):
        make_usecase(
            gemeente,
            title=title,
            effort="days",
            data_readiness="ready",
            hours_saved_per_month=Decimal(hours),
        )
    make_usecase(gemeente, title="Vergunningen controleren", effort="weeks")
    tab = dutch_tab()
    log_in(tab, email=lead.email, password=PASSWORD)
    tab.goto(f"/o/{gemeente.slug}/start/")
    nav_to(tab, "AI-toepassingen", "AI-sprints")
    tab.get_by_role("link", name="AI-sprint plannen").click()
    tab.get_by_label("Naam").fill("AI-sprint 1")
    tab.get_by_role("button", name="AI-sprint aanmaken").click()

    team = tab.locator("#team")
    team.get_by_label("Lid").select_option(label=f"{lead.name} (HR)")
    team.get_by_label("Rol in de AI-sprint").select_option(label="AI-ambassadeur")
    team.get_by_label("Capaciteit (persoonsdagen)").fill("6")
    team.get_by_role("button", name="Aan het team toevoegen").click()
    proposal = tab.locator("#proposal")
    assert "Bewezen optimaal" in proposal.inner_text()
    planned = proposal.locator("tr.chosen")
    assert planned.count() == 2
    assert "kost hij meer dagen dan de hele capaciteit" in proposal.inner_text()
    tab.screenshot(path=str(screenshot_dir / "sprint-plan.png"), full_page=True)

    # Adding the third one breaks the capacity: refused, with the constraint named.
    weeks = UseCase.objects.get(title="Vergunningen controleren")
    proposal.locator(f"#pick-{weeks.pk}").check()
    proposal.get_by_role("button", name="Plan vaststellen en AI-sprint starten").click()
    assert "Capaciteit: het plan vraagt 16 persoonsdagen; het team heeft er 6." in (
        tab.locator("#proposal").inner_text()
    )
    tab.locator(f"#pick-{weeks.pk}").uncheck()
    tab.get_by_role("button", name="Plan vaststellen en AI-sprint starten").click()
    tab.get_by_text("Het plan is vastgesteld: de AI-sprint loopt.").wait_for()

    notulen = UseCase.objects.get(title="Notulen samenvatten")
    card = tab.locator("article.board-card", has_text="Notulen samenvatten")
    card.get_by_text("Verplaatsen of bijwerken").click()
    card.get_by_label("Kolom").select_option(label="Klaar")
    card.get_by_role("button", name="Opslaan").click()
    done = tab.locator("section.board-column", has=tab.get_by_role("heading", name="Klaar"))
    done.get_by_text("Notulen samenvatten").wait_for()
    tab.get_by_label("Wat is er gebeurd, wat komt er nu, wat zit in de weg?").fill(
        "Notulen-assistent werkt op testdata."
    )
    tab.get_by_role("button", name="Check-in toevoegen").click()
    tab.screenshot(path=str(screenshot_dir / "sprint-board.png"), full_page=True)

    tab.get_by_role("link", name="AI-sprint afsluiten").click()
    outcome = tab.locator("fieldset", has_text="Notulen samenvatten")
    outcome.get_by_label("Live").check()
    other = tab.locator("fieldset", has_text="Vragen van burgers beantwoorden")
    other.get_by_label("Geparkeerd").check()
    tab.get_by_label("Wat werkte", exact=True).fill("Korte lijnen met de gebruikers.")
    tab.get_by_role("button", name="AI-sprint afsluiten").click()
    tab.get_by_text("De AI-sprint is afgesloten.").wait_for()
    assert UseCase.objects.get(pk=notulen.pk).stage == "live"

    tab.get_by_role("link", name="Uitkomsten en gemeten resultaten").click()
    tab.get_by_role("row", name="Notulen samenvatten").get_by_role("link", name="Meten").click()
    tab.get_by_label("Bespaarde uren per maand").fill("30")
    tab.get_by_label("Aantal gebruikers").fill("12")
    tab.get_by_role("button", name="Resultaat opslaan").click()
    tab.get_by_text("Het gemeten resultaat is opgeslagen.").wait_for()
    assert "Zijn onze schattingen eerlijk?" in tab.content()
    tab.screenshot(path=str(screenshot_dir / "sprint-outcomes.png"), full_page=True)
    assert Measurement.objects.get().hours_saved_per_month == Decimal("30.0")
    assert Sprint.objects.get().status == "closed"
