"""The people import pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koers.core.models import Upload
from koers.orgs.models import Membership


def url(name: str, org, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_it_imports_people_after_mapping_and_preview_and_can_deactivate_leavers(
    admin_client, org, member
):
    content = b"Naam;E-mailadres;Afdeling;Rol\nAnn;ann@example.org;HR;lead\n"
    response = admin_client.post(
        url("people_import", org), {"file": SimpleUploadedFile("hr.csv", content)}
    )
    pk = Upload.objects.get(organisation=org, kind="people").pk
    assert response["Location"] == url("people_import_map", org, pk=pk)
    assert admin_client.get(response["Location"]).context["form"].initial == {
        "name": "Naam",
        "email": "E-mailadres",
        "department": "Afdeling",
        "role": "Rol",
    }
    admin_client.post(
        response["Location"],
        {"name": "Naam", "email": "E-mailadres", "department": "Afdeling", "role": "Rol"},
    )
    preview = admin_client.get(url("people_import_preview", org, pk=pk))
    assert (preview.context["result"].created, preview.context["result"].missing) == (1, 1)
    assert b'name="deactivate_missing"' in preview.content

    done = admin_client.post(url("people_import_preview", org, pk=pk), {"deactivate_missing": "1"})
    assert done["Location"] == url("people", org)
    assert Membership.objects.get(organisation=org, user__email="ann@example.org").role == "lead"
    assert not Membership.objects.get(organisation=org, user=member).is_active


def test_it_lists_bad_rows_and_imports_nobody(admin_client, org):
    content = b"name,email\nAnn,ann@example.org\nBob,not-an-address\n"
    admin_client.post(url("people_import", org), {"file": SimpleUploadedFile("hr.csv", content)})
    pk = Upload.objects.get().pk
    admin_client.post(url("people_import_map", org, pk=pk), {"name": "name", "email": "email"})
    response = admin_client.post(url("people_import_preview", org, pk=pk))
    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "email")]
    assert not Membership.objects.filter(user__email="ann@example.org").exists()


def test_it_is_for_organisation_admins_only(client, org, lead, other_org):
    client.force_login(lead)
    assert client.get(url("people_import", org)).status_code == 403
    theirs = Upload.objects.create(organisation=other_org, kind="people", filename="x", content=b"")
    client.force_login(lead)
    assert client.get(url("people_import_map", other_org, pk=theirs.pk)).status_code == 404


def test_it_hides_another_organisations_people_upload(admin_client, org, other_org):
    theirs = Upload.objects.create(
        organisation=other_org, kind="people", filename="x.csv", content=b"email\na@example.org\n"
    )
    assert admin_client.get(url("people_import_map", org, pk=theirs.pk)).status_code == 404
    assert admin_client.post(url("people_import_preview", org, pk=theirs.pk)).status_code == 404


def test_a_large_people_file_is_imported_in_the_background_with_the_choice_to_deactivate(
    admin_client, org, member, settings, django_capture_on_commit_callbacks
):
    settings.KOERS_IMPORT_BACKGROUND_ROWS = 2
    rows = "".join(f"Person {n};p{n}@example.org;HR;member\n" for n in range(1, 5))
    content = ("name;email;department;role\n" + rows).encode()
    admin_client.post(url("people_import", org), {"file": SimpleUploadedFile("hr.csv", content)})
    pk = Upload.objects.get().pk
    admin_client.post(
        url("people_import_map", org, pk=pk),
        {"name": "name", "email": "email", "department": "department", "role": "role"},
    )
    preview = admin_client.get(url("people_import_preview", org, pk=pk))
    assert preview.context["background"] and preview.context["result"] is None
    assert b"Deactivate the active members who are not in the file" in preview.content

    with django_capture_on_commit_callbacks(execute=True):
        queued = admin_client.post(
            url("people_import_preview", org, pk=pk), {"deactivate_missing": "1"}
        )
    assert queued["Location"] == url("people_import_progress", org, pk=pk)
    page = admin_client.get(queued["Location"]).content.decode()
    assert "Imported: 4 created, 0 updated, 0 unchanged. 1 person deactivated." in page
    assert Membership.objects.filter(organisation=org, is_active=True).count() == 5  # 4 + admin
    assert not Membership.objects.get(organisation=org, user=member).is_active
