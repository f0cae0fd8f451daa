"""Uploaded import files that were never imported are deleted a day after their upload."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from koers.core.models import Upload
from koers.core.tasks import delete_stale_uploads
from koers.core.uploads import KEPT_FOR
from koers.orgs.importing import upload_create
from koers.testing.factories import ctx_for

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def an_upload(org, lead, name="people.csv"):
    return upload_create(
        ctx_for(lead, org), kind="people", filename=name, content=b"e-mail\na@b.nl\n", mapping={}
    )


@pytest.mark.usefixtures("clock")
def test_it_deletes_an_upload_that_was_never_imported_a_day_later(org, lead, clock):
    stale = an_upload(org, lead)
    imported = an_upload(org, lead, "imported.csv")
    Upload.objects.filter(pk=imported.pk).update(imported_at=timezone.now())

    clock.advance(hours=23)
    assert delete_stale_uploads.call() == 0
    clock.advance(hours=2)
    assert delete_stale_uploads.call() == 1

    assert not Upload.objects.filter(pk=stale.pk).exists()
    assert Upload.objects.filter(pk=imported.pk).exists()


@pytest.mark.usefixtures("clock")
def test_it_keeps_an_upload_the_worker_is_importing_and_deletes_a_failed_one(org, lead, clock):
    running = an_upload(org, lead)
    failed = an_upload(org, lead, "failed.csv")
    Upload.objects.filter(pk=failed.pk).update(status=Upload.Status.FAILED)
    clock.advance(hours=23)
    Upload.objects.filter(pk=running.pk).update(
        status=Upload.Status.RUNNING, started_at=clock.now()
    )
    clock.advance(hours=2)
    assert delete_stale_uploads.call() == 1
    assert list(Upload.objects.values_list("pk", flat=True)) == [running.pk]
    # One that started over a day ago was left by a worker that was stopped.
    clock.advance(hours=23)
    assert delete_stale_uploads.call() == 1
    assert not Upload.objects.exists()


@pytest.mark.usefixtures("clock")
def test_the_next_upload_also_deletes_stale_ones(org, lead, clock):
    an_upload(org, lead)
    clock.advance(hours=25)
    fresh = an_upload(org, lead, "new.csv")
    assert list(Upload.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_an_upload_queues_the_deletion_for_the_worker_a_day_later(
    org, lead, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        an_upload(org, lead)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == delete_stale_uploads.module_path
    assert before + KEPT_FOR < queued.run_after <= timezone.now() + KEPT_FOR + timedelta(minutes=2)
