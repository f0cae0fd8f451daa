"""Every main page keeps to the Content-Security-Policy: no inline script, style="" or on…=""
handler is refused by the browser (the ``page`` fixture fails a test on any violation; this test
walks the main pages of the demo organisation as its administrator)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.backlog.models import UseCase
from koers.demo import DEMO_SLUG, demo_load
from koers.diagnostic.models import CalibrationRound, Wave
from koers.orgs.models import User
from koers.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _main_pages() -> list[str]:
    org = {"org_slug": DEMO_SLUG}
    usecase = UseCase.objects.filter(organisation__slug=DEMO_SLUG).order_by("pk").first()
    wave = Wave.objects.filter(organisation__slug=DEMO_SLUG).order_by("pk").first()
    calibration = CalibrationRound.objects.filter(organisation__slug=DEMO_SLUG).first()
    assert usecase and wave and calibration
    pages = [
        reverse("home"),
        reverse("organisation_list"),
        reverse("account"),
        reverse("token_list"),
        reverse("people", kwargs=org),
        reverse("departments", kwargs=org),
        reverse("backlog:list", kwargs=org),
        reverse("backlog:detail", kwargs={**org, "pk": usecase.pk}),
        reverse("backlog:new", kwargs=org),
        reverse("backlog:themes", kwargs=org),
        reverse("backlog:quadrant", kwargs=org),
        reverse("diagnostic:scans", kwargs=org),
        reverse("diagnostic:wave", kwargs={**org, "pk": wave.pk}),
        reverse("diagnostic:results", kwargs={**org, "pk": wave.pk}),
        reverse("diagnostic:calibration_rounds", kwargs=org),
        reverse("diagnostic:calibration_team", kwargs={**org, "pk": calibration.pk}),
        reverse("voice:said_did", kwargs=org),
        reverse("voice:themes", kwargs=org),
        reverse("voice:dashboard", kwargs=org),
        reverse("voice:moderate", kwargs=org),
        reverse("voice:digest", kwargs=org),
        reverse("voice:digest_email", kwargs=org),
        reverse("home:start", kwargs=org),
        reverse("strategy:home", kwargs=org),
        reverse("strategy:vision", kwargs=org),
        reverse("strategy:policy", kwargs=org),
        reverse("strategy:policy_read", kwargs=org),
        reverse("strategy:policy_diff", kwargs=org) + "?from=1&to=2",
        reverse("strategy:policy_acknowledgements", kwargs=org),
        reverse("strategy:checker", kwargs=org) + "?tool=DeepL&data_class=personal",
        reverse("strategy:tool_requests", kwargs=org),
        reverse("strategy:scenarios", kwargs=org),
        reverse("strategy:skills", kwargs=org),
        "/admin/",
        "/api/v1/docs",
    ]
    return pages


def test_the_main_pages_break_no_content_security_policy(page, log_in):
    demo_load()
    admin = User.objects.get(email="admin@demo.example")
    admin.set_password(PASSWORD)
    admin.is_staff = admin.is_superuser = True
    admin.save()

    response = page.goto("/login/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy

    log_in(page, email=admin.email, password=PASSWORD)
    for path in _main_pages():
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    # The intake form fills its suggestions in from the server while one types.
    page.goto(reverse("backlog:new", kwargs={"org_slug": DEMO_SLUG}))
    page.locator('[name="title"]').fill("Samenvatten van klantmails met AI")
    page.locator('[name="problem"]').fill("Veel klantmails lezen en samenvatten kost tijd")
    page.wait_for_load_state("networkidle")
