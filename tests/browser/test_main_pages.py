"""The pages of the demo organisation, seen by its administrator on a 375 px wide phone:

- every page keeps to the Content-Security-Policy: no inline script, style="" or on…="" handler
  is refused by the browser (the ``phone_page`` fixture fails the test on any violation);
- the main pages, in Dutch and in English: none scrolls sideways (tables and charts scroll inside
  their box), no text in a chart is smaller than 12 px, and axe-core finds nothing serious or
  critical on them.

axe-core comes with the ``axe-playwright-python`` wheel (its ``axe.min.js``); nothing is
downloaded. One demo organisation, one live server and one page load per page and language: the
policy, the width and the accessibility check read the same load."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from koers.backlog.models import UseCase
from koers.demo import DEMO_SLUG, demo_load
from koers.diagnostic.models import CalibrationRound, Wave
from koers.orgs.models import User
from koers.sprints.models import Sprint
from koers.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375
# axe-core checks every main page in Dutch, and these in English too: the pages are built the same
# in both languages (structure, colours, labels), so what English can change is the text itself —
# the start page, the charts' pages and the error page are where its length and words differ most.
CHECKED_IN_ENGLISH = ("start", "quadrant", "results", "triage")
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
    sprints = Sprint.objects.filter(organisation__slug=DEMO_SLUG).values_list("pk", flat=True)
    assert usecase and triaged and wave and sprints
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
        reverse("sprints:list", kwargs=org),
        *(reverse("sprints:sprint", kwargs={**org, "pk": pk}) for pk in sprints),
        reverse("sprints:outcomes", kwargs=org),
        reverse("people", kwargs=org),
        reverse("departments", kwargs=org),
    ]


def _more_pages() -> list[str]:
    """Pages only the Content-Security-Policy is checked on (in Dutch)."""
    org = {"org_slug": DEMO_SLUG}
    first_wave = Wave.objects.filter(organisation__slug=DEMO_SLUG).order_by("pk").first()
    calibration = CalibrationRound.objects.filter(organisation__slug=DEMO_SLUG).first()
    assert first_wave and calibration
    return [
        reverse("home"),
        reverse("organisation_list"),
        reverse("account"),
        reverse("token_list"),
        reverse("backlog:new", kwargs=org),
        reverse("diagnostic:scans", kwargs=org),
        reverse("diagnostic:wave", kwargs={**org, "pk": first_wave.pk}),
        reverse("diagnostic:results", kwargs={**org, "pk": first_wave.pk}),
        reverse("diagnostic:calibration_rounds", kwargs=org),
        reverse("diagnostic:calibration_team", kwargs={**org, "pk": calibration.pk}),
        reverse("voice:digest", kwargs=org),
        reverse("voice:digest_email", kwargs=org),
        reverse("strategy:policy", kwargs=org),
        reverse("strategy:policy_diff", kwargs=org) + "?from=1&to=2",
        reverse("strategy:policy_acknowledgements", kwargs=org),
        reverse("strategy:tool_requests", kwargs=org),
        "/admin/",
        "/api/v1/docs",
    ]


def _findings(axe: Any, tab: Any) -> list[str]:
    results = axe.run(tab).response
    return [
        f"{tab.url}: {violation['id']} ({violation['impact']}) at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_the_pages_keep_to_the_policy_fit_a_phone_and_pass_axe_in_dutch_and_english(
    phone_page, log_in
):
    from axe_playwright_python.sync_playwright import Axe

    demo_load()
    admin = User.objects.get(email="admin@demo.example")
    admin.set_password(PASSWORD)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    pages = _main_pages()
    axe = Axe()
    english_too = {p for p in pages if any(part in p for part in CHECKED_IN_ENGLISH)}
    english_too.add("/o/no-such-organisation/")

    response = phone_page.goto("/login/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    log_in(phone_page, email=admin.email, password=PASSWORD)
    for path in _more_pages():
        response = phone_page.goto(path)
        assert response.status == 200, path
        phone_page.wait_for_load_state("networkidle")
    # The intake form fills its suggestions in from the server while one types.
    phone_page.goto(reverse("backlog:new", kwargs={"org_slug": DEMO_SLUG}))
    phone_page.locator('[name="title"]').fill("Samenvatten van klantmails met AI")
    phone_page.locator('[name="problem"]').fill("Veel klantmails lezen en samenvatten kost tijd")
    phone_page.wait_for_load_state("networkidle")

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
            if language == "nl" or path in english_too:
                findings += _findings(axe, phone_page)
    assert not too_wide, "Pages wider than the phone:\n" + "\n".join(too_wide)
    assert not shrunk, "Chart text under 12 px:\n" + "\n".join(shrunk)
    assert not findings, "axe-core's serious and critical findings:\n" + "\n".join(findings)
