"""The starter catalogue in a real browser, in Dutch: a member of HR opens the empty backlog, sees
the twenty common uses with their peer adoption and adds one for HR with one click."""

from __future__ import annotations

from typing import Any

import pytest

from koers.backlog.models.usecases import UseCase
from koers.orgs.models import Organisation, Role
from koers.testing.factories import PASSWORD, make_member, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gemeente() -> Organisation:
    return make_org("Gemeente Oosterhout", departments=("Burgerzaken", "HR"))


def test_a_member_adds_a_common_use_to_the_empty_backlog_for_their_department(
    dutch_tab: Any, log_in: Any, gemeente: Organisation, screenshot_dir: Any
) -> None:
    hr = gemeente.departments.get(name="HR")
    member = make_member(gemeente, Role.MEMBER, department=hr)
    tab = dutch_tab()
    log_in(tab, email=member.email, password=PASSWORD)
    tab.goto(f"/o/{gemeente.slug}/")

    catalogue = tab.get_by_role(
        "region", name="Startcatalogus: wat andere organisaties al gebruiken"
    )
    use = catalogue.locator("li").filter(has_text="Vergaderingen uitschrijven en samenvatten")
    assert "34 van de 44 overheidsdiensten gebruiken dit al" in use.inner_text()
    assert catalogue.get_by_label("Toevoegen voor de afdeling").input_value() == str(hr.pk)
    tab.screenshot(path=str(screenshot_dir / "starter-catalogue.png"), full_page=True)
    use.get_by_role("button", name="Aan de backlog toevoegen").click()

    tab.get_by_role("heading", name="Vergaderingen uitschrijven en samenvatten").wait_for()
    usecase = UseCase.objects.get()
    assert tab.url.endswith(f"/usecases/{usecase.pk}/")
    assert list(usecase.departments.all()) == [hr]
    assert usecase.source == {"starter": "meeting_notes"}

    tab.goto(f"/o/{gemeente.slug}/backlog/quadrant/")
    catalogue = tab.get_by_role(
        "region", name="Startcatalogus: wat andere organisaties al gebruiken"
    )
    use = catalogue.locator("li").filter(has_text="Vergaderingen uitschrijven en samenvatten")
    assert f"In de backlog: {usecase.reference} HR" in use.inner_text()
    tab.screenshot(path=str(screenshot_dir / "starter-catalogue-quick-wins.png"), full_page=True)
