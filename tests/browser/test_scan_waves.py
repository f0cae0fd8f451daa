"""A facilitator runs a scan wave in the browser: makes it for one department, opens it, sends
the invitations, and prints a shared link for the department's poster."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from koers.diagnostic import services
from koers.diagnostic.models import Invitation, SharedLink, Wave
from koers.orgs.models import Role
from koers.testing.factories import PASSWORD, ctx_for, make_member, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def acme() -> dict[str, Any]:
    org = make_org("Gemeente Acme", departments=("Burgerzaken", "Financiën"))
    lead = make_member(org, Role.LEAD)
    for _ in range(3):
        make_member(org, department=org.departments.get(name="Burgerzaken"))
    make_member(org, department=org.departments.get(name="Financiën"))
    version = services.instrument_copy_shipped(ctx_for(lead, org), kind="scan").versions.get()
    return {"org": org, "lead": lead, "version": version}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_facilitator_starts_opens_and_invites_a_wave(
    page: Any, acme: dict[str, Any], log_in: Any, screenshot_dir: Any, language: str
) -> None:
    org, lead, version = acme["org"], acme["lead"], acme["version"]
    lead.language = language
    lead.save()
    log_in(page, email=lead.email, password=PASSWORD)
    page.goto(f"/o/{org.slug}/scans/waves/new/?version={version.pk}")
    page.screenshot(path=str(screenshot_dir / f"wave-new-{language}.png"), full_page=True)

    page.locator('input[name="name"]').fill("Voorjaar")
    page.locator('input[name="audience"][value="departments"]').check()
    page.get_by_label("Burgerzaken").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/new/" not in url)
    wave = Wave.objects.get()

    page.locator(f'form[action$="/waves/{wave.pk}/open/"] button').click()
    page.locator(f'form[action$="/waves/{wave.pk}/invite/"] button').click()
    page.wait_for_load_state()
    assert Invitation.objects.filter(wave=wave).count() == 3 and len(mail.outbox) == 3
    page.screenshot(path=str(screenshot_dir / f"wave-{language}.png"), full_page=True)

    page.locator(f'form[action$="/waves/{wave.pk}/links/new/"] button').click()
    page.wait_for_url(lambda url: "/print/" in url)
    assert page.locator(".shared-poster-qr svg").count() == 1
    url = page.locator(".shared-poster-url a").inner_text()
    page.screenshot(path=str(screenshot_dir / f"wave-shared-link-{language}.png"), full_page=True)

    link = SharedLink.objects.get()
    assert link.token_hash == services.token_hash(url.rstrip("/").rsplit("/", 1)[1])
