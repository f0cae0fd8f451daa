"""Small spreadsheet files built to hurt a reader: tests use them to show that the limits hold.

Built part by part with ``zipfile``, as an attacker would, rather than with a spreadsheet library
that would refuse to write them.
"""

from __future__ import annotations

import io
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/worksheet"/>'
    "</Relationships>"
)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx_with_cells(
    cells: dict[str, str], *, dimension: str | None = None, bomb_mb: int = 0
) -> bytes:
    """A one-sheet workbook with ``cells`` (``{"A1": "title"}``), the ``dimension`` it declares
    (none when None) and, with ``bomb_mb``, an extra part of that many megabytes of spaces that
    packs into a few hundred kilobytes (a zip bomb)."""
    rows: dict[int, list[str]] = {}
    for ref, text in cells.items():
        number = int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        rows.setdefault(number, []).append(_cell(ref, text))
    sheet_data = "".join(
        f'<row r="{number}">{"".join(row)}</row>' for number, row in sorted(rows.items())
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + f"<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if bomb_mb:
            info = zipfile.ZipInfo("xl/padding.xml")
            info.compress_type = zipfile.ZIP_DEFLATED
            chunk = b" " * (1024 * 1024)
            with archive.open(info, "w", force_zip64=True) as part:
                for _ in range(bomb_mb):
                    part.write(chunk)
    return buffer.getvalue()


def hostile_xlsx() -> bytes:
    """The file of issue 13: it declares A1:XFD1048576 and has one cell at XFD1048576 (under
    5 KB; openpyxl alone grows by gigabytes reading it)."""
    return xlsx_with_cells({"A1": "title", "XFD1048576": "x"}, dimension="A1:XFD1048576")
