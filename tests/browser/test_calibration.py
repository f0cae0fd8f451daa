"""The leadership calibration quiz on a phone, in Dutch: a programme lead opens the round at
375 px wide, answers every statement with the radio buttons, and sees their own result with the
correct answers and sources, without the page ever scrolling sideways.
"""

from __future__ import annotations

from typing import Any

import pytest

from koers.core import clock
from koers.diagnostic.instruments.loader import load_calibration
from koers.diagnostic.models import CalibrationAnswer
from koers.diagnostic.services import calibration as services
from koers.orgs.models import Role
from koers.testing.factories import PASSWORD, ctx_for, make_member, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


def test_a_lead_answers_the_quiz_in_dutch_on_a_phone_and_sees_their_result(
    phone_page: Any, log_in: Any, screenshot_dir: Any
) -> None:
    acme = make_org("Gemeente Acme")
    admin = make_member(acme, Role.ADMIN)
    lead = make_member(acme, Role.LEAD, user=make_user("lead@acme.example", name="Pieter"))
    lead.language = "nl"
    lead.save(update_fields=["language"])
    started = services.round_start(ctx_for(admin, acme), name="Voorjaar", closes_on=clock.today())
    quiz = load_calibration()
    page = phone_page
    log_in(page, email="lead@acme.example", password=PASSWORD)

    page.goto(f"/o/{acme.slug}/calibration/{started.pk}/")
    page.get_by_role("heading", name=quiz.title.nl).wait_for()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    page.screenshot(path=str(screenshot_dir / "calibration-quiz-phone.png"))

    submit = page.locator(".calibration-quiz button[type=submit]")
    submit.click()  # nothing answered yet
    page.locator(".scan-error-summary").wait_for()
    assert not CalibrationAnswer.objects.exists()

    # Right on everything except the first true statement, taken for impossible.
    underestimated = next(s for s in quiz.statements if s.answer)
    for statement in quiz.statements:
        value = "true" if statement.answer else "false"
        if statement is underestimated:
            value = "unsure"
        page.locator(f'#s-{statement.id} label:has(input[value="{value}"])').click()
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    submit.click()

    result = page.locator("#result")
    result.wait_for()
    total = len(quiz.statements)
    assert f"{total - 1} van {total} goed" in result.locator(".calibration-figures").inner_text()
    assert underestimated.source.nl in result.inner_text()
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    page.screenshot(path=str(screenshot_dir / "calibration-result-phone.png"), full_page=True)
    stored = CalibrationAnswer.objects.get(membership__user=lead)
    assert stored.answers[underestimated.id] == "unsure"
