"""Importing and exporting the use-case register."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from koers.backlog.models.usecases import Stage, Technique, UseCase
from koers.backlog.selectors.usecases import UseCaseFilter
from koers.backlog.services.transfer.exporting import usecase_export
from koers.backlog.services.transfer.formats import COLUMNS as USECASE_COLUMNS
from koers.backlog.services.transfer.formats import (
    EXPORT_COLUMNS,
    EXPORT_ONLY,
    federal_row,
    is_federal,
)
from koers.backlog.services.transfer.importing import usecase_import
from koers.core.models import Change
from koers.core.tabular import read_table
from koers.orgs.importing import ImportFailed, SystemActor, guess_mapping, read_upload
from koers.orgs.models import Department, Role
from koers.testing.factories import ctx_for, make_member, make_org, make_usecase
from koers.testing.shared_data import FEDERAL, needs_federal


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def table_of(rows: list[dict[str, str]], name: str = "usecases.csv"):
    return read_table(csv_bytes(rows), name)


def system(org):
    return SystemActor(org)


# --- Koers's own format ----------------------------------------------------------------------


def test_it_imports_rows_with_choices_given_as_codes_or_english_or_dutch_labels(org):
    table = table_of(
        [
            {
                "Title": "Summarise meeting notes",
                "Problem": "Minutes take hours",
                "Departments": "Finance; HR",
                "Personal data": "ja",
                "Technique": "Generative AI",
                "Stage": "pilot",
                "Hours saved per month": "12,5",
            },
            {
                "Title": "Invoice matching",
                "Problem": "",
                "Departments": "finance",
                "Personal data": "No",
                "Technique": "classical_ml",
                "Stage": "Beoordeeld",
                "Hours saved per month": "",
            },
        ]
    )
    result = usecase_import(system(org), table=table)
    assert (result.created, result.updated, result.departments_created) == (2, 0, 0)
    first, second = UseCase.objects.filter(organisation=org).order_by("number")
    assert first.personal_data == "yes"
    assert first.technique == Technique.GENERATIVE
    assert first.stage == Stage.PILOT
    assert first.hours_saved_per_month == Decimal("12.5")
    assert sorted(d.name for d in first.departments.all()) == ["Finance", "HR"]
    assert second.stage == Stage.ASSESSED
    assert [d.name for d in second.departments.all()] == ["Finance"]
    assert first.submitted_by is None


@pytest.mark.parametrize(
    ("header", "value", "readiness"),
    [
        ("Gegevens beschikbaar", "ja", "ready"),
        ("Data beschikbaar", "Beschikbaar", "ready"),
        ("Databeschikbaarheid", "deels", "partial"),
        ("data_readiness", "Gedeeltelijk", "partial"),
        ("Data readiness", "Niet beschikbaar", "missing"),
        ("gegevens beschikbaar", "nee", "missing"),
        ("Data readiness", "Weet niet", "unknown"),
        ("Data readiness", "onbekend", "unknown"),
        ("data_readiness", "Available, needs work", "partial"),
        ("data_readiness", "missing", "missing"),
    ],
)
def test_it_imports_data_readiness_from_dutch_or_english_headers_and_values(
    org, header, value, readiness
):
    usecase_import(system(org), table=table_of([{"Titel": "Notulen", header: value}]))
    assert UseCase.objects.get().data_readiness == readiness


def test_it_keeps_data_readiness_on_an_empty_cell_and_defaults_a_new_one_to_unknown(org):
    kept = make_usecase(org, title="Kept", data_readiness="ready")
    table = table_of(
        [
            {"reference": kept.reference, "title": "Kept", "data_readiness": ""},
            {"reference": "", "title": "New", "data_readiness": ""},
        ]
    )
    usecase_import(system(org), table=table)
    readiness = dict(UseCase.objects.values_list("title", "data_readiness"))
    assert readiness == {"Kept": "ready", "New": "unknown"}


def test_it_refuses_an_unknown_data_readiness_and_imports_nothing(org):
    table = table_of(
        [
            {"Titel": "Fine", "Gegevens beschikbaar": "ja"},
            {"Titel": "Not fine", "Gegevens beschikbaar": "misschien"},
        ]
    )
    with pytest.raises(ImportFailed) as caught:
        usecase_import(system(org), table=table)
    [error] = caught.value.errors
    assert (error.row, error.column) == (3, "Gegevens beschikbaar")
    assert "“misschien” is not one of:" in error.message
    assert "Available and usable (ready)" in error.message
    assert not UseCase.objects.exists()
    assert not Change.objects.exists()


def test_it_records_a_changed_data_readiness_in_the_history(org):
    usecase = make_usecase(org, title="Same")
    table = table_of([{"reference": usecase.reference, "title": "Same", "data readiness": "deels"}])
    result = usecase_import(system(org), table=table)
    assert result.updated == 1
    change = Change.objects.get(subject_id=usecase.pk, action="imported")
    assert change.fields == {"data_readiness": ["unknown", "partial"]}


def test_it_matches_dutch_and_differently_written_headers():
    headers = ["Referentie", "TITEL", "probleem", "Oplossing", "afdelingen", "AI_technique", "Fase"]
    mapping = guess_mapping(headers, USECASE_COLUMNS)
    assert mapping == {
        "reference": "Referentie",
        "title": "TITEL",
        "problem": "probleem",
        "solution": "Oplossing",
        "departments": "afdelingen",
        "technique": "AI_technique",
        "stage": "Fase",
    }


def test_it_creates_departments_as_needed_and_audits_them(org):
    usecase_import(system(org), table=table_of([{"title": "A", "departments": "Legal; Ops"}]))
    assert set(org.departments.values_list("name", flat=True)) == {"Finance", "HR", "Legal", "Ops"}
    created = Change.objects.filter(organisation=org, subject="orgs.department", action="created")
    assert created.count() == 2
    assert created.first().actor_label == "koers import (CLI)"


def test_it_writes_one_imported_audit_row_per_use_case(org):
    usecase_import(system(org), table=table_of([{"title": "A"}, {"title": "B"}]), note="f.csv")
    changes = Change.objects.filter(organisation=org, subject="backlog.usecase")
    assert changes.count() == 2
    assert set(changes.values_list("action", flat=True)) == {"imported"}
    assert changes.first().fields["title"][0] is None
    assert changes.first().note == "f.csv"


def test_it_numbers_new_use_cases_after_the_existing_ones(org):
    make_usecase(org)
    make_usecase(org)
    usecase_import(system(org), table=table_of([{"title": "A"}, {"title": "B"}]))
    assert sorted(UseCase.objects.filter(organisation=org).values_list("number", flat=True)) == [
        1,
        2,
        3,
        4,
    ]


def test_it_updates_the_use_case_a_reference_names_instead_of_duplicating(org, lead):
    usecase = make_usecase(org, title="Old title", by=lead)
    table = table_of([{"reference": usecase.reference, "title": "New title", "stage": "assessed"}])
    result = usecase_import(ctx_for(lead, org), table=table)
    assert (result.created, result.updated) == (0, 1)
    usecase.refresh_from_db()
    assert (usecase.title, usecase.stage) == ("New title", Stage.ASSESSED)
    assert usecase.problem  # not in the file, so left as it was
    change = Change.objects.filter(subject_id=usecase.pk, action="imported").get()
    assert change.fields == {"title": ["Old title", "New title"], "stage": ["idea", "assessed"]}
    assert change.actor == lead


def test_it_reports_a_re_imported_identical_row_as_unchanged(org):
    usecase = make_usecase(org, title="Same")
    result = usecase_import(system(org), table=table_of([{"reference": "uc-1", "title": "Same"}]))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert not Change.objects.filter(subject_id=usecase.pk, action="imported").exists()


def test_it_keeps_a_free_reference_and_numbers_the_rest_after_it(org):
    table = table_of([{"reference": "UC-40", "title": "A"}, {"reference": "", "title": "B"}])
    usecase_import(system(org), table=table)
    assert dict(UseCase.objects.values_list("title", "number")) == {"A": 40, "B": 41}


def test_it_links_a_submitter_by_e_mail_when_they_are_a_member(org, member):
    table = table_of([{"title": "A", "submitted_by": member.email.upper()}])
    usecase_import(system(org), table=table)
    assert UseCase.objects.get().submitted_by == member


def test_it_does_not_let_a_use_case_of_another_organisation_be_updated(org, other_org):
    theirs = make_usecase(other_org, title="Theirs")
    usecase_import(system(org), table=table_of([{"reference": theirs.reference, "title": "Mine"}]))
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"
    assert UseCase.objects.get(organisation=org).title == "Mine"


def test_it_refuses_a_person_without_the_import_permission(org, member):
    with pytest.raises(PermissionDenied):
        usecase_import(ctx_for(member, org), table=table_of([{"title": "A"}]))


# --- all or nothing --------------------------------------------------------------------------


def test_it_rejects_the_whole_file_and_lists_every_bad_row_and_column(org):
    table = table_of(
        [
            {"title": "Fine", "stage": "idea", "hours_saved_per_month": "3", "reference": ""},
            {"title": "", "stage": "someday", "hours_saved_per_month": "-1", "reference": ""},
            {"title": "Also fine", "stage": "", "hours_saved_per_month": "lots", "reference": "x"},
        ]
    )
    with pytest.raises(ImportFailed) as caught:
        usecase_import(system(org), table=table)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {
        (3, "title"),
        (3, "stage"),
        (3, "hours_saved_per_month"),
        (4, "hours_saved_per_month"),
        (4, "reference"),
    }
    assert not UseCase.objects.exists()
    assert not Change.objects.exists()


def test_it_names_the_columns_as_the_file_calls_them(org):
    table = table_of([{"Titel": "A", "Fase": "later"}])
    with pytest.raises(ImportFailed) as caught:
        usecase_import(system(org), table=table)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "Fase")]
    assert "later" in caught.value.errors[0].message


def test_it_rejects_a_reference_used_twice_in_the_file(org):
    table = table_of([{"reference": "UC-3", "title": "A"}, {"reference": "3", "title": "B"}])
    with pytest.raises(ImportFailed) as caught:
        usecase_import(system(org), table=table)
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "reference")]
    assert "row 2" in caught.value.errors[0].message


def test_it_rejects_a_submitter_who_is_not_in_the_organisation(org, other_org):
    outsider = make_member(other_org)
    with pytest.raises(ImportFailed) as caught:
        usecase_import(
            system(org), table=table_of([{"title": "A", "submitted_by": outsider.email}])
        )
    assert caught.value.errors[0].column == "submitted_by"


def test_it_rejects_an_anonymous_use_case_that_names_its_submitter(org, member):
    table = table_of([{"title": "A", "anonymous": "yes", "submitted_by": member.email}])
    with pytest.raises(ImportFailed):
        usecase_import(system(org), table=table)


def test_it_requires_a_reason_for_a_rejected_use_case(org):
    with pytest.raises(ImportFailed) as caught:
        usecase_import(system(org), table=table_of([{"title": "A", "stage": "rejected"}]))
    assert caught.value.errors[0].column == "rejection_reason"


def test_it_asks_for_a_title_column_when_none_matches(org):
    with pytest.raises(ImportFailed) as caught:
        usecase_import(system(org), table=table_of([{"what": "A"}]))
    assert caught.value.errors[0].row is None
    assert "title" in caught.value.errors[0].message


def test_it_uses_the_mapping_it_is_given(org):
    table = table_of([{"Idea": "Chatbot", "Pain": "Slow answers"}])
    usecase_import(system(org), table=table, mapping={"title": "Idea", "problem": "Pain"})
    assert UseCase.objects.values_list("title", "problem").get() == ("Chatbot", "Slow answers")


def test_it_changes_nothing_on_a_dry_run_but_says_what_would_happen(org):
    make_usecase(org)
    table = table_of([{"reference": "UC-1", "title": "Renamed"}, {"reference": "", "title": "B"}])
    result = usecase_import(system(org), table=table, dry_run=True)
    assert (result.created, result.updated) == (1, 1)
    assert UseCase.objects.count() == 1
    assert UseCase.objects.get().title != "Renamed"


def test_it_refuses_files_over_the_size_limit(settings):
    settings.KOERS_MAX_IMPORT_BYTES = 10
    with pytest.raises(ImportFailed) as caught:
        read_upload(b"title\nA long enough file\n", "f.csv")
    assert "larger than" in caught.value.errors[0].message


# --- the federal inventory -------------------------------------------------------------------


FEDERAL_HEADERS = [
    "agency",
    "agency_name",
    "id",
    "use_case_name",
    "agency_bureau",
    "development_stage",
    "is_high_impact",
    "topic_area",
    "classification",
    "problem_solved",
    "benefits",
    "system_outputs",
    "data_description",
    "has_pii",
    "demographic_features",
]


def federal(**values: str) -> dict[str, str]:
    row = dict.fromkeys(FEDERAL_HEADERS, "")
    row.update(
        agency="DOE",
        agency_name="Department of Energy",
        id="DOE-1",
        use_case_name="Grid AI",
        development_stage="Pilot",
        classification="Agentic AI",
        has_pii="No",
        topic_area="Energy",
        is_high_impact="High-impact",
        demographic_features="[]",
    )
    row.update(values)
    return row


def test_it_maps_a_federal_row_to_koers_fields_and_keeps_the_rest_as_source():
    row = federal_row(federal(problem_solved="Outages", system_outputs="Alerts"))
    assert row["title"] == "Grid AI"
    assert row["technique"] == "agentic"
    assert row["stage"] == "pilot"
    assert row["personal_data"] == "no"
    assert "data_readiness" not in row  # the inventory has no such column: stays unknown
    assert row["departments"] == "Department of Energy"
    assert row["external_id"] == "DOE-1"
    assert row["source"]["topic_area"] == "Energy"
    assert row["source"]["is_high_impact"] == "High-impact"
    assert "demographic_features" not in row["source"]  # "[]" is empty


@pytest.mark.parametrize(
    ("federal_value", "technique"),
    [
        ("Generative AI", "generative"),
        ("Computer Vision", "vision"),
        ("NLP", "nlp"),
        ("Classical ML", "classical_ml"),
        ("Reinforcement Learning", "other"),
        ("", "other"),
    ],
)
def test_it_maps_every_federal_classification_to_a_technique(federal_value, technique):
    assert federal_row(federal(classification=federal_value))["technique"] == technique


@pytest.mark.parametrize(
    ("federal_value", "stage"),
    [
        ("Pre-deployment", "assessed"),
        ("Pilot", "pilot"),
        ("Deployed", "live"),
        ("Retired", "retired"),
        ("", "idea"),
    ],
)
def test_it_maps_every_federal_development_stage(federal_value, stage):
    assert federal_row(federal(development_stage=federal_value))["stage"] == stage


@pytest.mark.parametrize(("has_pii", "personal"), [("Yes", "yes"), ("No", "no"), ("", "unknown")])
def test_it_maps_the_federal_pii_flag(has_pii, personal):
    assert federal_row(federal(has_pii=has_pii))["personal_data"] == personal


def test_it_derives_a_title_for_a_federal_row_without_a_name():
    row = federal_row(federal(use_case_name="", benefits="Supports research. And more."))
    assert row["title"] == "Supports research."


def test_it_recognises_the_federal_format_without_a_mapping(org):
    table = table_of([federal(), federal(id="DOE-2", agency_name="NASA")])
    assert is_federal(table.headers)
    usecase_import(system(org), table=table)
    usecase = UseCase.objects.get(external_id="DOE-1")
    assert usecase.source["topic_area"] == "Energy"
    assert usecase.technique == "agentic"
    assert usecase.data_readiness == "unknown"
    assert Department.objects.filter(organisation=org, name="NASA").exists()


def test_it_names_the_federal_column_of_a_bad_federal_row(org):
    with pytest.raises(ImportFailed) as caught:
        usecase_import(system(org), table=table_of([federal(), federal(use_case_name="x" * 301)]))
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "use_case_name")]


@needs_federal
def test_it_imports_all_2168_federal_rows_without_a_query_per_row(org):
    # How long it takes is measured by `koers bench import` (usecases_seconds), not here.
    table = read_upload(FEDERAL.read_bytes(), FEDERAL.name)
    with CaptureQueriesContext(connection) as queries:
        result = usecase_import(system(org), table=table)
    assert result.created == 2168
    assert UseCase.objects.filter(organisation=org).count() == 2168
    assert Change.objects.filter(organisation=org, action="imported").count() == 2168
    assert len(queries) < 200  # batched inserts (SQLite takes ~40 rows a batch), not per row
    topic_areas = UseCase.objects.filter(organisation=org, source__topic_area="Law Enforcement")
    assert topic_areas.exists()


@needs_federal
def test_it_imports_nothing_from_a_federal_file_with_one_bad_row_and_names_that_row(org):
    text = FEDERAL.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    rows[99]["use_case_name"] = "x" * 400
    with pytest.raises(ImportFailed) as caught:
        usecase_import(system(org), table=read_table(csv_bytes(rows), "bad.csv"))
    assert [(e.row, e.column) for e in caught.value.errors] == [(101, "use_case_name")]
    assert not UseCase.objects.filter(organisation=org).exists()


# --- export ----------------------------------------------------------------------------------


def exported(org, fmt: str, **filters) -> list[dict[str, object]]:
    content = usecase_export(
        organisation=org, fmt=fmt, filters=UseCaseFilter(**filters) if filters else None
    )
    table = read_table(content, f"export.{fmt}")
    return [record for _line, record in table.records()]


def test_it_exports_the_documented_columns_in_order(org):
    make_usecase(org, title="A", hours_saved_per_month=Decimal("4.5"))
    content = usecase_export(organisation=org, fmt="csv")
    assert content.startswith("\ufeff".encode())
    header = content.decode("utf-8-sig").splitlines()[0].split(",")
    assert tuple(header) == EXPORT_COLUMNS
    assert exported(org, "csv")[0]["hours_saved_per_month"] == "4.5"


def test_it_exports_json_with_numbers_as_numbers_and_lists_as_lists(org):
    make_usecase(org, title="A", hours_saved_per_month=Decimal("4.5"))
    [record] = json.loads(usecase_export(organisation=org, fmt="json"))
    assert set(record) == set(EXPORT_COLUMNS)
    assert record["hours_saved_per_month"] == 4.5
    assert record["other_value_eur_per_year"] is None
    assert record["departments"] == ["Finance"]
    assert record["data_readiness"] == "unknown"
    assert record["anonymous"] is False
    assert record["votes"] == 0


def test_it_exports_numbers_as_numbers_in_xlsx_and_formulas_as_plain_text(org):
    make_usecase(org, title="=1+1", other_value_eur_per_year=Decimal("1000"))
    workbook = load_workbook(io.BytesIO(usecase_export(organisation=org, fmt="xlsx")))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(headers, sheet[2], strict=True)}
    assert row["other_value_eur_per_year"].value == 1000
    assert row["title"].value == "=1+1"
    assert row["title"].data_type == "s"


def test_it_leaves_out_who_submitted_an_anonymous_use_case(org):
    make_usecase(org, anonymous=True)
    assert exported(org, "csv")[0]["submitted_by"] == ""


def test_it_exports_only_what_the_filter_selects_and_only_this_organisation(org, other_org):
    make_usecase(org, title="Chatbot for HR")
    make_usecase(org, title="Forecasting")
    make_usecase(other_org, title="Forecasting elsewhere")
    assert [r["title"] for r in exported(org, "csv", q="forecasting")] == ["Forecasting"]
    assert len(exported(org, "json")) == 2


def test_it_refuses_an_unknown_export_format(org):
    with pytest.raises(ValueError, match="csv, xlsx or json"):
        usecase_export(organisation=org, fmt="pdf")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_it_re_imports_its_own_export_without_loss(org, fmt):
    author = make_member(org, Role.MEMBER)
    make_usecase(
        org,
        by=author,
        title="Draft letters",
        hours_saved_per_month=Decimal("12.5"),
        other_value_eur_per_year=Decimal("2500.75"),
        personal_data="yes",
        technique="generative",
        effort="weeks",
        data_readiness="partial",
        department_ids=tuple(org.departments.values_list("pk", flat=True)),
    )
    make_usecase(org, anonymous=True, title="Anonymous idea")
    first = usecase_export(organisation=org, fmt=fmt)
    result = usecase_import(system(org), table=read_table(first, f"export.{fmt}"))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)

    fresh = make_org("Fresh", departments=())
    make_member(fresh, Role.MEMBER, user=author)
    usecase_import(system(fresh), table=read_table(first, f"export.{fmt}"))
    readiness = UseCase.objects.filter(organisation=fresh).order_by("number")
    assert list(readiness.values_list("data_readiness", flat=True)) == ["partial", "unknown"]
    assert exported(fresh, fmt) == [
        dict(r, created_at=r2["created_at"])
        for r, r2 in zip(exported(org, fmt), exported(fresh, fmt), strict=True)
    ]


@needs_federal
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_it_round_trips_the_federal_sample_through_every_export_format(org, fmt):
    usecase_import(system(org), table=read_upload(FEDERAL.read_bytes(), FEDERAL.name))
    first = usecase_export(organisation=org, fmt=fmt)
    fresh = make_org("Fresh", departments=())
    usecase_import(system(fresh), table=read_upload(first, f"export.{fmt}"))
    second = usecase_export(organisation=fresh, fmt=fmt)

    def comparable(content: bytes) -> list[dict[str, str]]:
        records = [r for _l, r in read_table(content, f"export.{fmt}").records()]
        for record in records:
            for informational in EXPORT_ONLY:
                record.pop(informational)
        return records

    first_records, second_records = comparable(first), comparable(second)
    assert len(first_records) == 2168
    assert first_records == second_records
    assert any(r["source"] for r in second_records)


@pytest.mark.parametrize(
    ("column", "value"), [("has_pii", "Maybe"), ("development_stage", "Operational-ish")]
)
def test_it_refuses_a_federal_value_outside_the_inventorys_vocabulary(org, column, value):
    rows = [federal(id="DOE-1"), federal(id="DOE-2", **{column: value})]
    with pytest.raises(ImportFailed) as caught:
        usecase_import(system(org), table=table_of(rows, "inventory.csv"))
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, column)]
    assert not UseCase.objects.filter(organisation=org).exists()
