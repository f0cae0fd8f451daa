"""The risk triage in a real browser, in Dutch: an evangelist triages a CV-screening idea by
following the guided questions (suggestions from the text already filled in), checks which
obligations the answers add, saves, and sees "hoog risico" and "DPIA vereist". The flow takes
at most ten answers. (How long the server takes for it is measured by `koers bench interactive`.)
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from koers.orgs.models import Role
from koers.testing.factories import PASSWORD, make_member, make_org, make_usecase
from koers.triage.models import Triage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (question, the Dutch label of the answer): nine answers; the text suggested the rest.
ANSWERS = [
    ("is_ai_system", "Ja"),
    ("art2_exclusion", "Nee"),
    ("role", "Wij gebruiken het (gebruiksverantwoordelijke)"),
    ("gpai", "Nee, het is gemaakt voor specifieke taken"),
    ("prohibited_practice", "Nee"),
    ("annex_i", "Nee"),
    ("art50", "Geen van deze"),
    ("edpb_criteria", "Gegevens over kwetsbare mensen: werknemers, kinderen, patiënten"),
    ("dutch_dpa_list", "Geen van deze"),
]


def test_a_dutch_evangelist_triages_a_cv_screening_idea(
    page: Any, log_in: Any, screenshot_dir: Any
) -> None:
    org = make_org("Demo BV", departments=("HR",))
    usecase = make_usecase(
        org,
        title="CV's van sollicitanten automatisch beoordelen",
        problem="Recruiters lezen per vacature honderden cv's en brieven.",
        solution="Een model rangschikt de kandidaten per vacature en geeft elk een score.",
    )
    evangelist = make_member(org, Role.EVANGELIST)
    evangelist.language = "nl"
    evangelist.save(update_fields=["language"])
    log_in(page, email=evangelist.email, password=PASSWORD)

    page.goto(f"/o/{org.slug}/usecases/{usecase.pk}/")
    page.get_by_role("link", name="Risicotriage doen").click()
    form = page.locator("#triage-form[data-ready]")
    form.wait_for()
    area = form.locator('[data-question="annex_iii_area"]')
    assert "Voorstel:" in area.inner_text() and "sollicitanten" in area.inner_text()
    assert area.get_by_label(re.compile("^Werkgelegenheid, personeelsbeheer")).is_checked()

    for key, label in ANSWERS:
        question = form.locator(f'[data-question="{key}"]')
        assert question.is_visible(), f"{key} is not asked"
        question.get_by_label(label, exact=True).check()
    assert len(ANSWERS) <= 10
    # Only what matters is asked: no police exception when nothing forbidden is done.
    assert not form.locator('[data-question="prohibited_exception"]').is_visible()

    form.get_by_role("button", name="Wijzigingen bekijken").click()
    preview = page.locator("#preview")
    preview.wait_for()
    added = preview.locator(".obligations.added").inner_text()
    assert "AI-verordening art. 26" in added and "AI-verordening art. 4" in added
    assert Triage.objects.count() == 0, "the preview saves nothing"
    page.screenshot(path=str(screenshot_dir / "triage-preview-nl.png"), full_page=True)

    page.get_by_role("button", name="Risicotriage opslaan").click()
    page.wait_for_url(re.compile(rf"/usecases/{usecase.pk}/triage/$"))
    outcome = page.locator(".result").inner_text().lower()

    assert "hoog risico" in outcome and "dpia vereist" in outcome
    triage = Triage.objects.get()
    assert (triage.risk_group, triage.dpia) == ("high_risk", "required")
    assert triage.facts["annex_iii_area"] == "employment" and triage.facts["profiling"] is True
    page.screenshot(path=str(screenshot_dir / "triage-result-nl.png"), full_page=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        for label in page.locator(".result dt").all():
            assert _lines(label) == 1, f"{label.inner_text()!r} is broken over lines at {width} px"


def _lines(element: Any) -> int:
    """How many lines the element's text takes in the browser."""
    return int(
        element.evaluate(
            "e => { const r = document.createRange(); r.selectNodeContents(e);"
            " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"
        )
    )
