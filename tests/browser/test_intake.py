"""Duplicate search at intake, in a real browser: someone starts typing an idea that is already
in the register, Koers suggests the existing one with the words they share, and they support it
instead of submitting a copy.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from koers.backlog.models.usecases import UseCase
from koers.backlog.services.usecases import usecase_vote
from koers.orgs.models import Organisation, Role
from koers.testing.factories import PASSWORD, ctx_for, make_member, make_org, make_usecase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def acme() -> Organisation:
    return make_org("Acme", departments=("Finance", "Procurement"))


def test_it_suggests_an_existing_use_case_and_the_person_supports_it_instead(
    page: Any, log_in: Any, acme: Organisation, screenshot_dir: Any
) -> None:
    existing = make_usecase(
        acme,
        title="Match supplier invoices to purchase orders",
        problem="Accounts payable matches every supplier invoice to its purchase order by hand.",
        solution="A model proposes the matching purchase order for each invoice.",
    )
    make_usecase(
        acme,
        title="Summarise council meeting minutes",
        problem="Writing up the minutes of every meeting takes the clerk hours.",
    )
    usecase_vote(ctx_for(make_member(acme), acme), usecase=existing)
    employee = make_member(acme, Role.MEMBER)
    usecases_before = UseCase.objects.count()

    log_in(page, email=employee.email, password=PASSWORD)
    page.goto(f"/o/{acme.slug}/usecases/new/")
    form = page.locator("#usecase-form")
    form.locator('[name="title"]').press_sequentially("Invoice matching", delay=20)
    form.locator('[name="problem"]').press_sequentially(
        "We match supplier invoices to purchase orders by hand every month.", delay=10
    )

    region = page.locator('[aria-live="polite"]')
    region.get_by_role("heading", name="Is yours one of these?").wait_for()
    suggestion = region.locator("li").filter(has_text=existing.title)
    assert existing.reference in suggestion.inner_text()
    terms = [t.strip().lower() for t in suggestion.locator(".term").all_inner_texts()]
    assert any("invoice" in term for term in terms), terms
    assert "council" not in region.inner_text().lower()
    page.screenshot(path=str(screenshot_dir / "intake-suggestions.png"), full_page=True)

    suggestion.get_by_role("button", name=re.compile("Support this one instead")).click()

    page.wait_for_url(re.compile(rf"/o/{acme.slug}/usecases/{existing.pk}/$"))
    assert page.locator(".messages").inner_text().strip() == (
        f"You support {existing.reference} now; no new use case was submitted."
    )
    assert page.locator('[aria-labelledby="support"] .votes').inner_text().strip() == "2"
    existing.refresh_from_db()
    assert existing.vote_count == 2
    assert existing.votes.filter(user=employee).exists()
    assert UseCase.objects.count() == usecases_before
