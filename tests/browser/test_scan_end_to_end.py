"""The whole readiness scan in the browser: a facilitator starts a scan from Koers's own
instrument, invites one department, its people answer on their phones, the heat map and the
leadership-vs-staff gap fill in as the answers come, the facilitator closes the wave and
downloads the board report as a PDF."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from koers.diagnostic.instruments.loader import load_default_scan
from koers.diagnostic.instruments.schema import (
    LikertQuestion,
    MatrixQuestion,
    MultipleChoiceQuestion,
    Scale10Question,
    SingleChoiceQuestion,
    TextQuestion,
)
from koers.diagnostic.models import Response, ScanSettings, Wave
from koers.orgs.models import Role
from koers.testing.factories import PASSWORD, make_member, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/s/[\w-]+/\S*")
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def acme() -> dict[str, Any]:
    org = make_org("Gemeente Acme", departments=("Burgerzaken", "Financiën"))
    ScanSettings.objects.create(organisation=org, min_respondents=3)
    facilitator = make_member(org, Role.LEAD)
    desk = org.departments.get(name="Burgerzaken")
    leaders = [make_member(org, Role.LEAD, department=desk) for _ in range(3)]
    staff = [make_member(org, Role.MEMBER, department=desk) for _ in range(3)]
    make_member(org, Role.MEMBER, department=org.departments.get(name="Financiën"))
    return {"org": org, "facilitator": facilitator, "leaders": leaders, "staff": staff}


def _answer_on_a_phone(browser: Any, base_url: str, link: str, strength: int) -> None:
    """Open a personal link on a phone and answer every question; barrier statements with
    ``strength`` (1-5)."""
    context = browser.new_context(
        base_url=base_url, locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(link)
    for question in load_default_scan().questions():
        block = page.locator(f"#q-{question.id}")
        if isinstance(question, LikertQuestion):
            block.locator(f'input[value="{strength}"]').check()
        elif isinstance(question, MultipleChoiceQuestion) or (
            isinstance(question, SingleChoiceQuestion) and not question.evangelist_opt_in
        ):
            block.locator("input").first.check()
        elif isinstance(question, MatrixQuestion):
            for row in block.locator(".scan-row").all():
                row.locator("input").first.check()
        elif isinstance(question, Scale10Question):
            block.locator('input[value="7"]').check()
        elif isinstance(question, TextQuestion):
            block.locator("textarea").fill("Vergaderverslagen samenvatten.")
    page.locator('button[value="submit"]').click()
    page.locator(".scan-thanks").wait_for()
    context.close()


def _links_by_person() -> dict[str, str]:
    found = {}
    for message in mail.outbox:
        match = LINK.search(message.body)
        assert match, message.body
        found[message.to[0]] = match.group(0)
    return found


def test_a_facilitator_runs_a_scan_from_start_to_board_report(
    page: Any, browser: Any, live_server: Any, acme: dict[str, Any], log_in: Any,
    screenshot_dir: Path,
) -> None:  # fmt: skip
    org = acme["org"]
    log_in(page, email=acme["facilitator"].email, password=PASSWORD)

    # Start from Koers's own scan and make a wave for Burgerzaken.
    page.goto(f"/o/{org.slug}/scans/")
    page.locator('.scan-empty button[value="scan"]').click()
    page.goto(f"/o/{org.slug}/scans/")
    page.locator("a", has_text="Start a wave").first.click()
    page.locator('input[name="name"]').fill("Nulmeting")
    page.locator('input[name="audience"][value="departments"]').check()
    page.get_by_label("Burgerzaken").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/new/" not in url)
    wave = Wave.objects.get(organisation=org)

    # Open it and send the invitations: one e-mail with a personal link per person there.
    page.locator(f'form[action$="/waves/{wave.pk}/open/"] button').click()
    page.locator(f'form[action$="/waves/{wave.pk}/invite/"] button').click()
    page.wait_for_load_state()
    links = _links_by_person()
    assert sorted(links) == sorted(p.email for p in acme["leaders"] + acme["staff"])

    results = f"/o/{org.slug}/scans/waves/{wave.pk}/results/"
    # The staff answer first. While the wave is open there are no figures, only who answered;
    # the lead switches on live results, which move in steps of k (3) per group.
    for person in acme["staff"]:
        _answer_on_a_phone(browser, live_server.url, links[person.email], strength=4)
    page.goto(results)
    assert page.locator("#withheld").count() == 1 and page.locator("#heatmap").count() == 0
    page.locator("#withheld button[type=submit]").click()
    page.wait_for_load_state()
    # The staff are one step; the leaders, and with them the gap, are not shown yet.
    assert page.locator("#gap tbody .results-suppressed").count() == 7
    # The leaders answer: now both groups have three answers, a step each.
    for person in acme["leaders"]:
        _answer_on_a_phone(browser, live_server.url, links[person.email], strength=2)
    assert Response.objects.filter(wave=wave).count() == 6

    page.goto(results)
    heat_row = page.locator("#heatmap tbody tr", has_text="Burgerzaken")
    assert heat_row.locator(".results-suppressed").count() == 0
    assert heat_row.locator("td").count() == 7
    assert page.locator("#heatmap svg").count() == 1
    assert page.locator("#gap tbody .results-suppressed").count() == 0
    assert page.locator("#gap svg").count() == 1
    # Financiën was not invited: it is not a row of the heat map at all.
    assert page.locator("#heatmap tbody tr", has_text="Financiën").count() == 0
    page.screenshot(path=str(screenshot_dir / "scan-end-to-end-results.png"), full_page=True)

    # Close the wave: the links stop working.
    page.goto(f"/o/{org.slug}/scans/waves/{wave.pk}/")
    page.locator(f'form[action$="/waves/{wave.pk}/close/"] button').click()
    page.wait_for_load_state()
    wave.refresh_from_db()
    assert wave.status == Wave.Status.CLOSED

    # The board report, and its PDF.
    page.goto(f"/o/{org.slug}/scans/waves/{wave.pk}/report/")
    assert "Nulmeting" in page.locator("main").inner_text()
    with page.expect_download() as download:  # through the "the PDF is being made" page
        page.locator('a[href$="report/pdf/"]').first.click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
