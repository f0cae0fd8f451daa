"""Voice in the browser: an employee reads "you said, we did" and says "me too"; the lead looks
at the themes and the dashboard (screenshots in English and Dutch)."""

from __future__ import annotations

import pytest

from koers.orgs.models import Role
from koers.testing.factories import PASSWORD, ctx_for, make_member, make_org, make_user
from koers.voice import services
from koers.voice.services import themes
from koers.voice.tests.themes_helpers import concern

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORRIES = [
    "Ik ben bang dat AI mijn baan in het klantcontact overneemt.",
    "Verdwijnt mijn functie als de chatbot de vragen beantwoordt?",
    "Worden er banen geschrapt door automatisering met AI?",
    "Onze klantgegevens gaan zonder privacycheck de chatbot in.",
    "Wie ziet de gegevens die we in de AI-assistent typen?",
]


def test_employee_and_lead_see_themes_answers_and_me_too(page, log_in, screenshot_dir):
    org = make_org("Gemeente Koers", departments=("Burgerzaken", "Financiën"))
    lead = make_member(org, Role.LEAD, user=make_user("lead@koers.test", name="Lea Lead"))
    employee = make_member(org, Role.MEMBER, user=make_user("em@koers.test", name="Emma"))
    burgerzaken = org.departments.get(name="Burgerzaken")
    items = [
        concern(
            org,
            text,
            category="privacy" if "gegevens" in text else "job_security",
            department=burgerzaken,
            publish=lead,
        )
        for text in WORRIES
    ]
    action = services.action_create(
        ctx_for(lead, org), kind="training", title="Training AI in je werk"
    )
    themes.themes_recompute(org)
    items[0].refresh_from_db()
    services.answer_save(
        ctx_for(lead, org),
        theme=items[0].theme,
        body="Niemand verliest zijn baan door AI; we scholen iedereen.",
        action_ids=[action.pk],
    )

    log_in(page, email=employee.email, password=PASSWORD)
    page.goto(f"/o/{org.slug}/voice/")
    assert "Niemand verliest zijn baan" in page.content()
    page.get_by_role("button", name="Me too").first.click()
    assert "1 person says" in page.content()
    page.screenshot(path=str(screenshot_dir / "voice-said-did-en.png"), full_page=True)
    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_load_state()
    assert "Jullie vroegen, wij deden" in page.content() or "You said" in page.content()
    page.screenshot(path=str(screenshot_dir / "voice-said-did-nl.png"), full_page=True)

    page.context.clear_cookies()
    log_in(page, email=lead.email, password=PASSWORD)
    for name in ("themes", "dashboard", "digest"):
        page.goto(f"/o/{org.slug}/voice/{name}/")
        page.screenshot(path=str(screenshot_dir / f"voice-{name}.png"), full_page=True)
    page.goto(f"/o/{org.slug}/voice/themes/{items[0].theme_id}/")
    page.screenshot(path=str(screenshot_dir / "voice-theme.png"), full_page=True)
