"""Reading an uploaded spreadsheet (CSV, XLSX or a JSON list of objects) into text cells.

No Django import: bytes and a file name in, headers and rows of strings out. Errors carry a
``code`` and ``params`` so that the caller can word them in the user's language. The size limit
(``KOERS_MAX_IMPORT_BYTES``) is checked by callers, before the bytes reach this module; every other
bound (``Limits``: rows, columns, cells, the length of a cell, and for XLSX what the zip unpacks to,
its parts and sheets, and the size a sheet declares) is checked here, before or while reading, so
that a small hostile file cannot make the reader grow without bound.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

DELIMITERS = (",", ";", "\t")
LIST_SEPARATOR = "; "

# A spreadsheet reads a cell that starts with one of these as a formula (or, for tab and carriage
# return, skips to one that does): ``=HYPERLINK(…)``, ``+1+1``, ``-2+3``, ``@SUM(…)``.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text that a spreadsheet would read as a formula, possibly behind apostrophes we added before.
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


def is_formula_like(value: Any) -> bool:
    """True for text a spreadsheet would run as a formula. Numbers (also negative ones) are not
    text, so they are never formula-like."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """A cell as it may go into a CSV file: text a spreadsheet would run as a formula gets an
    apostrophe in front (``'=1+1``), which spreadsheets show as text. Text that already starts
    with apostrophes before such a character gets one more, so ``unneutralise`` can always undo
    it. Everything else, numbers included, is returned as it is."""
    if is_formula_like(value) or (isinstance(value, str) and _NEUTRALISED.match(value)):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    """Undo ``neutralise`` on a cell read from a CSV file: ``'=1+1`` is ``=1+1`` again."""
    return text[1:] if _NEUTRALISED.match(text) else text


def write_csv(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    """CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF line
    ends, and every cell through ``neutralise``. A negative number stays a number; text that
    starts with ``-`` gets the apostrophe like any other formula-like text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in headers])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class Limits:
    """What a file may hold. ``rows`` counts rows with content below the header; ``lines`` counts
    every row read, blank ones too (Excel's own maximum), so blank rows cannot be used to keep the
    reader busy either."""

    rows: int = 200_000
    columns: int = 500
    cells: int = 5_000_000  # rows times columns
    cell_chars: int = 131_072  # the csv module's own default field limit
    lines: int = 1_048_576
    unpacked_bytes: int = 256 * 1024 * 1024  # XLSX: every part of the zip, unpacked
    parts: int = 2_000  # XLSX: files in the zip
    sheets: int = 100


LIMITS = Limits()


class TabularError(ValueError):
    """The file cannot be read as a table. ``code`` names the problem; ``params`` fill it in."""

    MESSAGES = {
        "empty": "The file is empty.",
        "no_header": "The first row must name the columns.",
        "unreadable": "The file cannot be read as {kind}: {detail}",
        "old_excel": "This is an old Excel file (.xls); save it as .xlsx or CSV first.",
        "duplicate_headers": "These column names appear more than once: {names}.",
        "extra_cells": "Row {row} has more cells than there are column names.",
        "not_a_list": "A JSON file must hold a list of objects, one per row.",
        "too_many_rows": "The file has more than {max} rows; split it into smaller files.",
        "too_many_columns": "The file has more than {max} columns.",
        "too_many_cells": "The file has more than {max} cells (rows times columns); split it into "
        "smaller files.",
        "cell_too_long": "Row {row} has a cell longer than {max} characters.",
        "too_large_unpacked": "The workbook unpacks to more than {mb} MB; split it into smaller "
        "files.",
        "too_many_parts": "The workbook consists of more than {max} parts.",
        "too_many_sheets": "The workbook has more than {max} sheets; keep only the sheet to "
        "import.",
        "declared_too_large": "The first sheet says it spans {ref}: more than Koers reads (at most "
        "{rows} rows, {columns} columns and {cells} cells).",
    }

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.MESSAGES[code].format(**params))


@dataclass(frozen=True)
class Table:
    """Headers and rows of text. ``row_numbers[i]`` is the row as the user sees it in the file
    (the header is row 1), so error messages point at the right line in a spreadsheet."""

    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        for number, row in zip(self.row_numbers, self.rows, strict=True):
            yield number, dict(zip(self.headers, row, strict=True))

    def __len__(self) -> int:
        return len(self.rows)


def read_table(content: bytes, filename: str, limits: Limits = LIMITS) -> Table:
    """Read CSV, XLSX or JSON; the format follows the file's content first, then its name."""
    if not content.strip():
        raise TabularError("empty")
    name = filename.lower()
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise TabularError("old_excel")
    if content.startswith(b"PK") or name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content, limits)
    if name.endswith(".json") or content.lstrip()[:1] == b"[":
        return _read_json(content, limits)
    return _read_csv(content, limits)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise TabularError("unreadable", kind="CSV", detail="unknown text encoding") from error


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header row into the most columns (comma on a tie)."""
    best, best_count = ",", 0
    for delimiter in DELIMITERS:
        try:
            row = next(csv.reader(io.StringIO(text[:65536]), delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(row) > best_count:
            best, best_count = delimiter, len(row)
    return best


# Excel's first line naming the delimiter (``sep=;``); Excel hides it, so rows count after it.
_SEP_LINE = re.compile(r"sep=([^\r\n\"])[ ]*(?:\r\n|\n|\r|$)", re.IGNORECASE)


def _read_csv(content: bytes, limits: Limits) -> Table:
    text = _decode(content)
    named = _SEP_LINE.match(text)
    if named:
        text = text[named.end() :]
    delimiter = named.group(1) if named else sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _build(_csv_records(reader, limits), limits)


def _csv_records(reader: Iterator[list[str]], limits: Limits) -> Iterator[list[str]]:
    number = 0
    while True:
        number += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise TabularError("cell_too_long", row=number, max=limits.cell_chars) from error
            raise TabularError("unreadable", kind="CSV", detail=str(error)) from error
        yield [unneutralise(cell) for cell in record]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


_SHEET_PART = re.compile(r"xl/(?:work|chart|dialog)sheets/[^/]+\.xml", re.IGNORECASE)


def _check_workbook(content: bytes, limits: Limits) -> None:
    """Refuse a workbook by what its zip declares, before anything is unpacked. The zip module
    never unpacks more of a part than its declared size (it stops there and reports a damaged
    file), so a zip bomb is caught here."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise TabularError(
            "unreadable", kind="XLSX", detail=str(error) or "damaged file"
        ) from error
    if len(parts) > limits.parts:
        raise TabularError("too_many_parts", max=limits.parts)
    if sum(part.file_size for part in parts) > limits.unpacked_bytes:
        raise TabularError("too_large_unpacked", mb=limits.unpacked_bytes // (1024 * 1024))
    if sum(1 for part in parts if _SHEET_PART.fullmatch(part.filename)) > limits.sheets:
        raise TabularError("too_many_sheets", max=limits.sheets)


def _check_declared_size(sheet: Any, limits: Limits) -> None:
    """Refuse a sheet whose declared size (its ``dimension``, e.g. ``A1:XFD1048576``) is over
    the limits; a declared size is a promise, so the rows are counted again while reading."""
    rows, columns = sheet.max_row, sheet.max_column
    if rows is None or columns is None:
        return
    if rows > limits.rows + 1 or columns > limits.columns or rows * columns > limits.cells:
        raise TabularError(
            "declared_too_large",
            ref=sheet.calculate_dimension(),
            rows=limits.rows,
            columns=limits.columns,
            cells=limits.cells,
        )


def _read_xlsx(content: bytes, limits: Limits) -> Table:
    from openpyxl import load_workbook

    _check_workbook(content, limits)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TabularError(
            "unreadable", kind="XLSX", detail=str(error) or "damaged file"
        ) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise TabularError("empty")
        _check_declared_size(sheet, limits)
        # Read the rows as they are in the file rather than padded to the declared size: each
        # row only as wide as its last cell, a missing row as an empty one; ``_build`` bounds them.
        sheet.reset_dimensions()
        records = (
            [_cell_text(v) for v in row] for row in sheet.iter_rows(min_row=1, values_only=True)
        )
        try:
            return _build(records, limits)
        except TabularError:
            raise
        except (zipfile.BadZipFile, OSError, ValueError) as error:  # damaged while streaming
            raise TabularError(
                "unreadable", kind="XLSX", detail=str(error) or "damaged file"
            ) from error
    finally:
        workbook.close()


def _json_cell(value: Any) -> str:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    return _cell_text(value)


def _read_json(content: bytes, limits: Limits) -> Table:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TabularError("unreadable", kind="JSON", detail=str(error)) from error
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise TabularError("not_a_list")
    if not data:
        raise TabularError("empty")
    headers: dict[str, None] = {}
    for item in data:
        headers.update(dict.fromkeys(str(key) for key in item))
    names = list(headers)
    records = [names] + [[_json_cell(item.get(name)) for name in names] for item in data]
    return _build(records, limits)


def _build(records: Iterable[list[str]], limits: Limits) -> Table:
    """Turn raw records (header first) into a Table; blank rows are skipped but still counted.
    Reads ``records`` one by one and stops at the first limit, so a generator over a hostile file
    is never read further than the limits allow."""
    headers: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    for number, record in enumerate(records, start=1):
        if number > limits.lines:
            raise TabularError("too_many_rows", max=limits.rows)
        while record and not record[-1].strip():
            record = record[:-1]
        if not record:
            continue
        if len(record) > limits.columns:
            raise TabularError("too_many_columns", max=limits.columns)
        if any(len(cell) > limits.cell_chars for cell in record):
            raise TabularError("cell_too_long", row=number, max=limits.cell_chars)
        if headers is None:
            headers = _headers(record)
            continue
        if not any(cell.strip() for cell in record):
            continue
        width = len(headers)
        if len(record) > width:
            raise TabularError("extra_cells", row=number)
        if len(rows) >= limits.rows:
            raise TabularError("too_many_rows", max=limits.rows)
        if (len(rows) + 1) * width > limits.cells:
            raise TabularError("too_many_cells", max=limits.cells)
        rows.append(record + [""] * (width - len(record)))
        numbers.append(number)
    if headers is None:
        raise TabularError("empty")
    return Table(headers=headers, rows=rows, row_numbers=numbers)


def _headers(record: list[str]) -> list[str]:
    headers = [cell.strip() for cell in record]
    if not any(headers):
        raise TabularError("no_header")
    headers = [h or f"column {i + 1}" for i, h in enumerate(headers)]
    folded = [h.casefold() for h in headers]
    duplicates = sorted({h for h, f in zip(headers, folded, strict=True) if folded.count(f) > 1})
    if duplicates:
        raise TabularError("duplicate_headers", names=", ".join(duplicates))
    return headers


def write_xlsx(title: str, headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    """One sheet with a header row. Formula-like text (``is_formula_like``) is stored as a text
    cell, never a formula, so a cell from a user cannot run in the reader's spreadsheet; it keeps
    its exact text, as an XLSX text cell needs no apostrophe. Numbers stay numbers (negative ones
    too). Characters XLSX forbids are left out."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(headers)
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if is_formula_like(value):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"
                    value = cell
            cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
