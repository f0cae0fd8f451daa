"""The risk triage in a real browser, in Dutch: an evangelist triages a CV-screening idea by
following the guided questions (suggestions from the text already filled in), checks which
obligations the answers add, saves, and sees "hoog risico" and "DPIA vereist", with the dates of
the amended AI Act. The flow takes at most ten answers. (How long the server takes for it is
measured by `koers bench interactive`.) A lawyer re-confirms a triage made with the first rules
and answers the question the amendment added.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from koers.orgs.models import Role
from koers.testing.factories import PASSWORD, ctx_for, make_member, make_org, make_usecase
from koers.triage.models import Triage
from koers.triage.services import triage_restore
from koers.triage.tests.test_reconfirm import EARLIER, JOB_ADS

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
    # The amended AI Act: the high-risk duties from 2 December 2027, the law named with its source.
    assert "geldt vanaf 2 december 2027" in outcome and "geldt sinds 2 februari 2025" in outcome
    assert "2026/1744" in outcome
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


def test_a_dutch_lawyer_re_confirms_a_triage_made_before_the_ai_act_was_amended(
    page: Any, log_in: Any, screenshot_dir: Any
) -> None:
    org = make_org("Demo BV", departments=("HR",))
    usecase = make_usecase(org, title=JOB_ADS["title"])
    evangelist = ctx_for(make_member(org, Role.EVANGELIST), org)
    triage_restore(
        evangelist,
        usecase=usecase,
        facts=JOB_ADS["facts"],
        result=JOB_ADS["result"],
        rules_version=EARLIER["rules_version"],
    )
    lawyer = make_member(org, Role.LEGAL)
    lawyer.language = "nl"
    lawyer.save(update_fields=["language"])
    log_in(page, email=lawyer.email, password=PASSWORD)

    page.goto(f"/o/{org.slug}/triage/")
    page.get_by_role("link", name=re.compile("met oudere regels gemaakt")).click()
    item = page.locator(f"#usecase-{usecase.pk}")
    item.wait_for()
    changes = item.inner_text()
    assert "Geen hoog risico" in changes and "Moet beoordeeld worden" in changes
    assert "regels van 1 augustus 2024" in changes
    assert "AI-verordening art. 5, lid 1, onder b bis en b ter" in changes
    page.screenshot(path=str(screenshot_dir / "triage-reconfirm-nl.png"), full_page=True)
    item.get_by_role("button", name="Opnieuw bevestigen volgens de huidige regels").click()
    page.get_by_text("Alle risicotriages volgen de huidige regels.").wait_for()
    assert Triage.objects.get().rules_version == "2026-07-27"

    # The question the amendment added waits on the triage page: answer it and save.
    page.goto(f"/o/{org.slug}/usecases/{usecase.pk}/triage/")
    form = page.locator("#triage-form[data-ready]")
    form.wait_for()
    question = form.locator('[data-question="intimate_content"]')
    assert question.is_visible()
    question.get_by_label("Nee: het kan zulke beelden, video of geluid niet maken").check()
    form.get_by_role("button", name="Wijzigingen bekijken").click()
    page.get_by_role("button", name="Risicotriage opslaan").click()
    page.wait_for_url(re.compile(rf"/usecases/{usecase.pk}/triage/$"))
    assert "geen hoog risico" in page.locator(".result").inner_text().lower()
    assert Triage.objects.get().facts["intimate_content"] == "no"
