"""Building a scan in the browser, in Dutch: a programme lead copies Koers's readiness scan, adds
a statement that measures a barrier and a choice question, and previews the questionnaire as a
respondent sees it. The steps find buttons by their form values, not their words, so the test
reads the same whatever the state of the Dutch catalogue.
"""

from __future__ import annotations

from typing import Any

import pytest

from koers.diagnostic.instruments.schema import Instrument as Scan
from koers.diagnostic.models import Instrument
from koers.orgs.models import Role
from koers.testing.factories import PASSWORD, make_member, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


def _add_question(page: Any, section: str, kind: str) -> None:
    adder = page.locator(f"#s-{section} form.scan-add-question")
    adder.locator('select[name="type"]').select_option(kind)
    adder.locator('button[type="submit"]').click()
    page.wait_for_url("**/question/?*")


def _save(page: Any) -> None:
    page.locator('main form button[type="submit"]').click()
    page.wait_for_url("**/instruments/*/#q-*")


def test_a_lead_builds_on_koers_scan_in_dutch_and_previews_it(
    page: Any, log_in: Any, screenshot_dir: Any
) -> None:
    acme = make_org("Gemeente Acme", departments=("Burgerzaken",))
    lead = make_member(acme, Role.LEAD)
    lead.language = "nl"
    lead.save(update_fields=["language"])
    log_in(page, email=lead.email, password=PASSWORD)

    page.goto(f"/o/{acme.slug}/scans/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.screenshot(path=str(screenshot_dir / "scan-home-empty.png"), full_page=True)
    page.locator('.scan-empty button[name="kind"][value="scan"]').click()
    page.get_by_role("heading", name="GenAI-scan: waar staan we?", level=1).wait_for()
    instrument = Instrument.objects.get(organisation=acme)

    _add_question(page, "people_and_skills", "likert5")
    page.fill("#id_text_nl", "Ik weet niet waar ik met AI moet beginnen.")
    page.fill("#id_text_en", "I don't know where to start with AI.")
    page.select_option("#id_barrier", "talent_shortage")
    page.check("#id_dont_know")
    page.screenshot(path=str(screenshot_dir / "scan-builder-question.png"), full_page=True)
    _save(page)
    page.locator("#q-i_dont_know_where_to_start").wait_for()
    assert "Ik weet niet waar ik met AI moet beginnen." in page.locator("main").inner_text()

    _add_question(page, "usage_today", "single")
    page.fill("#id_text_nl", "Heb je al een AI-training gevolgd?")
    page.fill("#id_text_en", "Have you taken an AI training yet?")
    page.fill("#id_options", "Ja | Yes\nNee | No")
    page.locator('main form button[type="submit"]').click()
    # Left unticked: the choice question is optional; either way the save goes through.
    page.wait_for_url("**/instruments/*/#q-*")
    page.screenshot(path=str(screenshot_dir / "scan-builder.png"), full_page=True)

    scan = Scan.model_validate(instrument.versions.get().definition)
    added = {q.id: q for q in scan.questions()}
    assert added["i_dont_know_where_to_start"].barrier == "talent_shortage"
    assert [o.id for o in added["have_you_taken_an_ai_training"].options] == ["yes", "no"]
    assert scan.barrier_coverage()["talent_shortage"] == 5

    page.locator(f'a[href="/o/{acme.slug}/scans/instruments/{instrument.pk}/preview/"]').click()
    page.get_by_role("heading", name="GenAI-scan: waar staan we?", level=1).wait_for()
    preview = page.locator(".scan-preview")
    assert preview.get_by_text("Heb je al een AI-training gevolgd?").is_visible()
    assert preview.get_by_text("Ik weet niet waar ik met AI moet beginnen.").is_visible()
    assert preview.locator('button[type="submit"]').count() == 0
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    page.screenshot(path=str(screenshot_dir / "scan-builder-preview.png"))
