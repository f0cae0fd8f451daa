"""The AI policy from template to the employee's question, in a real browser, in Dutch.

A programme lead starts the policy from the Dutch template, finds its sections as plain text
(not HTML), rewrites one in the section editor, adds a tool and decides one cell of the matrix
(answer, condition and section), and submits the version; legal approves it; the lead publishes
it. An employee follows the e-mail, reads and confirms the policy, and asks the checker about the
tool the lead added, then about one that is not in the policy and sends the one-click request. The
lead downloads the DOCX, which is opened and read. The lead's clicks, typed fields and page loads
are counted (``Tally``) and printed, for the claim that a leadership team produces a policy in
under half an hour of clicking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from docx import Document

from koers.orgs.models import Role
from koers.strategy.models import PolicyVersion, ToolRequest
from koers.testing.factories import PASSWORD, make_member, make_org, make_user
from koers.testing.policies import make_published_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READ_LINK = re.compile(r"/o/[\w-]+/strategy/policy/read/")
OWN_TEXT = "Dit beleid geldt voor iedereen die voor Demo BV werkt, ook voor stagiairs."
CONDITION = "Alleen met een DPIA en na toestemming van de FG"

# Counts what a person does in a tab, whatever page they are on: mouse clicks, fields typed into,
# choices made in a list, and the pages the browser loads.
TALLY_SCRIPT = """
document.addEventListener("click", () => window.koersTally("click"), true);
document.addEventListener("change", (event) => {
  window.koersTally(event.target.tagName === "SELECT" ? "choice" : "typed");
}, true);
window.addEventListener("load", () => window.koersTally("load"));
"""


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, _source: Any, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def __str__(self) -> str:
        return ", ".join(
            f"{self.counts.get(what, 0)} {what}" for what in ("click", "choice", "typed", "load")
        )


def tallied(tab: Any) -> Tally:
    tally = Tally()
    tab.context.expose_binding("koersTally", tally.add)
    tab.context.add_init_script(TALLY_SCRIPT)
    return tally


def _dutch(user: Any) -> Any:
    user.language = "nl"
    user.save(update_fields=["language"])
    return user


def _log_in_here(tab: Any, user: Any) -> None:
    """Fill in the login form the tab shows (after a redirect to it)."""
    form = tab.locator("main form")
    form.get_by_label("E-mailadres").fill(user.email)
    form.get_by_label("Wachtwoord").fill(PASSWORD)
    form.get_by_role("button", name="Inloggen").click()
    tab.wait_for_url(lambda url: "/login/" not in url)


def _messages(tab: Any) -> str:
    return str(tab.locator("ul.messages").inner_text())


@pytest.fixture
def demo() -> dict[str, Any]:
    org = make_org("Demo BV", departments=("Klantcontact", "Financiën"))
    org.language = "nl"
    org.save(update_fields=["language"])
    return {
        "org": org,
        "lead": _dutch(make_member(org, Role.LEAD, user=make_user(name="Sanne de Vries"))),
        "legal": _dutch(make_member(org, Role.LEGAL, user=make_user(name="Ahmed Bakker"))),
        "employee": make_member(org, user=make_user(name="Joris Jansen")),
    }


def test_a_lead_publishes_a_dutch_policy_that_an_employee_confirms_and_asks_about(
    dutch_tab: Any, log_in: Any, nav_to: Any, screenshot_dir: Path, demo: dict[str, Any]
) -> None:
    org, lead, legal, employee = demo["org"], demo["lead"], demo["legal"], demo["employee"]

    # The lead starts from the Dutch template.
    lead_tab = dutch_tab()
    lead_tally = tallied(lead_tab)
    log_in(lead_tab, email=lead.email, password=PASSWORD)
    nav_to(lead_tab, "Strategie", "Visie, beleid en scenario's")
    lead_tab.locator("main").get_by_role("link", name="AI-beleid").click()
    lead_tab.screenshot(path=str(screenshot_dir / "policy-home-empty.png"), full_page=True)
    assert lead_tab.get_by_label("Taal van het beleid").input_value() == "nl"
    lead_tab.get_by_role("button", name="Beginnen met het sjabloon").click()
    assert "Pas het aan aan je organisatie" in _messages(lead_tab)
    assert lead_tab.get_by_role("heading", level=1).inner_text() == "Hoofdstukken van versie 1"

    # ...finds every section as plain text, not HTML, with the Dutch help line under it...
    editor_texts = [box.input_value() for box in lead_tab.locator("textarea").all()]
    assert len(editor_texts) >= 10
    assert not [text for text in editor_texts if re.search(r"</?[a-z][a-z0-9]*[\s/>]", text)]
    assert "- **Menselijk toezicht.** Een mens" in editor_texts[1]
    assert "Een lege regel begint een nieuwe alinea." in lead_tab.locator("main").inner_text()
    # ...rewrites the first section and looks at the preview before saving; typed HTML is text.
    purpose = lead_tab.get_by_label("Tekst").first
    assert "AI" in purpose.input_value()
    purpose.fill(f"{OWN_TEXT}\n\n- Met **menselijk toezicht**\n- <script>alert(1)</script>")
    lead_tab.get_by_role("button", name="Voorbeeld").click()
    preview = lead_tab.locator(".policy-preview").first
    assert preview.locator("p").inner_text() == OWN_TEXT
    assert preview.locator("li strong").inner_text() == "menselijk toezicht"
    assert preview.locator("li").nth(1).inner_text() == "<script>alert(1)</script>"
    assert preview.locator("script").count() == 0
    lead_tab.screenshot(path=str(screenshot_dir / "policy-sections.png"))
    lead_tab.get_by_role("button", name="Opslaan", exact=True).click()
    assert "De hoofdstukken zijn opgeslagen." in _messages(lead_tab)

    # ...adds a tool to the matrix and decides one cell: answer, condition and section.
    lead_tab.get_by_role("link", name="Tabel bewerken").first.click()
    lead_tab.get_by_label("Nieuwe tool").fill("Microsoft 365 Copilot")
    lead_tab.get_by_role("button", name="Tool toevoegen").click()
    assert "De tabel is opgeslagen." in _messages(lead_tab)
    cell = lead_tab.locator("td").filter(
        has=lead_tab.get_by_label("Microsoft 365 Copilot met Persoonsgegevens")
    )
    cell.get_by_label("Microsoft 365 Copilot met Persoonsgegevens").select_option(
        label="Onder voorwaarde"
    )
    cell.get_by_label("Voorwaarde").fill(CONDITION)
    cell.get_by_label("Hoofdstuk").select_option(label="5 Persoonsgegevens en de AVG")
    lead_tab.get_by_role("button", name="Tabel opslaan").click()
    assert "De tabel is opgeslagen." in _messages(lead_tab)
    lead_tab.screenshot(path=str(screenshot_dir / "policy-matrix.png"), full_page=True)

    # ...and submits the version for approval.
    lead_tab.get_by_role("link", name="Deze versie bekijken").first.click()
    lead_tab.get_by_label("Wat is er veranderd in deze versie (voor wie goedkeurt)").fill(
        "Eerste versie op basis van het sjabloon."
    )
    lead_tab.get_by_role("button", name="Ter goedkeuring aanbieden").click()
    assert "De versie wacht op goedkeuring." in _messages(lead_tab)
    assert lead_tab.get_by_role("link", name="Beoordelen").count() == 0  # not their own
    assert "Vraag een andere goedkeurder" in lead_tab.locator("main").inner_text()
    lead_tab.screenshot(path=str(screenshot_dir / "policy-version-in-review.png"), full_page=True)

    # Legal approves it.
    legal_tab = dutch_tab()
    log_in(legal_tab, email=legal.email, password=PASSWORD)
    nav_to(legal_tab, "Strategie", "Visie, beleid en scenario's")
    legal_tab.locator("main").get_by_role("link", name="AI-beleid").click()
    legal_tab.get_by_role("link", name="Beoordelen").click()
    review = legal_tab.locator("main").inner_text()
    assert OWN_TEXT in review and "<script>alert(1)</script>" in review  # as text
    assert legal_tab.locator("main script").count() == 0
    assert f"Onder voorwaarde: {CONDITION}" in review
    legal_tab.screenshot(path=str(screenshot_dir / "policy-review.png"))
    legal_tab.get_by_role("button", name="Goedkeuren").click()
    assert "Je besluit is opgeslagen." in _messages(legal_tab)
    assert "Goedgekeurd door Ahmed Bakker" in legal_tab.locator("main").inner_text()

    # The lead publishes it.
    lead_tab.goto(f"/o/{org.slug}/strategy/policy/")
    assert "Wat nu: publiceer de goedgekeurde versie" in lead_tab.locator("main").inner_text()
    lead_tab.screenshot(path=str(screenshot_dir / "policy-home-approved.png"), full_page=True)
    lead_tab.get_by_role("button", name="Publiceren").click()
    assert "Het beleid is gepubliceerd." in _messages(lead_tab)
    print(f"\nThe lead, from logging in to publishing: {lead_tally}")
    lead_tab.screenshot(path=str(screenshot_dir / "policy-published.png"), full_page=True)
    published = PolicyVersion.objects.get(policy__organisation=org)
    assert published.status == PolicyVersion.Status.PUBLISHED

    # The employee gets the e-mail, follows its link, logs in, reads and confirms.
    [invitation] = [m for m in mail.outbox if m.to == [employee.email]]
    assert "lezen en bevestigen" in invitation.subject
    employee_tab = dutch_tab()
    employee_tab.goto(READ_LINK.search(invitation.body).group(0))  # type: ignore[union-attr]
    _log_in_here(employee_tab, employee)
    policy_text = employee_tab.locator("main").inner_text()
    employee_tab.screenshot(path=str(screenshot_dir / "policy-read.png"), full_page=True)
    assert OWN_TEXT in policy_text
    assert employee_tab.get_by_role("rowheader", name="Microsoft 365 Copilot").is_visible()
    employee_tab.get_by_role("button", name="Ik heb het beleid gelezen").click()
    assert "Je hebt bevestigd" in employee_tab.get_by_role("status").first.inner_text()
    assert employee_tab.get_by_role("button", name="Ik heb het beleid gelezen").count() == 0
    nav_to(employee_tab, "Strategie", "Visie, beleid en scenario's")
    assert "Je hebt bevestigd dat je het gelezen hebt." in employee_tab.locator("main").inner_text()

    # ...asks the checker about the tool the lead added...
    nav_to(employee_tab, "Strategie", "Mag ik deze tool gebruiken?")
    employee_tab.get_by_label("Tool", exact=True).fill("microsoft 365 copilot")
    employee_tab.get_by_label("Soort gegevens").select_option(label="Persoonsgegevens")
    employee_tab.get_by_role("button", name="Vragen").click()
    answer = employee_tab.locator(".checker-answer")
    assert "Ja, onder een voorwaarde: Microsoft 365 Copilot" in answer.inner_text()
    assert CONDITION in answer.inner_text()
    answer.get_by_role("link", name="Onderdeel 5 van het AI-beleid lezen").click()
    assert employee_tab.locator(":target h3").inner_text() == "5. Persoonsgegevens en de AVG"

    # ...and about one that is not in the policy, and sends the request.
    employee_tab.go_back()
    employee_tab.get_by_label("Tool", exact=True).fill("Perplexity")
    employee_tab.get_by_label("Soort gegevens").select_option(label="Openbaar")
    employee_tab.get_by_role("button", name="Vragen").click()
    assert "Nog niet goedgekeurd — vraag het programmateam" in answer.inner_text()
    employee_tab.screenshot(path=str(screenshot_dir / "policy-checker-not-listed.png"))
    employee_tab.get_by_role("button", name="Het programmateam vragen naar Perplexity").click()
    assert "Perplexity is naar het programmateam gestuurd" in _messages(employee_tab)
    assert ToolRequest.objects.get().tool == "Perplexity"

    # The lead sees the request and the confirmation counted, and downloads the DOCX.
    lead_tab.goto(f"/o/{org.slug}/strategy/policy/")
    lead_tab.get_by_role("link", name="Toolverzoeken").click()
    assert "Perplexity" in lead_tab.locator("main").inner_text()
    lead_tab.go_back()
    lead_tab.get_by_role("link", name="Bevestigingen per afdeling").click()
    assert lead_tab.get_by_role("row", name="Hele organisatie").inner_text().split()[-3:] == [
        "1",
        "3",
        "33%",
    ]
    lead_tab.go_back()
    lead_tab.screenshot(path=str(screenshot_dir / "policy-home-published.png"), full_page=True)
    with lead_tab.expect_download() as download:
        lead_tab.get_by_role("link", name="Word (DOCX)").click()
    assert download.value.suggested_filename == "ai-beleid-v1.docx"
    download.value.save_as(screenshot_dir / "policy.docx")
    document = Document(download.value.path())
    print(f"\nThe lead, with requests, confirmations and the download: {lead_tally}")

    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "AI-beleid")
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings[:3] == [
        "1 Doel en reikwijdte",
        "2 Uitgangspunten",
        "3 Goedgekeurde AI-tools en gegevensklassen",
    ]
    assert "5 Persoonsgegevens en de AVG" in headings
    assert headings[-1] == "Tools en soorten gegevens"
    assert OWN_TEXT in [text for _style, text in paragraphs]
    [table] = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Tool", "Openbaar", "Intern", "Vertrouwelijk", "Persoonsgegevens"]
    assert rows[1][0] == "Microsoft 365 Copilot"
    assert rows[1][4] == f"Onder voorwaarde\n{CONDITION}\n(zie 5)"
    assert rows[1][1] == "Nog niet besloten"


@pytest.mark.parametrize(
    "path",
    [
        "",
        "policy/",
        "policy/read/",
        "policy/versions/{pk}/",
        "policy/versions/{pk}/sections/",
        "policy/versions/{pk}/matrix/",
        "policy/versions/{pk}/review/",
        "checker/",
        "checker/?tool=ChatGPT+Enterprise&data_class=internal",
        "checker/?tool=Perplexity&data_class=public",
        "policy/downloads/",
    ],
)
def test_the_policy_pages_fit_a_phone_screen(
    dutch_tab: Any, log_in: Any, demo: dict[str, Any], path: str
) -> None:
    org = demo["org"]
    published = make_published_policy(org)
    draft = PolicyVersion.objects.create(
        policy=published.policy,
        number=2,
        status=PolicyVersion.Status.IN_REVIEW if "review" in path else PolicyVersion.Status.DRAFT,
        content=published.content,
    )
    tab = dutch_tab(phone=True)
    log_in(tab, email=demo["lead"].email, password=PASSWORD)
    tab.goto(f"/o/{org.slug}/strategy/" + path.format(pk=draft.pk))
    overflow = tab.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than a 375px phone screen"
    assert tab.locator("main h1").is_visible()
