"""The Academy in the browser, in Dutch: the programme lead accepts a colleague as AI-ambassadeur,
schedules a trainer-level session with an outside trainer and records that the new ambassador
completed it; the ambassador hands in the module's assignment and the lead approves it; the
ambassador then schedules a basics session for colleagues of their own
department and records it; the reach (the cascade's generations) and the coverage map change
accordingly."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from koers.academy import services
from koers.academy.models import Module
from koers.academy.selectors import reach_export
from koers.core import clock
from koers.orgs.models import Membership, Role
from koers.testing.factories import PASSWORD, ctx_for, make_member, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _dutch(user: Any) -> Any:
    user.language = "nl"
    user.save(update_fields=["language"])
    return user


def _earlier(hours: int) -> str:
    return (timezone.localtime(clock.now()) - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def _submit(tab: Any, form: Any) -> None:
    form.locator('button[type="submit"]').last.click()
    tab.wait_for_load_state()


def test_a_lead_trains_an_ambassador_who_trains_colleagues_and_reach_grows(
    dutch_tab: Any, log_in: Any, screenshot_dir: Path
) -> None:
    org = make_org("Gemeente Acme", departments=("Klantenservice", "Financiën"))
    desk = org.departments.get(name="Klantenservice")
    finance = org.departments.get(name="Financiën")
    lead = _dutch(make_member(org, Role.LEAD))
    kim = _dutch(make_member(org, user=make_user(name="Kim de Graaf"), department=desk))
    colleagues = [
        make_member(org, user=make_user(name=name), department=desk)
        for name in ("Sara Kok", "Bram Smit", "Noor Bos")
    ]
    make_member(org, department=finance)
    services.tracks_install(ctx_for(lead, org), language="nl")
    services.evangelist_nominate(
        ctx_for(kim, org),
        membership=Membership.objects.get(user=kim),
        motivation="Ik help mijn team graag op weg.",
    )
    base = f"/o/{org.slug}/academy"

    # The lead accepts Kim with a kind message; Financiën is flagged on the coverage map.
    tab = dutch_tab()
    log_in(tab, email=lead.email, password=PASSWORD)
    tab.goto(f"{base}/evangelists/")
    assert tab.locator("html").get_attribute("lang") == "nl"
    row = tab.locator("tr", has_text="Kim de Graaf")
    row.get_by_label("Een vriendelijk bericht").fill("Welkom, Kim!")
    row.get_by_role("button", name="Kim de Graaf accepteren").click()
    tab.wait_for_load_state()
    assert row.locator(".tag").inner_text() == "geaccepteerd"
    tab.goto(f"{base}/coverage/")
    assert "1 afdeling heeft geen AI-ambassadeur: Financiën" in tab.locator("main").inner_text()

    # A trainer-level session by an outside trainer; Kim completed it.
    tab.goto(f"{base}/sessions/")
    form = tab.locator("form", has=tab.locator('[name="module"]'))
    form.locator('[name="module"]').select_option(label="Trainer: zelf een sessie geven")
    form.locator('[name="trainer_label"]').fill("Bureau Buiten")
    form.locator('[name="starts_at"]').fill(_earlier(3))
    form.locator('[name="place"]').fill("Zaal Atlas")
    _submit(tab, form)
    attendance = tab.locator("form", has=tab.locator('[name="add"]'))
    # People are listed with their department, which tells apart colleagues with one name.
    attendance.locator('[name="add"]').select_option(label=["Kim de Graaf · Klantenservice"])
    _submit(tab, attendance)
    assert "Aanwezigheid opgeslagen" in tab.locator("main").inner_text()
    # The trainer module is assessed by an assignment: it counts once a trainer approves it.
    assert reach_export(organisation=org)["by_generation"] == {}
    trainer_module = Module.objects.get(organisation=org, key="evangelist_trainer")
    own = dutch_tab()
    log_in(own, email=kim.email, password=PASSWORD)
    own.goto(f"{base}/modules/{trainer_module.pk}/assignment/")
    own.locator('[name="text"]').fill("Mijn draaiboek: https://example.org/draaiboek")
    _submit(own, own.locator("form", has=own.locator('[name="text"]')))
    assert "Je opdracht is ingeleverd." in own.locator("main").inner_text()
    tab.goto(f"{base}/modules/{trainer_module.pk}/assignment/")
    review = tab.locator("article", has_text="Kim de Graaf")
    review.get_by_label("Goedkeuren").check()
    _submit(tab, review.locator("form"))
    assert "Je beoordeling is opgeslagen." in tab.locator("main").inner_text()
    assert reach_export(organisation=org)["by_generation"] == {"1": 1}

    # Kim, now an AI-ambassadeur, gives a basics session to her colleagues and records it.
    own.goto(f"{base}/sessions/")
    assert "Jij bent de trainer van de sessies die je plant." in own.locator("main").inner_text()
    form = own.locator("form", has=own.locator('[name="module"]'))
    form.locator('[name="module"]').select_option(label="Aan de slag met GenAI")
    form.locator('[name="starts_at"]').fill(_earlier(1))
    form.locator('[name="place"]').fill("Kantine")
    _submit(own, form)
    attendance = own.locator("form", has=own.locator('[name="add"]'))
    attendance.locator('[name="add"]').select_option(
        label=[f"{c} · Klantenservice" for c in colleagues]
    )
    _submit(own, attendance)
    own.screenshot(path=str(screenshot_dir / "academy-session-nl.png"), full_page=True)

    # The reach: four people trained, three of them in the second generation.
    tab.goto(f"{base}/cascade/")
    text = tab.locator("main").inner_text()
    assert "4\nmensen getraind, van de 6" in text
    assert "3\nin generatie 2" in text and "Kim de Graaf" in text
    tab.screenshot(path=str(screenshot_dir / "academy-cascade-nl.png"), full_page=True)
    tab.goto(f"{base}/coverage/")
    # People, ambassadors, target and trained in Klantenservice.
    cells = tab.locator("tr", has_text="Klantenservice").locator("td").all_inner_texts()
    assert cells[:5] == ["Klantenservice", "4", "1", "1", "4"]
    tab.screenshot(path=str(screenshot_dir / "academy-coverage-nl.png"), full_page=True)
    summary = reach_export(organisation=org)
    assert summary["trained"] == 4 and summary["by_generation"] == {"1": 1, "2": 3}
