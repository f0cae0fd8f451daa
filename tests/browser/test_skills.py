"""The skills matrix in the browser, in Dutch and without JavaScript: an employee assesses their
skills; the programme lead sets a needed level and reads the gap heat map, where a department with
too few answers says so. A phone screen does not scroll sideways."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from koers.orgs.models import Role
from koers.strategy.models import SelfAssessmentAnswer
from koers.strategy.services.skills import self_assessment_submit, skill_catalogue_copy
from koers.testing.factories import PASSWORD, ctx_for, make_member, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _dutch(user: Any) -> Any:
    user.language = "nl"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def acme(clock: Any) -> dict[str, Any]:
    """Last quarter: six people of Klantenservice and five of Financiën answered; one of HR."""
    org = make_org("Gemeente Acme", departments=("Klantenservice", "Financiën", "HR"))
    org.language = "nl"
    org.save()
    lead = _dutch(make_member(org, Role.LEAD))
    skills = skill_catalogue_copy(ctx_for(lead, org))
    clock.set(dt.datetime(2026, 11, 2, 10, 0))
    for name, n, level in (("Klantenservice", 6, 1), ("Financiën", 5, 3), ("HR", 1, 4)):
        department = org.departments.get(name=name)
        for _ in range(n):
            person = make_member(org, Role.MEMBER, department=department)
            self_assessment_submit(ctx_for(person, org), levels={s.pk: level for s in skills})
    clock.set(dt.datetime(2027, 1, 12, 10, 0))
    employee = _dutch(make_member(org, Role.MEMBER, department=org.departments.get(name="HR")))
    return {"org": org, "lead": lead, "employee": employee}


def _context(browser: Any, live_server: Any, **options: Any) -> Any:
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False, **options
    )
    context.set_default_timeout(15_000)
    return context


def test_an_employee_assesses_and_the_lead_reads_the_gap(
    browser: Any, live_server: Any, log_in: Any, screenshot_dir: Path, acme: dict[str, Any]
) -> None:
    slug = acme["org"].slug
    context = _context(browser, live_server)
    page = context.new_page()
    log_in(page, email=acme["employee"].email, password=PASSWORD)
    page.goto(f"/o/{slug}/strategy/skills/")
    page.get_by_role("link", name="Jezelf inschatten").first.click()
    for fieldset in page.locator("main form fieldset").all():
        fieldset.locator('input[type="radio"]').nth(2).check()
    page.screenshot(path=str(screenshot_dir / "skills-self-assessment.png"), full_page=True)
    page.get_by_role("button", name="Antwoorden versturen").click()
    page.wait_for_load_state()
    assert "zonder je naam" in page.content()
    assert "Je hebt dit kwartaal ingevuld" in page.content()
    assert SelfAssessmentAnswer.objects.filter(level=2).count() == 6
    context.close()

    context = _context(browser, live_server)
    page = context.new_page()
    log_in(page, email=acme["lead"].email, password=PASSWORD)
    page.goto(f"/o/{slug}/strategy/skills/")
    page.get_by_role("link", name="Gewenst niveau instellen").click()
    page.locator('select[name="department"]').select_option(label="Klantenservice")
    page.get_by_role("button", name="Tonen").click()
    page.get_by_label("AI-geletterdheid").select_option("3")
    page.get_by_role("button", name="Opslaan").click()
    page.goto(f"/o/{slug}/strategy/skills/")
    heat_map = page.locator("svg").filter(has_text="Klantenservice")
    assert heat_map.count() == 1
    table = page.get_by_role("table").first
    assert "te weinig antwoorden" in table.inner_text()  # HR: one answer last quarter
    assert "kloof: 2,0" in table.inner_text()  # Klantenservice: needs 3, self-assessed 1
    page.screenshot(path=str(screenshot_dir / "skills.png"), full_page=True)
    context.close()


def test_the_skills_pages_fit_a_phone(
    browser: Any, live_server: Any, log_in: Any, acme: dict[str, Any]
) -> None:
    context = _context(browser, live_server, viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, email=acme["lead"].email, password=PASSWORD)
    for path in ("", "self-assessment/", "needed/", "catalogue/"):
        page.goto(f"/o/{acme['org'].slug}/strategy/skills/{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, path
    context.close()
