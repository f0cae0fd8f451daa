"""The main pages on a 375 px wide phone, in Dutch and in English: none scrolls sideways (tables
and charts scroll inside their box), no text in a chart is smaller than 12 px, and axe-core finds
nothing serious or critical on them.

axe-core comes with the ``axe-playwright-python`` wheel (its ``axe.min.js``); nothing is
downloaded. One demo organisation, one live server and one page load per page and language: the
width and the accessibility check read the same load."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from koers.backlog.models import UseCase
from koers.demo import DEMO_SLUG, demo_load
from koers.diagnostic.models import Wave
from koers.orgs.models import User
from koers.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375
# The impacts the check fails on; "moderate" and "minor" ones are left to people's judgement.
BLOCKING = {"serious", "critical"}
# The smallest text of the page's charts as drawn on the screen, in CSS pixels (of the texts
# shown: a closed <details> hides some); hypot: a turned text's scale is in b as well as a.
SMALLEST_CHART_TEXT = """Math.min(99, ...Array.from(document.querySelectorAll("svg text"))
    .filter((text) => text.getBoundingClientRect().width > 0)
    .map((text) => [parseFloat(getComputedStyle(text).fontSize), text.getScreenCTM()])
    .map(([size, drawn]) => size * Math.hypot(drawn.a, drawn.b)))"""


def _main_pages() -> list[str]:
    org = {"org_slug": DEMO_SLUG}
    usecases = UseCase.objects.filter(organisation__slug=DEMO_SLUG)
    usecase = usecases.order_by("pk").first()
    triaged = usecases.filter(triage__isnull=False).order_by("pk").first() or usecase
    wave = Wave.objects.filter(organisation__slug=DEMO_SLUG, status="closed").order_by("pk").last()
    assert usecase and triaged and wave
    return [
        reverse("home:start", kwargs=org),
        reverse("backlog:list", kwargs=org),
        reverse("backlog:detail", kwargs={**org, "pk": usecase.pk}),
        reverse("backlog:quadrant", kwargs=org),
        reverse("backlog:themes", kwargs=org),
        reverse("diagnostic:results", kwargs={**org, "pk": wave.pk}),
        reverse("triage:usecase", kwargs={**org, "pk": triaged.pk}),
        reverse("triage:portfolio", kwargs=org),
        reverse("voice:said_did", kwargs=org),
        reverse("voice:themes", kwargs=org),
        reverse("voice:dashboard", kwargs=org),
        reverse("voice:moderate", kwargs=org),
        reverse("strategy:home", kwargs=org),
        reverse("strategy:vision", kwargs=org),
        reverse("strategy:policy_read", kwargs=org),
        reverse("strategy:checker", kwargs=org) + "?tool=DeepL&data_class=personal",
        reverse("strategy:scenarios", kwargs=org),
        reverse("strategy:skills", kwargs=org),
        reverse("people", kwargs=org),
        reverse("departments", kwargs=org),
    ]


def _findings(axe: Any, tab: Any) -> list[str]:
    results = axe.run(tab).response
    return [
        f"{tab.url}: {violation['id']} ({violation['impact']}) at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_the_main_pages_fit_a_phone_and_pass_axe_in_dutch_and_english(phone_page, log_in):
    from axe_playwright_python.sync_playwright import Axe

    demo_load()
    admin = User.objects.get(email="admin@demo.example")
    admin.set_password(PASSWORD)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    pages = _main_pages()
    axe = Axe()
    log_in(phone_page, email=admin.email, password=PASSWORD)

    too_wide: list[str] = []
    shrunk: list[str] = []
    findings: list[str] = []
    for language in ("nl", "en"):
        User.objects.filter(pk=admin.pk).update(language=language)
        for path in [*pages, "/o/no-such-organisation/"]:
            response = phone_page.goto(path)
            assert response.status == (404 if "no-such" in path else 200), path
            assert phone_page.locator("html").get_attribute("lang") == language, path
            width = phone_page.evaluate("document.scrollingElement.scrollWidth")
            if width > PHONE:
                too_wide.append(f"{language} {path}: {width} px")
            if (smallest := phone_page.evaluate(SMALLEST_CHART_TEXT)) < 11.95:  # rounding
                shrunk.append(f"{language} {path}: chart text of {smallest:.1f} px")
            findings += _findings(axe, phone_page)
    assert not too_wide, "Pages wider than the phone:\n" + "\n".join(too_wide)
    assert not shrunk, "Chart text under 12 px:\n" + "\n".join(shrunk)
    assert not findings, "axe-core's serious and critical findings:\n" + "\n".join(findings)
