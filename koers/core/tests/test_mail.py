"""The outbox: an e-mail is stored with the change that asks for it and leaves after the commit,
a batch over one connection; a failure is recorded, shown and tried again, and is never an error
for the person who clicked."""

from __future__ import annotations

import smtplib
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from koers.core.mail import MAX_ATTEMPTS, RETRY_DELAYS, Mail, mail_queue
from koers.core.models import Change, OutgoingMail
from koers.core.tasks import send_queued_mail
from koers.orgs.models import Organisation, Role
from koers.orgs.services import outbox_retry as mail_retry
from koers.testing.factories import ctx_for, make_member, make_org

pytestmark = pytest.mark.django_db

Kind, Status = OutgoingMail.Kind, OutgoingMail.Status
HERE = "koers.core.tests.test_mail"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class CountingBackend(LocmemBackend):
    """The test outbox, counting the connections opened to the "server"."""

    opened = 0

    def open(self) -> bool:
        CountingBackend.opened += 1
        return True


class RefusingBackend(LocmemBackend):
    """A mail server that refuses every message."""

    def send_messages(self, messages: Any) -> int:
        raise smtplib.SMTPDataError(554, b"5.7.1 Message rejected")


class DownBackend(LocmemBackend):
    """A mail server that cannot be reached."""

    def open(self) -> bool:
        raise ConnectionRefusedError(111, "Connection refused")


class WrongPasswordBackend(LocmemBackend):
    def open(self) -> bool:
        raise smtplib.SMTPAuthenticationError(535, b"Bad credentials: hunter2-not-a-password")


def a_mail(organisation: Organisation, to: str = "someone@example.org", **fields: Any) -> Mail:
    return Mail(
        kind=fields.pop("kind", Kind.ORG_INVITATION),
        organisation_id=organisation.pk,
        to=to,
        subject=fields.pop("subject", "You are invited"),
        body=fields.pop("body", "Accept: https://koers.example/invitations/one-time-token/"),
        **fields,
    )


@pytest.fixture
def counting(settings: Any) -> type[CountingBackend]:
    settings.EMAIL_BACKEND = f"{HERE}.CountingBackend"
    CountingBackend.opened = 0
    return CountingBackend


@pytest.fixture
def refusing(settings: Any) -> None:
    settings.EMAIL_BACKEND = f"{HERE}.RefusingBackend"


# --- queued with the change, sent after the commit -------------------------------------------


def test_it_sends_nothing_when_the_transaction_rolls_back(org):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_queue(messages=[a_mail(org)])
        raise RuntimeError("the change that asked for the e-mail failed")

    assert mail.outbox == []
    assert not OutgoingMail.objects.exists()


def test_it_sends_only_once_the_transaction_commits(org):
    with transaction.atomic():
        [row] = mail_queue(messages=[a_mail(org)])
        assert mail.outbox == []

    assert [m.to for m in mail.outbox] == [["someone@example.org"]]
    row.refresh_from_db()
    assert row.status == Status.SENT and row.sent_at is not None and row.attempts == 1


def test_it_forgets_the_body_once_the_mail_has_left(org):
    [row] = mail_queue(messages=[a_mail(org)])

    assert "one-time-token" in mail.outbox[0].body
    row.refresh_from_db()
    assert row.body == "" and row.html == ""


def test_it_sends_a_batch_over_one_connection(org, counting):
    mail_queue(messages=[a_mail(org, f"person{n}@example.org") for n in range(5)])

    assert len(mail.outbox) == 5
    assert counting.opened == 1


def test_each_batch_has_its_own_connection(org, counting):
    mail_queue(messages=[a_mail(org, "one@example.org"), a_mail(org, "two@example.org")])
    mail_queue(messages=[a_mail(org, "three@example.org")])

    assert len(mail.outbox) == 3
    assert counting.opened == 2


def test_it_sends_the_html_part_and_the_language(org):
    mail_queue(messages=[a_mail(org, html="<p>Welkom</p>", language="nl")])

    message = mail.outbox[0]
    assert message.alternatives[0][0] == "<p>Welkom</p>"
    assert message.extra_headers["Content-Language"] == "nl"


def test_it_keeps_the_subject_on_one_line(org):
    mail_queue(messages=[a_mail(org, subject="Rendered\nfrom a   template\n")])

    assert mail.outbox[0].subject == "Rendered from a template"


def test_it_refuses_an_unknown_kind_of_mail(org):
    with pytest.raises(ValueError):
        mail_queue(messages=[a_mail(org, kind="newsletter")])
    assert not OutgoingMail.objects.exists()


def test_while_the_worker_has_not_run_the_mail_waits_in_the_outbox(org, settings):
    settings.TASKS = DATABASE_TASKS

    [row] = mail_queue(messages=[a_mail(org)])

    row.refresh_from_db()
    assert row.status == Status.QUEUED and mail.outbox == []
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [[str(row.pk)]], "kwargs": {}}


# --- failures: recorded, never raised ---------------------------------------------------------


def test_a_refused_mail_is_left_failed_with_the_reason(org, refusing):
    [row] = mail_queue(messages=[a_mail(org)])

    row.refresh_from_db()
    assert row.status == Status.FAILED and row.attempts == 1
    assert row.last_error == "SMTPDataError: 554 5.7.1 Message rejected"
    assert "one-time-token" in row.body  # kept for the next attempt


def test_a_server_that_cannot_be_reached_fails_the_batch_without_raising(org, settings):
    settings.EMAIL_BACKEND = f"{HERE}.DownBackend"

    rows = mail_queue(messages=[a_mail(org, "one@example.org"), a_mail(org, "two@example.org")])

    for row in rows:
        row.refresh_from_db()
        assert row.status == Status.FAILED
        assert row.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"


def test_the_reason_never_shows_the_mail_servers_password(org, settings):
    settings.EMAIL_BACKEND = f"{HERE}.WrongPasswordBackend"
    settings.EMAIL_HOST_PASSWORD = "hunter2-not-a-password"

    [row] = mail_queue(messages=[a_mail(org)])

    row.refresh_from_db()
    assert row.last_error.startswith("SMTPAuthenticationError: 535")
    assert "hunter2" not in row.last_error


def test_it_tries_again_later_with_growing_waits_and_then_stops(org, refusing, settings):
    settings.TASKS = DATABASE_TASKS
    [row] = mail_queue(messages=[a_mail(org)])
    ids = [str(row.pk)]
    queued = DBTaskResult.objects.get()

    before = timezone.now()
    send_queued_mail.call(ids)

    row.refresh_from_db()
    assert row.status == Status.FAILED and row.attempts == 1
    retry = DBTaskResult.objects.exclude(pk=queued.pk).get()
    assert retry.args_kwargs == {"args": [ids], "kwargs": {}}
    assert before + RETRY_DELAYS[0] <= retry.run_after <= timezone.now() + RETRY_DELAYS[0]

    for delay in RETRY_DELAYS[1:]:
        before = timezone.now()
        send_queued_mail.call(ids)
        latest = DBTaskResult.objects.exclude(pk=queued.pk).order_by("-run_after").first()
        assert latest is not None
        assert before + delay <= latest.run_after <= timezone.now() + delay
    send_queued_mail.call(ids)  # the last attempt

    row.refresh_from_db()
    assert row.attempts == MAX_ATTEMPTS and row.status == Status.FAILED
    # One queued run and a retry after each failure but the last.
    assert DBTaskResult.objects.count() == MAX_ATTEMPTS
    send_queued_mail.call(ids)
    row.refresh_from_db()
    assert row.attempts == MAX_ATTEMPTS  # it waits for someone to try it again


def test_a_retry_sends_it_with_a_fresh_set_of_attempts(org, admin_user, refusing, settings):
    [row] = mail_queue(messages=[a_mail(org)])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert mail_retry(ctx_for(admin_user, org)) == 1

    row.refresh_from_db()
    assert row.status == Status.SENT and row.attempts == 1
    assert [m.to for m in mail.outbox] == [["someone@example.org"]]
    change = Change.objects.get(action="e-mail retried")
    assert change.actor == admin_user and change.fields == {"e-mails": [None, 1]}


def test_a_sent_mail_is_not_sent_again(org, admin_user):
    [row] = mail_queue(messages=[a_mail(org)])

    assert mail_retry(ctx_for(admin_user, org), ids=[str(row.pk)]) == 0
    send_queued_mail.call([str(row.pk)])
    assert len(mail.outbox) == 1


def test_an_organisation_cannot_retry_another_organisations_mail(
    org, other_org, admin_user, refusing
):
    [theirs] = mail_queue(messages=[a_mail(other_org)])

    assert mail_retry(ctx_for(admin_user, org), ids=[str(theirs.pk)]) == 0
    assert mail_retry(ctx_for(admin_user, org)) == 0
    theirs.refresh_from_db()
    assert theirs.status == Status.FAILED and theirs.attempts == 1


def test_a_mail_the_worker_lost_can_be_tried_again_after_an_hour(org, admin_user, settings):
    settings.TASKS = DATABASE_TASKS
    [row] = mail_queue(messages=[a_mail(org)])
    ctx = ctx_for(admin_user, org)
    assert mail_retry(ctx) == 0  # it is only waiting for the worker

    OutgoingMail.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(hours=2))
    assert mail_retry(ctx) == 1


# --- the outbox page ---------------------------------------------------------------------------


def outbox_url(organisation: Organisation, action: str = "") -> str:
    return reverse(
        f"outbox{'_' + action if action else ''}", kwargs={"org_slug": organisation.slug}
    )


def test_the_person_who_clicked_gets_their_page_when_the_mail_server_refuses(
    client, org, admin_user, refusing, settings
):
    client.force_login(admin_user)

    response = client.post(
        reverse("invitations", kwargs={"org_slug": org.slug}),
        {"email": "new.person@example.org", "role": Role.MEMBER, "department": ""},
    )

    assert response.status_code == 302
    row = OutgoingMail.objects.get()
    assert row.status == Status.FAILED and row.kind == Kind.ORG_INVITATION
    page = client.get(outbox_url(org)).content.decode()
    assert "new.person@example.org" in page and "554 5.7.1 Message rejected" in page
    assert "one-time" not in page and "/invitations/" not in page  # never the link

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    answer = client.post(outbox_url(org, "retry"), {"mail": str(row.pk)}, follow=True)

    assert answer.status_code == 200
    assert "1 e-mail queued to be sent again." in answer.content.decode()
    assert [m.to for m in mail.outbox] == [["new.person@example.org"]]
    row.refresh_from_db()
    assert row.status == Status.SENT


def test_try_all_again_retries_every_failed_mail_of_the_organisation(
    client, org, admin_user, refusing, settings
):
    mail_queue(messages=[a_mail(org, "one@example.org"), a_mail(org, "two@example.org")])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(admin_user)

    client.post(outbox_url(org, "retry"), {"all": "1"})

    assert sorted(m.to[0] for m in mail.outbox) == ["one@example.org", "two@example.org"]
    assert not OutgoingMail.objects.exclude(status=Status.SENT).exists()


def test_only_organisation_admins_see_and_retry_the_outbox(client, org, refusing):
    [row] = mail_queue(messages=[a_mail(org)])
    for role in (Role.LEAD, Role.MEMBER, Role.EVANGELIST):
        client.force_login(make_member(org, role))
        assert client.get(outbox_url(org)).status_code == 403
        assert client.post(outbox_url(org, "retry"), {"all": "1"}).status_code == 403
    row.refresh_from_db()
    assert row.attempts == 1 and not Change.objects.filter(action="e-mail retried").exists()


def test_retrying_needs_a_csrf_token(org, admin_user, refusing):
    [row] = mail_queue(messages=[a_mail(org)])
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)

    assert client.post(outbox_url(org, "retry"), {"mail": str(row.pk)}).status_code == 403
    row.refresh_from_db()
    assert row.attempts == 1


def test_the_page_shows_only_the_organisations_own_mail(
    client, org, other_org, admin_user, refusing
):
    mail_queue(messages=[a_mail(other_org, "theirs@example.org")])
    client.force_login(admin_user)

    page = client.get(outbox_url(org)).content.decode()

    assert "theirs@example.org" not in page


def test_the_page_tells_not_who_a_scan_reminder_is_for(client, org, admin_user, refusing, settings):
    mail_queue(messages=[a_mail(org, "late@example.org", kind=Kind.SCAN_REMINDER)])
    settings.TASKS = DATABASE_TASKS
    mail_queue(messages=[a_mail(org, "waiting@example.org", kind=Kind.SCAN_REMINDER)])
    client.force_login(admin_user)

    page = client.get(outbox_url(org)).content.decode()

    assert "Scan reminder" in page and "not shown" in page  # the failed one, without its address
    assert "late@example.org" not in page and "waiting@example.org" not in page
    assert page.count("Scan reminder") == 1  # waiting reminders are not listed


def test_the_site_admin_lists_the_outbox_without_the_bodies(client, org, refusing):
    from koers.orgs.models import User

    mail_queue(messages=[a_mail(org)])
    client.force_login(User.objects.create_superuser("root@example.org", "pw-for-tests-only"))

    listing = client.get(reverse("admin:core_outgoingmail_changelist")).content.decode()
    row = OutgoingMail.objects.get()
    detail = client.get(reverse("admin:core_outgoingmail_change", args=[row.pk])).content.decode()

    assert "someone@example.org" in listing and "554" in listing
    assert "one-time-token" not in listing + detail


def test_a_password_reset_leaves_through_the_outbox_too(client, member, refusing):
    response = client.post(reverse("password_reset"), {"email": member.email})

    assert response.status_code == 302
    row = OutgoingMail.objects.get()
    assert row.kind == Kind.PASSWORD_RESET and row.to == member.email
    assert row.organisation is None and row.status == Status.FAILED


# --- private mail (Voice): the day only, nothing left once sent ---------------------------------


def test_a_private_mail_keeps_the_day_not_the_time(org, refusing):
    [row] = mail_queue(messages=[a_mail(org, kind=Kind.VOICE_ROUTING)])

    row.refresh_from_db()
    assert row.status == Status.FAILED
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    assert row.created_at == midnight
    assert row.attempted_at is None and row.sent_at is None


def test_a_private_mail_is_sent_by_a_task_that_names_no_mail(org, settings):
    settings.TASKS = DATABASE_TASKS

    mail_queue(messages=[a_mail(org, kind=Kind.VOICE_ROUTING)])

    task = DBTaskResult.objects.get()
    assert task.task_path == "koers.core.tasks.send_private_mail"
    assert task.args_kwargs == {"args": [], "kwargs": {}}


def test_a_private_mail_is_deleted_once_it_has_left(org):
    mail_queue(messages=[a_mail(org, kind=Kind.VOICE_ROUTING, body="Hoe gebruik ik AI?")])

    assert [m.body for m in mail.outbox] == ["Hoe gebruik ik AI?"]
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_once_a_private_mail_has_left_neither_the_outbox_nor_the_task_queue_remembers_it(
    settings,
):
    settings.TASKS = DATABASE_TASKS
    organisation = make_org("Acme")
    mail_queue(messages=[a_mail(organisation, kind=Kind.VOICE_ROUTING, body="Hoe gebruik ik AI?")])
    assert DBTaskResult.objects.count() == 1

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()

    assert [m.body for m in mail.outbox] == ["Hoe gebruik ik AI?"]
    assert not OutgoingMail.objects.exists()
    assert not DBTaskResult.objects.exists()
