"""The checker in the browser, in Dutch: an employee opens it from the navigation, asks about a
tool that is in the published policy (picked from the list) and gets the condition and the
section, whose link opens the policy at that section; then asks about one that is not and sends
the request with one click; the programme lead answers it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from koers.orgs.models import Role
from koers.strategy.models import ToolRequest
from koers.testing.factories import PASSWORD, make_member, make_org
from koers.testing.policies import make_published_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _dutch(user: Any) -> Any:
    user.language = "nl"
    user.save(update_fields=["language"])
    return user


def test_an_employee_asks_the_checker_and_requests_an_unlisted_tool(
    page: Any, log_in: Any, nav_to: Any, screenshot_dir: Path
) -> None:
    org = make_org("Demo BV")
    make_published_policy(org)
    employee = _dutch(make_member(org))
    lead = _dutch(make_member(org, Role.LEAD))

    log_in(page, email=employee.email, password=PASSWORD)
    page.goto(f"/o/{org.slug}/")
    nav_to(page, "Strategie", "Mag ik deze tool gebruiken?")
    page.get_by_label("Tool", exact=True).fill("chatgpt enterprise")
    page.get_by_label("Soort gegevens").select_option(label="Intern")
    page.get_by_role("button", name="Vragen").click()
    answer = page.locator(".checker-answer")
    assert answer.get_attribute("data-answer") == "conditional"
    assert "Ja, onder een voorwaarde: ChatGPT Enterprise" in answer.inner_text()
    assert "Alleen zonder persoonsgegevens" in answer.inner_text()
    assert "4.2" in answer.inner_text()
    page.screenshot(path=str(screenshot_dir / "checker-answer.png"), full_page=True)
    answer.get_by_role("link", name="Onderdeel 4.2 van het AI-beleid lezen").click()
    assert page.locator(":target h3").inner_text() == "4.2. Persoonsgegevens en de AVG"
    page.go_back()

    page.get_by_label("Tool", exact=True).fill("Perplexity")
    page.get_by_label("Soort gegevens").select_option(label="Openbaar")
    page.get_by_role("button", name="Vragen").click()
    assert "Nog niet goedgekeurd — vraag het programmateam" in page.locator("main").inner_text()
    page.get_by_label("Waarvoor wil je de tool gebruiken? (niet verplicht)").fill("Bronnen zoeken")
    page.get_by_role("button", name="Het programmateam vragen naar Perplexity").click()
    page.wait_for_load_state()
    assert "is naar het programmateam gestuurd" in page.locator("main").inner_text()
    request = ToolRequest.objects.get()
    assert (request.tool, request.data_class, request.purpose) == (
        "Perplexity",
        "public",
        "Bronnen zoeken",
    )

    page.context.clear_cookies()
    log_in(page, email=lead.email, password=PASSWORD)
    page.goto(f"/o/{org.slug}/strategy/checker/requests/")
    page.get_by_label("Antwoord").fill("Ja, voor openbare bronnen.")
    page.get_by_role("button", name="Antwoord versturen").click()
    page.wait_for_load_state()
    assert "Je antwoord is per e-mail verstuurd." in page.locator("main").inner_text()
    request.refresh_from_db()
    assert request.status == ToolRequest.Status.ANSWERED
