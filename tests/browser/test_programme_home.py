"""The programme lead's home in a real browser, in Dutch, on a phone: the lead logs in, lands on
the programme's home, sees where the programme stands and what waits, and reaches the work in one
click — through the home and through the navigation's groups."""

from __future__ import annotations

from typing import Any

import pytest

from koers.orgs.models import Role
from koers.testing.factories import PASSWORD, ctx_for, make_member, make_org
from koers.voice import services as voice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dutch_lead_lands_on_the_programme_home_and_reaches_the_work_in_one_click(dutch_tab):
    org = make_org("Demo BV", departments=("Klantenservice", "HR"))
    org.language = "nl"
    org.save(update_fields=["language"])
    lead = make_member(org, Role.LEAD)
    lead.language = "nl"
    lead.save(update_fields=["language"])
    voice.item_raise(
        ctx_for(make_member(org), org),
        kind="concern",
        text="Wat gebeurt er met mijn werk als AI het overneemt?",
        category="job_security",
        department_id=None,
        anonymous=True,
    )

    tab: Any = dutch_tab(phone=True)
    tab.goto("/login/")
    form = tab.locator("main form")
    form.get_by_label("E-mailadres").fill(lead.email)
    form.get_by_label("Wachtwoord").fill(PASSWORD)
    form.get_by_role("button", name="Inloggen").click()
    tab.wait_for_url(f"**/o/{org.slug}/start/")

    assert tab.get_by_role("heading", name="Waar het programma staat").is_visible()
    steps = tab.locator("ol.steps > li")
    assert steps.count() == 7
    assert "Nog niet in Koers" in steps.nth(3).inner_text()
    assert steps.nth(3).locator("a").count() == 0
    assert tab.evaluate("document.scrollingElement.scrollWidth") <= 375

    waiting = tab.locator("section", has=tab.get_by_role("heading", name="Wacht op jou"))
    waiting.get_by_role("link", name="Zorgen die op moderatie wachten").click()
    tab.wait_for_url(f"**/o/{org.slug}/voice/moderate/")
    assert "Wat gebeurt er met mijn werk" in tab.locator("main").inner_text()

    # The navigation's group opens on a tap and leads to the leaders' dashboard.
    tab.get_by_text("Zorgen en vragen", exact=True).click()
    tab.get_by_role("link", name="Dashboard voor leidinggevenden").click()
    tab.wait_for_url(f"**/o/{org.slug}/voice/dashboard/")
