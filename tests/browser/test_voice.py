"""Voice in the browser, in Dutch: an employee raises an anonymous concern that names a colleague
and an e-mail address and notes the case code; the programme lead sees both redacted in the
proposed public text, publishes, answers and links an action; the employee, in a fresh browser
without logging in, reads the answer with the case code and replies; everyone's "you said, we
did" page shows the redacted text. And the public link: a poster, and its form without an
account."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from koers.orgs.models import Role
from koers.testing.factories import PASSWORD, make_member, make_org, make_user
from koers.voice import ratelimit
from koers.voice.models import Action, Item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONCERN = (
    "Ik hoorde van Pieter de Vries dat de klantenservice wordt vervangen door een chatbot. "
    "Mail hem maar op pieter.devries@acme.nl. Ik ben bang dat mijn baan verdwijnt."
)
ANSWER = "Niemand verliest zijn baan door de chatbot. We trainen het hele team."
REPLY = "Dank je. Wanneer begint die training?"


def _dutch(user: Any) -> Any:
    user.language = "nl"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def acme() -> dict[str, Any]:
    org = make_org("Gemeente Acme", departments=("Klantenservice", "Financiën"))
    desk = org.departments.get(name="Klantenservice")
    make_member(org, Role.MEMBER, user=make_user("pieter@acme.example", name="Pieter de Vries"))
    employee = _dutch(make_member(org, Role.MEMBER, department=desk))
    lead = _dutch(make_member(org, Role.LEAD))
    return {"org": org, "employee": employee, "lead": lead}


def _context(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(15_000)
    return context


def _submit(page: Any, form: str) -> None:
    page.locator(form).locator('button[type="submit"]').first.click()
    page.wait_for_load_state()


def test_an_anonymous_concern_from_raising_to_the_answer(
    browser: Any, live_server: Any, log_in: Any, screenshot_dir: Path, acme: dict[str, Any]
) -> None:
    slug = acme["org"].slug

    # The employee raises an anonymous concern in Dutch and notes the case code.
    employee = _context(browser, live_server).new_page()
    log_in(employee, email=acme["employee"].email, password=PASSWORD)
    employee.goto(f"/o/{slug}/voice/new/")
    assert employee.locator("html").get_attribute("lang") == "nl"
    form = "form.voice-raise"
    employee.locator(f'{form} [name="text"]').fill(CONCERN)
    anonymous = employee.locator(f'{form} input[name="anonymous"]')
    if not anonymous.is_checked():
        anonymous.check()
    _submit(employee, form)  # the check step suggests a category
    assert employee.locator(f'{form} [name="category"]').input_value() == "job_security"
    employee.screenshot(path=str(screenshot_dir / "voice-raise-nl.png"), full_page=True)
    _submit(employee, form)
    code = employee.locator("[data-case-code]").inner_text().strip()
    assert code.startswith("KV-")
    employee.screenshot(path=str(screenshot_dir / "voice-case-code-nl.png"), full_page=True)
    employee.context.close()

    # The lead moderates: the name and the e-mail address are redacted in the proposal.
    item = Item.objects.get(organisation=acme["org"])
    assert item.author is None
    lead = _context(browser, live_server).new_page()
    log_in(lead, email=acme["lead"].email, password=PASSWORD)
    lead.goto(f"/o/{slug}/voice/moderate/")
    lead.goto(f"/o/{slug}/voice/items/{item.ref}/")
    proposed = lead.locator('form[action$="/publish/"] [name="public_text"]').input_value()
    assert "Pieter" not in proposed and "pieter.devries@acme.nl" not in proposed
    assert "chatbot" in proposed
    lead.screenshot(path=str(screenshot_dir / "voice-moderate-nl.png"), full_page=True)
    _submit(lead, 'form[action$="/publish/"]')
    item.refresh_from_db()
    assert item.status == "published" and "Pieter" not in item.public_text

    lead.locator('form[action$="/answer/"] [name="body"]').fill(ANSWER)
    _submit(lead, 'form[action$="/answer/"]')
    lead.locator("details.voice-new-action summary").click()
    action_form = 'form[action$="/action/"]'
    lead.locator(f'{action_form} [name="kind"]').select_option("training")
    lead.locator(f'{action_form} [name="title"]').fill("AI-training voor de klantenservice")
    _submit(lead, action_form)
    action = Action.objects.get(organisation=acme["org"])
    assert list(item.answers.get().actions.all()) == [action]
    lead.screenshot(path=str(screenshot_dir / "voice-answered-nl.png"), full_page=True)
    lead.context.close()

    # The employee, in a fresh browser and without logging in, reads the answer and replies.
    anonymous_page = _context(browser, live_server).new_page()
    anonymous_page.goto("/v/case/")
    anonymous_page.locator('input[name="code"]').fill(code)
    _submit(anonymous_page, 'form:has(input[name="code"])')
    assert ANSWER in anonymous_page.content()
    assert "AI-training voor de klantenservice" in anonymous_page.content()
    reply_form = 'form:has(input[name="action"][value="reply"])'
    anonymous_page.locator(f'{reply_form} [name="body"]').fill(REPLY)
    _submit(anonymous_page, reply_form)
    assert REPLY in anonymous_page.content()
    assert item.replies.get(from_submitter=True).author is None
    anonymous_page.screenshot(path=str(screenshot_dir / "voice-case-nl.png"), full_page=True)
    anonymous_page.context.close()

    # Everyone's "you said, we did" page shows the redacted text and the answer.
    reader = _context(browser, live_server).new_page()
    log_in(reader, email=acme["employee"].email, password=PASSWORD)
    reader.goto(f"/o/{slug}/voice/")
    body = reader.locator("main").inner_text()
    assert "chatbot" in body and ANSWER in body
    assert "Pieter" not in body and "pieter.devries" not in body
    reader.screenshot(path=str(screenshot_dir / "voice-said-did-nl.png"), full_page=True)
    reader.context.close()


def test_the_public_link_takes_a_concern_without_an_account(
    browser: Any,
    live_server: Any,
    log_in: Any,
    screenshot_dir: Path,
    acme: dict[str, Any],
    clock: Any,
) -> None:
    slug = acme["org"].slug
    lead = _context(browser, live_server).new_page()
    log_in(lead, email=acme["lead"].email, password=PASSWORD)
    lead.goto(f"/o/{slug}/voice/links/")
    lead.locator('[name="quota_per_hour"]').fill("20")
    _submit(lead, 'form:has([name="quota_per_hour"])')
    url = lead.locator('[data-testid="voice-link"]').inner_text().strip()
    assert "/v/l/" in url
    lead.locator("svg").first.wait_for()
    lead.screenshot(path=str(screenshot_dir / "voice-link-poster-nl.png"), full_page=True)
    lead.goto(f"/o/{slug}/voice/links/")
    lead.screenshot(path=str(screenshot_dir / "voice-links-nl.png"), full_page=True)
    lead.context.close()

    visitor = _context(browser, live_server).new_page()
    visitor.goto(url)
    assert visitor.locator("html").get_attribute("lang") == "nl"
    # The honeypot is there for bots, not for people.
    box = visitor.locator('input[name="website"]').bounding_box()
    assert box is not None and box["x"] + box["width"] <= 0
    visitor.locator('textarea[name="text"]').fill("Wie helpt ons team met AI voor verslagen?")
    visitor.locator('input[name="kind"][value="help"]').check()
    visitor.screenshot(path=str(screenshot_dir / "voice-link-form-nl.png"), full_page=True)
    # A person takes longer than the form stamp's minimum (the server reads the test's clock).
    clock.advance(seconds=ratelimit.MIN_SECONDS + 1)
    _submit(visitor, "main form")
    code = visitor.locator('[data-testid="case-code"]').inner_text().strip()
    assert code.startswith("KV-")
    visitor.screenshot(path=str(screenshot_dir / "voice-link-thanks-nl.png"), full_page=True)
    item = Item.objects.get(organisation=acme["org"])
    assert item.kind == "help" and item.author is None
