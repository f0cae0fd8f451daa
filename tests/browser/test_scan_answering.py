"""Answering the readiness scan on a phone, in Dutch: someone opens their link at 375 px wide,
saves halfway, comes back, answers the shipped scan and sees the thank-you page, without the page
ever scrolling sideways.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from koers.core import clock
from koers.diagnostic import services
from koers.diagnostic.instruments.loader import load_default_scan
from koers.diagnostic.instruments.schema import (
    LikertQuestion,
    MatrixQuestion,
    MultipleChoiceQuestion,
    Scale10Question,
    SingleChoiceQuestion,
    TextQuestion,
)
from koers.diagnostic.models import Invitation, Nomination, Response, Wave
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


@pytest.fixture
def link() -> tuple[str, Any]:
    acme = make_org("Gemeente Acme", departments=("Burgerzaken",))
    lead = make_member(acme, Role.LEAD)
    respondent = make_member(acme, Role.MEMBER, department=acme.departments.get())
    ctx = ctx_for(lead, acme)
    instrument = services.instrument_copy_shipped(ctx, kind="scan")
    today = clock.today()
    wave = services.wave_create(
        ctx,
        version=instrument.versions.get(),
        name="Voorjaar",
        opens_on=today,
        closes_on=today + dt.timedelta(days=14),
    )
    Wave.objects.filter(pk=wave.pk).update(status=Wave.Status.OPEN)
    issued = dict(
        (inv.membership.user, token) for inv, token in services.invitations_issue(ctx, wave=wave)
    )
    return f"/s/{issued[respondent]}/", respondent


def _choose(page: Any, question_id: str, label: str) -> None:
    page.locator(f"#q-{question_id}").get_by_text(label, exact=True).first.click()


def test_someone_answers_the_scan_on_a_phone_in_dutch(
    phone_page: Any, link: tuple[str, Any], screenshot_dir: Any
) -> None:
    url, respondent = link
    page = phone_page
    page.goto(url + "?lang=nl")
    page.get_by_role("heading", name="GenAI-scan: waar staan we?").wait_for()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    page.screenshot(path=str(screenshot_dir / "scan-answer-phone.png"))
    parts = len(load_default_scan().sections)
    bars = page.get_by_role("progressbar")
    assert bars.count() == parts  # where each part stands, told to screen readers too
    assert bars.first.get_attribute("aria-labelledby") == "section-1-progress"
    named = page.get_by_role("progressbar", name=re.compile(f"^Deel {parts} van {parts} "))
    assert named.count() == 1
    page.locator("#section-3").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "scan-progress-phone.png"))

    page.locator('button[value="submit"]').click()  # too early: nothing answered yet
    summary = page.locator(".scan-error-summary")
    summary.wait_for()
    first = next(iter(load_default_scan().questions()))
    summary.get_by_role("link", name=first.text.nl).click()
    assert page.locator(f"#q-{first.id} .errorlist").is_visible()
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    page.screenshot(path=str(screenshot_dir / "scan-errors-phone.png"))
    assert not Response.objects.exists()

    scan = load_default_scan()
    questions = list(scan.questions())
    half = len(questions) // 2
    for index, question in enumerate(questions):
        if index == half:  # save halfway and come back to the same link
            page.locator('button[value="save"]').click()
            page.locator(".messages .success").wait_for()
            assert Invitation.objects.get(membership__user=respondent).draft
            page.goto(url)
            page.locator(f"#q-{questions[0].id} input:checked").wait_for()
        if isinstance(question, LikertQuestion):
            _choose(page, question.id, question.labels[3].nl)
        elif isinstance(question, SingleChoiceQuestion):
            chosen = "yes" if question.evangelist_opt_in else None
            option = next((o for o in question.options if o.id == chosen), question.options[0])
            _choose(page, question.id, option.label.nl)
        elif isinstance(question, MultipleChoiceQuestion):
            _choose(page, question.id, question.options[0].label.nl)
        elif isinstance(question, MatrixQuestion):
            for row in page.locator(f"#q-{question.id} .scan-row").all():
                row.locator(".scan-option").first.click()
        elif isinstance(question, Scale10Question):
            _choose(page, question.id, "7")
        elif isinstance(question, TextQuestion):
            page.locator(f"#q-{question.id} textarea").fill("Notulen maken kost veel tijd.")
    assert not page.evaluate(SCROLLS_SIDEWAYS)

    page.locator('button[value="submit"]').click()

    page.wait_for_url(re.compile(re.escape(url) + "$"))
    page.locator("h1").wait_for()
    assert page.locator(".scan-thanks").count() == 1
    assert "Gemeente Acme" in page.locator("header").inner_text()
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    page.screenshot(path=str(screenshot_dir / "scan-thanks-phone.png"), full_page=True)
    response = Response.objects.get()
    assert response.language == "nl"
    assert len(response.answers) == len(questions) - 1  # all but the opt-in
    assert Nomination.objects.get().membership.user == respondent
