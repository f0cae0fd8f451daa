"""The published policy as DOCX, PDF and JSON: the files are opened and read, in the policy's
language, and a section's hostile HTML stays text."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from koers.orgs.models import Role
from koers.strategy.models import PolicyVersion
from koers.strategy.selectors import exports
from koers.testing.factories import make_member, make_org
from koers.testing.policies import make_published_policy, sample_content

pytestmark = pytest.mark.django_db
needs_pdf = pytest.mark.skipif(not exports.pdf_available(), reason="WeasyPrint's libraries missing")

HOSTILE = (
    '<p>Lees <a href="javascript:alert(1)">dit</a>.</p><script>alert("x")</script>'
    "<style>body{display:none}</style><p>&lt;w:p&gt;]]&gt;\x01 <img src=https://evil.example/x.png>"
    '<iframe src="https://evil.example"></iframe>Einde</p>'
)


@pytest.fixture
def org():
    return make_org("Demo BV")


def docx_of(content: bytes):
    return Document(io.BytesIO(content))


def pdf_text(content: bytes) -> str:
    """The PDF's text with its line breaks (a table cell wraps) read as spaces."""
    pages = (page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(" ".join(pages).replace("\x00", "").split())


def test_the_docx_has_a_title_page_numbered_headings_and_the_matrix_as_a_table(org):
    version = make_published_policy(org, number=3)
    document = docx_of(exports.export_file(org, version, "docx"))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "AI-beleid")
    texts = [text for _style, text in paragraphs]
    assert "Demo BV" in texts and "Versie 3" in texts
    assert any(text.startswith("Gepubliceerd op ") for text in texts)
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert headings == [
        ("Heading 1", "1 Doel en reikwijdte"),
        ("Heading 1", "4 Goedgekeurde tools"),
        ("Heading 2", "4.2 Persoonsgegevens en de AVG"),
        ("Heading 1", "Tools en soorten gegevens"),
    ]
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "iedereen" in bold
    italic = [run.text for p in document.paragraphs for run in p.runs if run.italic]
    assert "persoonsgegevens" in italic
    assert ("List Number", "Anonimiseer") in paragraphs
    assert ("List Bullet", "Vraag het team") in paragraphs
    assert "https://autoriteitpersoonsgegevens.nl/" in [
        rel.target_ref for rel in document.part.rels.values() if rel.is_external
    ]
    [table] = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Tool", "Openbaar", "Intern", "Vertrouwelijk", "Persoonsgegevens"]
    assert rows[2][0] == "ChatGPT Enterprise"
    assert rows[2][2] == "Onder voorwaarde\nAlleen zonder persoonsgegevens\n(zie 4.2)"
    assert rows[2][4] == "Nee\n(zie 4.2)"
    assert rows[3][3] == "Nog niet besloten"
    legend = [text for text in texts if text.startswith(("Ja:", "Nee:", "Onder voorwaarde:"))]
    assert len(legend) == 3


def test_the_docx_is_a4_with_a_footer_that_numbers_the_pages(org):
    version = make_published_policy(org, number=3)
    document = docx_of(exports.export_file(org, version, "docx"))
    page = document.sections[0]
    assert (round(page.page_width.cm, 1), round(page.page_height.cm, 1)) == (21.0, 29.7)
    footer = page.footer.paragraphs[0]
    assert footer.text.startswith("AI-beleid · Demo BV · versie 3 · pagina ")
    fields = [f.get(qn("w:instr")) for f in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert document.core_properties.author == "Demo BV"
    [table] = document.tables
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page


def test_an_english_policy_exports_in_english_whatever_the_readers_language(org):
    version = make_published_policy(org, language="en")
    document = docx_of(exports.export_file(org, version, "docx"))
    texts = [p.text for p in document.paragraphs]
    assert "Version 1" in texts and "Tools and kinds of data" in texts
    assert document.tables[0].rows[0].cells[1].text == "Public"


def test_hostile_section_html_stays_text_in_the_docx(org):
    content = sample_content()
    content["sections"][0]["html"] = HOSTILE
    version = make_published_policy(org, sections=content["sections"])
    document = docx_of(exports.export_file(org, version, "docx"))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "alert" not in body and "display:none" not in body
    assert "<w:p>]]>" in body and "Einde" in body
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert not any("javascript" in t or "evil" in t for t in targets)


@needs_pdf
def test_the_pdf_has_the_same_content_in_the_policys_language(org):
    version = make_published_policy(org, number=2)
    text = pdf_text(exports.export_file(org, version, "pdf"))
    for expected in (
        "AI-beleid",
        "Demo BV",
        "Versie 2",
        "4.2 Persoonsgegevens en de AVG",
        "Tools en soorten gegevens",
        "Vertrouwelijk",
        "Alleen zonder persoonsgegevens",
        "Onder voorwaarde",
    ):
        assert expected in text, expected


@needs_pdf
def test_hostile_section_html_stays_text_in_the_pdf(org):
    content = sample_content()
    content["sections"][0]["html"] = HOSTILE
    version = make_published_policy(org, sections=content["sections"])
    export = exports.policy_export(org, version)
    html = exports.export_html(export)
    assert "<script" not in html and "<iframe" not in html and "<img" not in html
    assert "javascript:" not in html and "evil.example" not in html
    text = pdf_text(exports.export_file(org, version, "pdf"))
    assert "alert" not in text and "Einde" in text


def test_the_json_export_is_the_agreed_document(org):
    version = make_published_policy(org, number=4)
    document = json.loads(exports.export_file(org, version, "json"))
    assert (document["version"], document["language"]) == (4, "nl")
    assert [s["number"] for s in document["sections"]] == ["1", "4", "4.2"]
    assert set(document["matrix"]) == {"data_classes", "cells"}


def test_members_download_the_published_version_and_leaders_any_version(org):
    version = make_published_policy(org)
    draft = PolicyVersion.objects.create(
        policy=version.policy, number=2, content=sample_content(title="Concept")
    )
    member, lead = Client(), Client()
    member.force_login(make_member(org))
    lead.force_login(make_member(org, Role.LEAD))
    json_url = reverse("strategy:policy_export_json", kwargs={"org_slug": org.slug})
    response = member.get(json_url)
    assert response.status_code == 200 and json.loads(response.content)["version"] == 1
    docx_url = reverse("strategy:policy_export_docx", kwargs={"org_slug": org.slug})
    assert 'filename="ai-beleid-v1.docx"' in member.get(docx_url)["Content-Disposition"]
    assert member.get(json_url, {"version": draft.number}).status_code == 403
    assert json.loads(lead.get(json_url, {"version": draft.number}).content)["version"] == 2
    assert lead.get(json_url, {"version": "99"}).status_code == 404
    assert lead.get(json_url, {"version": "x"}).status_code == 404
    page = member.get(reverse("strategy:policy_downloads", kwargs={"org_slug": org.slug}))
    assert docx_url in page.content.decode() and "?version=" not in page.content.decode()
    page = lead.get(reverse("strategy:policy_downloads", kwargs={"org_slug": org.slug}))
    assert f"{docx_url}?version=2" in page.content.decode()


def test_without_a_published_version_there_is_nothing_to_download(org):
    client = Client()
    client.force_login(make_member(org))
    url = reverse("strategy:policy_export_docx", kwargs={"org_slug": org.slug})
    assert client.get(url).status_code == 404
