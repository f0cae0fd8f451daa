"""A large use-case file is checked and imported by the background worker, with a progress page.

``KOERS_IMPORT_BACKGROUND_ROWS`` is lowered so that a few rows count as a large file.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from koers.backlog.models.usecases import UseCase
from koers.backlog.tasks import import_usecases
from koers.core.models import Change, Upload
from koers.orgs.models import Membership, Role
from koers.testing.factories import make_member

GOOD = b"title;problem;departments\n" + b"".join(
    f"Idea {n};Work by hand {n};HR\n".encode() for n in range(1, 7)
)
BAD = b"title;problem;departments\nFine;Pain;HR\n;No title;HR\nAlso fine;Pain;HR\n;;\n;x;HR\n"
WAITING = "Waiting for the background worker"
REFRESH = 'http-equiv="refresh"'


def url(name: str, org, **kwargs) -> str:
    return reverse(f"backlog:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture(autouse=True)
def large_above_three_rows(settings):
    settings.KOERS_IMPORT_BACKGROUND_ROWS = 3


@pytest.fixture
def tasks_in_the_database(settings):
    """Tasks wait in the database for `koers worker`, as they do outside the tests."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


def uploaded(client, org, content: bytes = GOOD, **headers) -> Upload:
    client.post(url("import", org), {"file": SimpleUploadedFile("ideas.csv", content)}, **headers)
    upload = Upload.objects.latest("pk")
    client.post(
        url("import_map", org, pk=upload.pk),
        {"title": "title", "problem": "problem", "departments": "departments"},
        **headers,
    )
    return upload


def confirm(client, org, upload: Upload, capture, **headers):
    with capture(execute=True):
        return client.post(url("import_preview", org, pk=upload.pk), **headers)


def run_the_queued_import() -> None:
    """What `koers worker` does with the queued row (its own command closes the database
    connection, which a test inside a transaction cannot have; tests/test_cli_transfer.py runs
    the real worker)."""
    (queued,) = DBTaskResult.objects.filter(task_path=import_usecases.module_path)
    import_usecases.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])


def test_the_preview_of_a_large_file_says_it_is_imported_in_the_background_and_checks_nothing(
    lead_client, org
):
    upload = uploaded(lead_client, org)
    preview = lead_client.get(url("import_preview", org, pk=upload.pk))
    page = preview.content.decode()
    assert preview.context["result"] is None and preview.context["background"]
    assert "Checked and imported in the background" in page
    assert "The file has 6 rows, more than the 3 that are checked on this page." in page
    assert "Import the use cases" in page


def test_the_upload_page_states_the_limits_and_the_background_threshold(lead_client, org):
    page = lead_client.get(url("import", org)).content.decode()
    assert "At most 50 MB, 200,000 rows and 500 columns." in page
    assert "A file of more than 3 rows is checked and imported in the background" in page


def test_a_large_file_goes_from_the_queue_through_the_progress_page_to_done(
    lead_client, org, lead, django_capture_on_commit_callbacks
):
    upload = uploaded(lead_client, org)
    response = confirm(lead_client, org, upload, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == url("import_progress", org, pk=upload.pk)

    page = lead_client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "The import is done" in text
    assert "Imported: 6 created, 0 updated, 0 unchanged." in text
    assert REFRESH not in text
    assert UseCase.objects.filter(organisation=org).count() == 6
    assert Change.objects.filter(organisation=org, actor=lead, action="imported").count() == 6
    upload.refresh_from_db()
    assert (upload.status, upload.rows, upload.result["created"]) == ("done", 6, 6)
    assert upload.imported_at is not None and upload.started_at is not None

    # The preview of an imported file does not import it again.
    again = lead_client.post(url("import_preview", org, pk=upload.pk))
    assert again["Location"] == url("list", org)
    assert UseCase.objects.filter(organisation=org).count() == 6


def test_a_bad_large_file_ends_with_every_problem_and_nothing_stored(
    lead_client, org, django_capture_on_commit_callbacks
):
    upload = uploaded(lead_client, org, BAD)
    confirm(lead_client, org, upload, django_capture_on_commit_callbacks)

    page = lead_client.get(url("import_progress", org, pk=upload.pk))
    text = page.content.decode()
    assert "The file cannot be imported: 2 problems" in text
    assert "Nothing was imported or changed." in text
    assert [(e.row, e.column) for e in page.context["errors"]] == [(3, "title"), (6, "title")]
    assert REFRESH not in text
    assert not UseCase.objects.filter(organisation=org).exists()
    upload.refresh_from_db()
    assert (upload.status, upload.imported_at, upload.result) == ("failed", None, {"problems": 2})


def test_without_a_worker_the_import_waits_and_the_page_says_so_and_refreshes_itself(
    lead_client, org, tasks_in_the_database, django_capture_on_commit_callbacks, clock
):
    upload = uploaded(lead_client, org)
    confirm(lead_client, org, upload, django_capture_on_commit_callbacks)
    confirm(lead_client, org, upload, django_capture_on_commit_callbacks)  # a second click
    assert DBTaskResult.objects.filter(task_path=import_usecases.module_path).count() == 1

    text = lead_client.get(url("import_progress", org, pk=upload.pk)).content.decode()
    assert f"{WAITING} to check and import 6 rows." in text
    assert REFRESH in text
    assert "koers worker" not in text
    assert not UseCase.objects.filter(organisation=org).exists()
    # The preview now leads to the progress page rather than offering to import again.
    preview = lead_client.get(url("import_preview", org, pk=upload.pk))
    assert preview["Location"] == url("import_progress", org, pk=upload.pk)

    clock.advance(minutes=5)
    slow = lead_client.get(url("import_progress", org, pk=upload.pk)).content.decode()
    assert "check that the worker runs (koers worker; koers run starts one)" in slow

    run_the_queued_import()
    done = lead_client.get(url("import_progress", org, pk=upload.pk)).content.decode()
    assert "The import is done" in done and REFRESH not in done
    assert UseCase.objects.filter(organisation=org).count() == 6


def test_while_it_runs_the_page_names_the_stage_and_the_rows(
    lead_client, org, tasks_in_the_database, django_capture_on_commit_callbacks, clock
):
    upload = uploaded(lead_client, org)
    confirm(lead_client, org, upload, django_capture_on_commit_callbacks)
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.RUNNING, started_at=clock.now())
    text = lead_client.get(url("import_progress", org, pk=upload.pk)).content.decode()
    assert "Checking and importing 6 rows (started at" in text
    assert REFRESH in text
    assert "upload the file again" not in text
    clock.advance(hours=1)  # a worker stopped halfway leaves it running
    stuck = lead_client.get(url("import_progress", org, pk=upload.pk)).content.decode()
    assert "If the background worker was stopped meanwhile" in stuck


def test_the_problems_are_in_the_language_of_the_person_who_confirmed(
    lead_client, org, tasks_in_the_database, django_capture_on_commit_callbacks
):
    upload = uploaded(lead_client, org, BAD, HTTP_ACCEPT_LANGUAGE="nl")
    confirm(lead_client, org, upload, django_capture_on_commit_callbacks, HTTP_ACCEPT_LANGUAGE="nl")
    run_the_queued_import()  # the worker runs in English
    upload.refresh_from_db()
    assert upload.language == "nl"
    assert upload.errors[0]["message"] == "Geef de AI-toepassing een titel."


def test_only_the_uploader_and_the_admins_see_the_progress(
    client, org, lead, admin_user, member, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    upload = uploaded(client, org)
    confirm(client, org, upload, django_capture_on_commit_callbacks)
    progress = url("import_progress", org, pk=upload.pk)

    client.force_login(make_member(org, Role.LEAD))
    assert client.get(progress).status_code == 404
    assert client.get(url("import_preview", org, pk=upload.pk)).status_code == 404
    client.force_login(member)
    assert client.get(progress).status_code == 403
    client.force_login(admin_user)
    assert client.get(progress).status_code == 200


def test_another_organisation_gets_404(
    client, org, lead, other_org, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    upload = uploaded(client, org)
    confirm(client, org, upload, django_capture_on_commit_callbacks)
    client.force_login(make_member(other_org, Role.ADMIN))
    assert client.get(url("import_progress", org, pk=upload.pk)).status_code == 404
    assert client.get(url("import_progress", other_org, pk=upload.pk)).status_code == 404


def test_an_uploader_who_left_before_the_worker_ran_imports_nothing(
    lead_client, org, lead, tasks_in_the_database, django_capture_on_commit_callbacks
):
    upload = uploaded(lead_client, org)
    confirm(lead_client, org, upload, django_capture_on_commit_callbacks)
    Membership.objects.filter(organisation=org, user=lead).update(is_active=False)
    run_the_queued_import()
    upload.refresh_from_db()
    assert upload.status == "failed"
    assert "no longer a member" in upload.errors[0]["message"]
    assert not UseCase.objects.filter(organisation=org).exists()


def test_an_uploader_who_lost_the_permission_before_the_worker_ran_imports_nothing(
    lead_client, org, lead, tasks_in_the_database, django_capture_on_commit_callbacks
):
    upload = uploaded(lead_client, org)
    confirm(lead_client, org, upload, django_capture_on_commit_callbacks)
    Membership.objects.filter(organisation=org, user=lead).update(role=Role.MEMBER)
    run_the_queued_import()
    upload.refresh_from_db()
    assert upload.status == "failed"
    assert "may no longer import it" in upload.errors[0]["message"]
    assert not UseCase.objects.filter(organisation=org).exists()


def test_a_small_file_is_still_checked_on_the_page_and_imported_at_once(lead_client, org):
    upload = uploaded(lead_client, org, b"title;problem;departments\nA;B;HR\nC;D;HR\n")
    preview = lead_client.get(url("import_preview", org, pk=upload.pk))
    assert preview.context["result"].created == 2 and not preview.context["background"]
    lead_client.post(url("import_preview", org, pk=upload.pk))
    assert UseCase.objects.filter(organisation=org).count() == 2
    upload.refresh_from_db()
    assert upload.status == "done"
