"""The AI policy's pages, for each role, and what they let through."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from koers.core.models import OutgoingMail
from koers.orgs.models import Role
from koers.strategy.models import Acknowledgement, PolicyVersion
from koers.strategy.policy.content import MAX_DATA_CLASSES, MAX_TOOLS
from koers.strategy.policy.sanitise import MAX_INPUT
from koers.strategy.selectors import policy as selectors
from koers.strategy.services import policy as services
from koers.testing.factories import ctx_for, make_member, make_org

pytestmark = pytest.mark.django_db
Status = PolicyVersion.Status
ROLES = [Role.ADMIN, Role.LEAD, Role.EVANGELIST, Role.MEMBER, Role.LEGAL]


@pytest.fixture
def org():
    return make_org()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, org, **kwargs):
    return reverse(f"strategy:{name}", kwargs={"org_slug": org.slug, **kwargs})


def draft_of(org):
    lead = ctx_for(make_member(org, Role.LEAD), org)
    return lead, services.policy_start(lead, language="nl")


def editor_form(page):
    """The section editor's fields as the page shows them (and a browser would post them)."""
    html = page.content.decode()
    fields = {
        name: unescape(value)
        for name, value in re.findall(r'name="((?:number|title):[^"]+)" value="([^"]*)"', html)
    }
    for name, value in re.findall(
        r'<textarea[^>]* name="(text:[^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S
    ):
        fields[name] = unescape(value).replace("\n", "\r\n")
    return fields


def published_in(org):
    lead, version = draft_of(org)
    services.version_submit(lead, version=version)
    legal = ctx_for(make_member(org, Role.LEGAL), org)
    services.version_decide(legal, version=version, approve=True)
    services.version_publish(lead, version=version)
    return lead, version


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_which_page(org, role):
    _lead, version = draft_of(org)
    client = client_for(make_member(org, role))
    n = version.pk
    leaders = role in (Role.ADMIN, Role.LEAD)
    approvers = leaders or role == Role.LEGAL
    expected = {
        url("policy", org): 200,
        url("policy_read", org): 200,
        url("policy_sections", org, pk=n): 200 if leaders else 403,
        url("policy_matrix", org, pk=n): 200 if leaders else 403,
        url("policy_acknowledgements", org): 200 if leaders else 403,
        url("policy_versions", org): 200 if approvers else 403,
        url("policy_diff", org): 200 if approvers else 403,
        url("policy_version", org, pk=n): 200 if approvers else 403,
        url("policy_review", org, pk=n): 200 if approvers else 403,
    }
    assert {u: client.get(u).status_code for u in expected} == expected


def test_a_member_cannot_edit_by_posting(org):
    _lead, version = draft_of(org)
    client = client_for(make_member(org))
    before = version.content
    for name, data in [
        ("policy_matrix_names", {"what": "tool", "op": "add", "label": "DeepL"}),
        ("policy_sections", {"title:purpose": "Gehackt"}),
        ("policy_submit", {}),
        ("policy_publish", {}),
    ]:
        assert client.post(url(name, org, pk=version.pk), data).status_code == 403
    version.refresh_from_db()
    assert version.content == before and version.status == Status.DRAFT


def test_another_organisation_gets_404(org):
    _lead, version = draft_of(org)
    outsider = make_member(make_org(), Role.ADMIN)
    client = client_for(outsider)
    for page in (url("policy", org), url("policy_sections", org, pk=version.pk)):
        assert client.get(page).status_code == 404
    mine = make_org()
    make_member(mine, Role.ADMIN, user=outsider)
    assert client.get(url("policy_version", mine, pk=version.pk)).status_code == 404


def test_a_lead_builds_and_legal_approves_and_the_lead_publishes(org):
    lead = make_member(org, Role.LEAD)
    client = client_for(lead)
    assert client.post(url("policy_start", org), {"language": "nl"}).status_code == 302
    version = selectors.open_version(org)
    v1 = version.pk
    page = client.get(url("policy_sections", org, pk=v1))
    assert "Doel en reikwijdte" in page.content.decode()
    form = editor_form(page)
    form["text:purpose"] = "Onze **regels**."
    preview = client.post(url("policy_sections", org, pk=v1), {**form, "preview": "1"})
    assert "<strong>regels</strong>" in preview.content.decode()
    version.refresh_from_db()
    assert "Onze" not in str(version.content)  # a preview saves nothing
    assert client.post(url("policy_sections", org, pk=v1), form).status_code == 302
    client.post(
        url("policy_matrix_names", org, pk=v1), {"what": "tool", "op": "add", "label": "DeepL"}
    )
    matrix = {
        "cell:deepl:public:answer": "yes",
        "cell:deepl:personal:answer": "conditional",
        "cell:deepl:personal:condition": "Alleen DeepL Pro",
        "cell:deepl:personal:section": "5",
    }
    assert client.post(url("policy_matrix", org, pk=v1), matrix).status_code == 302
    content = selectors.version_content(selectors.open_version(org))
    assert content.cell("deepl", "personal").condition == "Alleen DeepL Pro"
    client.post(url("policy_submit", org, pk=v1), {"summary": "Eerste versie"})
    own = client.post(url("policy_review", org, pk=v1), {"decision": "approve"}, follow=True)
    assert "someone else" in own.content.decode() or "iemand anders" in own.content.decode()
    legal = client_for(make_member(org, Role.LEGAL))
    assert legal.post(url("policy_review", org, pk=v1), {"decision": "approve"}).status_code == 302
    assert client.post(url("policy_publish", org, pk=v1)).status_code == 302
    assert selectors.published_version(org).number == 1
    # The approval to the lead, then the publication to the lead and legal.
    assert OutgoingMail.objects.filter(kind=OutgoingMail.Kind.POLICY).count() == 3


def test_the_largest_matrix_saves_from_its_page(org, settings):
    """100 tools x 12 data classes, three fields a cell: more than Django's default of 1000."""
    lead, version = draft_of(org)
    for number in range(MAX_DATA_CLASSES - len(version.content["data_classes"])):
        version = services.data_class_add(lead, version=version, label=f"Klasse {number}")
    for number in range(MAX_TOOLS - len(version.content["tools"])):
        version = services.tool_add(lead, version=version, name=f"Tool {number}")
    content = selectors.version_content(version)
    form = {
        f"cell:{tool.key}:{data_class.key}:{part}": value
        for tool in content.tools
        for data_class in content.data_classes
        for part, value in (
            ("answer", "conditional"),
            ("condition", "Alleen intern"),
            ("section", "5"),
        )
    }
    assert len(form) == 3 * MAX_TOOLS * MAX_DATA_CLASSES > 1000
    response = client_for(lead.membership.user).post(url("policy_matrix", org, pk=version.pk), form)
    assert response.status_code == 302
    saved = selectors.version_content(selectors.open_version(org))
    assert {cell.condition for cell in saved.cells} == {"Alleen intern"}
    assert len(saved.cells) == MAX_TOOLS * MAX_DATA_CLASSES


def test_a_member_reads_and_confirms_the_policy_once(org):
    _lead, version = published_in(org)
    member = make_member(org)
    client = client_for(member)
    page = client.get(url("policy_read", org)).content.decode()
    assert "Doel en reikwijdte" in page and "I have read the policy" in page
    done = client.post(url("policy_read", org), follow=True)
    assert done.context["acknowledged"]
    client.post(url("policy_read", org))
    assert Acknowledgement.objects.filter(version=version).count() == 1


def test_hostile_rich_text_does_not_reach_the_pages(org):
    lead, version = draft_of(org)
    sections = selectors.version_content(version).sections
    given = [services.SectionInput(s.key, s.number, s.title, s.html) for s in sections]
    given[0] = services.SectionInput(
        "purpose",
        "1",
        '<script>alert("t")</script>Doel',
        '<p onmouseover="alert(1)">Hallo</p><script>alert(2)</script>'
        '<a href="javascript:alert(3)">klik</a><img src=x onerror=alert(4)><style>*{}</style>',
    )
    services.sections_save(lead, version=version, sections=given)
    # A row changed behind Koers's back is cleaned again when it is shown.
    version.refresh_from_db()
    version.content["sections"][1]["html"] = '<p>ok</p><script>alert(5)</script><b onclick="x">'
    version.save(update_fields=["content"])
    client = client_for(lead.user)
    v1 = version.pk
    for page in (url("policy_version", org, pk=v1), url("policy_sections", org, pk=v1)):
        html = client.get(page).content.decode()
        body = html.split("<main", 1)[1]
        # Escaped text (in the editor's textarea) is harmless; tags and attributes are not.
        for bad in ("<script", 'onmouseover="', 'href="javascript:', "<img", 'onclick="', "<style"):
            assert bad not in body, (page, bad)


def test_the_editor_shows_plain_text_not_html(org):
    lead, version = draft_of(org)
    page = client_for(lead.user).get(url("policy_sections", org, pk=version.pk))
    texts = [value for name, value in editor_form(page).items() if name.startswith("text:")]
    assert len(texts) == len(selectors.version_content(version).sections)
    assert not any(re.search(r"<\w+|</\w+>", text) for text in texts)
    assert "- **Menselijk toezicht.** Een mens" in editor_form(page)["text:principles"]
    assert "An empty line starts a new paragraph." in page.content.decode()


def test_saving_the_editor_unchanged_changes_no_section(org):
    lead, version = draft_of(org)
    # HTML the editor's syntax cannot write (paragraphs in a list item) is kept as it is too.
    sections = selectors.version_content(version).sections
    given = [services.SectionInput(s.key, s.number, s.title, s.html) for s in sections]
    given[0] = services.SectionInput(
        "purpose", "1", "Doel", "<ul><li><p>Een</p></li></ul><p>a\nb</p>"
    )
    services.sections_save(lead, version=version, sections=given)
    version.refresh_from_db()
    before = version.content["sections"]
    client = client_for(lead.user)
    page = client.get(url("policy_sections", org, pk=version.pk))
    assert (
        client.post(url("policy_sections", org, pk=version.pk), editor_form(page)).status_code
        == 302
    )
    version.refresh_from_db()
    assert version.content["sections"] == before


def test_the_editor_saves_text_as_html_and_typed_html_as_text(org):
    lead, version = draft_of(org)
    client = client_for(lead.user)
    form = editor_form(client.get(url("policy_sections", org, pk=version.pk)))
    form["text:purpose"] = (
        "Wij werken **veilig**.\r\n\r\n- Een\r\n  - Daarin\r\n\r\n"
        "<script>alert(1)</script> [klik](javascript:alert(2)) [site](https://example.nl)"
    )
    assert client.post(url("policy_sections", org, pk=version.pk), form).status_code == 302
    version.refresh_from_db()
    assert version.content["sections"][0]["html"] == (
        "<p>Wij werken <strong>veilig</strong>.</p><ul><li>Een<ul><li>Daarin</li></ul></li></ul>"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; [klik](javascript:alert(2)) "
        '<a href="https://example.nl" rel="noopener noreferrer">site</a></p>'
    )


@pytest.mark.parametrize("button", ["save", "preview"])
def test_oversized_text_is_refused_with_a_message_and_changes_nothing(org, button):
    lead, version = draft_of(org)
    client = client_for(lead.user)
    before = version.content
    form = editor_form(client.get(url("policy_sections", org, pk=version.pk)))
    form["text:purpose"] = "a" * (MAX_INPUT + 1)
    page = client.post(url("policy_sections", org, pk=version.pk), {**form, button: "1"})
    assert page.status_code == 200
    assert "This text is too long." in page.content.decode()
    version.refresh_from_db()
    assert version.content == before


def test_the_diff_page_compares_any_two_versions(org):
    lead, _version = published_in(org)
    draft = services.draft_start(lead)
    services.tool_add(lead, version=draft, name="DeepL <b>Pro</b>")
    client = client_for(lead.user)
    page = client.get(url("policy_diff", org), {"from": 1, "to": 2}).content.decode()
    assert "DeepL &lt;b&gt;Pro&lt;/b&gt;" in page
    assert client.get(url("policy_diff", org), {"from": 9, "to": 2}).status_code == 200


def test_the_confirmation_dashboard_shows_numbers_and_sends_reminders(org):
    lead, _version = published_in(org)
    unread = make_member(org)
    OutgoingMail.objects.all().delete()
    client = client_for(lead.user)
    page = client.get(url("policy_acknowledgements", org)).content.decode()
    assert unread.name not in page
    assert client.post(url("policy_remind", org)).status_code == 302
    assert unread.email in set(OutgoingMail.objects.values_list("to", flat=True))


def test_a_dutch_member_reads_the_policy_in_dutch(org):
    published_in(org)
    member = make_member(org)
    member.language = "nl"
    member.save(update_fields=["language"])
    client = client_for(member)
    page = client.get(url("policy_read", org), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Ik heb het beleid gelezen" in page and "Welke gegevens mogen in welke tool" in page
    done = client.post(url("policy_read", org), follow=True, HTTP_ACCEPT_LANGUAGE="nl")
    assert "Je hebt bevestigd" in done.content.decode()


def test_saving_the_matrix_keeps_the_cells_of_a_tool_added_after_the_page_was_opened(org):
    lead, version = draft_of(org)
    version = services.tool_add(lead, version=version, name="DeepL")
    as_opened = {
        f"cell:deepl:{data_class}:{part}": ""
        for data_class in ("public", "internal", "confidential", "personal")
        for part in ("answer", "condition", "section")
    }
    as_opened["cell:deepl:public:answer"] = "yes"
    version = services.tool_add(lead, version=version, name="ChatGPT Enterprise")
    [_deepl, chatgpt] = selectors.version_content(version).tools
    services.matrix_save(
        lead,
        version=version,
        cells=[services.CellInput(tool=chatgpt.key, data_class="public", answer="no")],
    )

    response = client_for(lead.user).post(url("policy_matrix", org, pk=version.pk), as_opened)

    assert response.status_code == 302
    content = selectors.version_content(selectors.open_version(org))
    assert content.cell("deepl", "public").answer == "yes"
    assert content.cell(chatgpt.key, "public").answer == "no"


def test_a_matrix_with_a_mistake_comes_back_with_the_choices_made_not_the_saved_ones(org):
    lead, version = draft_of(org)
    version = services.tool_add(lead, version=version, name="DeepL")
    form = {
        "cell:deepl:public:answer": "yes",
        "cell:deepl:internal:answer": "conditional",
        "cell:deepl:internal:section": "3",
        "cell:deepl:personal:answer": "no",
        "cell:deepl:personal:condition": "Nooit met namen",
    }

    page = client_for(lead.user).post(url("policy_matrix", org, pk=version.pk), form)

    html = page.content.decode()
    assert page.status_code == 200
    assert "needs its condition" in html or "hoort een voorwaarde" in html

    def chosen(name):
        select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S)
        assert select, name
        found = re.search(r'<option value="([^"]*)" selected>', select.group(0))
        return found.group(1) if found else ""

    assert chosen("cell:deepl:public:answer") == "yes"
    assert chosen("cell:deepl:internal:answer") == "conditional"
    assert chosen("cell:deepl:internal:section") == "3"
    assert 'value="Nooit met namen"' in html
    assert not selectors.version_content(selectors.open_version(org)).cells
