"""A policy version as a file: DOCX (python-docx: real headings, the matrix as a real table), PDF
(WeasyPrint, as the scan's board report) and JSON (``koers.strategy.policy.document``), in the
version's own language.

The sections' HTML is never copied into a file: it is read as blocks of styled text
(``koers.strategy.policy.html_blocks``) and written again, as Word runs or as escaped HTML, so
whatever a section holds can only ever be text.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from koers.strategy.policy.content import Answer, Cell, PolicyContent
from koers.strategy.policy.document import policy_document
from koers.strategy.policy.html_blocks import Block, html_blocks
from koers.strategy.selectors.checker import version_content

if TYPE_CHECKING:
    from koers.orgs.models import Organisation
    from koers.strategy.models import PolicyVersion

FORMATS = ("docx", "pdf", "json")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json",
}
# Characters XML 1.0 cannot hold (a DOCX is XML): dropped rather than refused.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class MatrixRow:
    tool: str
    cells: list[Cell | None]


@dataclass(frozen=True)
class ExportedSection:
    number: str
    title: str
    level: int  # 1 for "4", 2 for "4.2", 3 for "4.2.1"
    anchor: str
    blocks: list[Block]


@dataclass(frozen=True)
class PolicyExport:
    """What every format shows, worked out once."""

    organisation: str
    number: int
    language: str
    title: str
    published_at: datetime | None
    sections: list[ExportedSection]
    data_classes: list[str]  # the labels, in the policy's order
    rows: list[MatrixRow]


def section_anchor(number: str) -> str:
    """The id of a section on the policy's pages and in the PDF: ``section-4-2``."""
    return "section-" + number.replace(".", "-")


def policy_export(organisation: Organisation, version: PolicyVersion) -> PolicyExport:
    content = version_content(version)
    return PolicyExport(
        organisation=organisation.name,
        number=version.number,
        language=content.language,
        title=content.title,
        published_at=version.published_at,
        sections=[
            ExportedSection(
                number=s.number,
                title=s.title,
                level=s.number.count(".") + 1,
                anchor=section_anchor(s.number),
                blocks=html_blocks(s.html),
            )
            for s in content.sections
        ],
        data_classes=[d.label for d in content.data_classes],
        rows=matrix_rows(content),
    )


def matrix_rows(content: PolicyContent) -> list[MatrixRow]:
    return [
        MatrixRow(tool.name, [content.cell(tool.key, d.key) for d in content.data_classes])
        for tool in content.tools
    ]


def answer_label(cell: Cell | None) -> str:
    """A cell's answer in words (in the active language)."""
    if cell is None:
        return _("Not decided")
    return {
        Answer.YES: _("Yes"),
        Answer.NO: _("No"),
        Answer.CONDITIONAL: _("Conditional"),
    }[cell.answer]


def see_section(number: str) -> str:
    return _("see %(section)s") % {"section": number}


def legend() -> list[tuple[str, str]]:
    return [
        (_("Yes"), _("allowed for this kind of data.")),
        (_("Conditional"), _("allowed only under the condition in the cell.")),
        (_("No"), _("not allowed for this kind of data.")),
        (_("Not decided"), _("not approved yet; ask the programme team.")),
    ]


def published_on(export: PolicyExport) -> str:
    if export.published_at is None:
        return _("Not published")
    day = formats.date_format(export.published_at.date(), "j F Y")
    return _("Published on %(day)s") % {"day": day}


def export_filename(version: PolicyVersion, fmt: str) -> str:
    """``ai-beleid-v3.docx``: named in the version's language."""
    with translation.override(version_content(version).language):
        stem = _("ai-policy")
    return f"{stem}-v{version.number}.{fmt}"


def export_file(organisation: Organisation, version: PolicyVersion, fmt: str) -> bytes:
    """The version in ``fmt`` (docx, pdf or json), in the version's language."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "json":
        document = policy_document(version_content(version), version.number)
        return json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n"
    export = policy_export(organisation, version)
    with translation.override(export.language):
        return export_docx(export) if fmt == "docx" else export_pdf(export)


# --- DOCX ----------------------------------------------------------------------------------------


def _add_runs(paragraph: Any, block: Block) -> None:
    for run in block.runs:
        text = xml_safe(run.text)
        if run.href:
            _add_hyperlink(paragraph, text, xml_safe(run.href), bold=run.bold, italic=run.italic)
            continue
        added = paragraph.add_run(text)
        added.bold = run.bold or None
        added.italic = run.italic or None


def _add_hyperlink(paragraph: Any, text: str, url: str, *, bold: bool, italic: bool) -> None:
    """A real Word hyperlink (python-docx has no call for it): a relationship to the URL and a
    ``w:hyperlink`` holding one run in the Hyperlink style."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    for name, on in (("w:b", bold), ("w:i", italic)):
        if on:
            properties.append(OxmlElement(name))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    properties.append(color)
    properties.append(underline)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def _list_style(block: Block) -> str:
    base = "List Number" if block.kind == "number" else "List Bullet"
    return base if block.level == 0 else f"{base} {min(block.level + 1, 3)}"


def export_docx(export: PolicyExport) -> bytes:
    """The version as a Word document: a title page, one heading per section with its number,
    the section's text, and the matrix as a table with a legend."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    document = Document()
    properties = document.core_properties
    properties.title = xml_safe(export.title)
    properties.language = export.language
    properties.author = properties.last_modified_by = xml_safe(export.organisation)
    properties.comments = _("Made with Koers")
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    page = document.sections[0]  # A4, as Dutch organisations print (python-docx starts on Letter)
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = Cm(2.5)
    _add_footer(page.footer.paragraphs[0], export)

    document.add_heading(xml_safe(export.title), level=0)
    document.add_paragraph(xml_safe(export.organisation))
    document.add_paragraph(_("Version %(number)s") % {"number": export.number})
    document.add_paragraph(published_on(export))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for section in export.sections:
        document.add_heading(xml_safe(f"{section.number} {section.title}"), level=section.level)
        for block in section.blocks:
            if block.kind in ("bullet", "number"):
                paragraph = document.add_paragraph(style=_list_style(block))
            else:
                paragraph = document.add_paragraph()
            _add_runs(paragraph, block)
            if block.kind == "heading":
                for run in paragraph.runs:
                    run.bold = True

    document.add_heading(_("Tools and kinds of data"), level=1)
    for term, meaning in legend():
        paragraph = document.add_paragraph()
        paragraph.add_run(term).bold = True
        paragraph.add_run(f": {meaning}")
    table = document.add_table(rows=1, cols=len(export.data_classes) + 1)
    table.style = "Table Grid"
    _repeat_on_every_page(table.rows[0])
    header = table.rows[0].cells
    header[0].text = _("Tool")
    for cell, label in zip(header[1:], export.data_classes, strict=True):
        cell.text = xml_safe(label)
    for cell in header:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in export.rows:
        cells = table.add_row().cells
        cells[0].text = xml_safe(row.tool)
        for word_cell, cell in zip(cells[1:], row.cells, strict=True):
            paragraph = word_cell.paragraphs[0]
            paragraph.add_run(answer_label(cell)).bold = True
            if cell is not None and cell.condition:
                word_cell.add_paragraph(xml_safe(cell.condition))
            if cell is not None and cell.section:
                word_cell.add_paragraph(f"({see_section(cell.section)})")
    out = BytesIO()
    document.save(out)
    return out.getvalue()


FIELDS = {"{page}": "PAGE", "{pages}": "NUMPAGES"}


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _add_footer(paragraph: Any, export: PolicyExport) -> None:
    """``AI-beleid · Demo BV · versie 3 · pagina 2 van 9``"""
    from docx.shared import Pt

    paragraph.style.font.size = Pt(9)
    version = _("version %(number)s") % {"number": export.number}
    paragraph.add_run(xml_safe(f"{export.title} · {export.organisation} · {version} · "))
    # Translators: the footer's page number, "page 2 of 9"; keep {page} and {pages} (Word fills
    # them in), in any order.
    for part in re.split(r"(\{page\}|\{pages\})", _("page {page} of {pages}")):
        if part in FIELDS:
            _field(paragraph, FIELDS[part])
        elif part:
            paragraph.add_run(part)


def _repeat_on_every_page(row: Any) -> None:
    """Word repeats the table's header row at the top of each page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


# --- PDF -----------------------------------------------------------------------------------------


@functools.cache
def pdf_available() -> bool:
    """Whether WeasyPrint and its system libraries (Pango) can be loaded."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"the policy export fetches nothing: {url}")


def export_html(export: PolicyExport) -> str:
    """The printable HTML of the PDF (in the active language); every text is escaped."""
    return render_to_string(
        "strategy/policy_export_pdf.html",
        {
            "export": export,
            "published_on": published_on(export),
            "legend": legend(),
            "rows": [
                {
                    "tool": row.tool,
                    "cells": [
                        {
                            "cell": cell,
                            "label": answer_label(cell),
                            "see": see_section(cell.section) if cell and cell.section else "",
                        }
                        for cell in row.cells
                    ],
                }
                for row in export.rows
            ],
        },
    )


def pdf_document(html: str) -> Any:
    """The HTML laid out in pages; nothing is fetched over the network or from disk."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url="about:blank", url_fetcher=_refuse).render()


def export_pdf(export: PolicyExport) -> bytes:
    return bytes(pdf_document(export_html(export)).write_pdf())
