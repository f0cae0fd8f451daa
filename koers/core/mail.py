"""The outbox: every e-mail Koers sends is stored here by the transaction that asks for it, and
sent by the worker once that transaction has committed.

- ``mail_queue`` stores a batch of e-mails and, on commit, enqueues one task for the batch. A
  rolled-back transaction leaves no e-mail behind and sends nothing.
- The task (``koers.core.tasks``) sends the batch over one connection to the mail server, marks
  each e-mail sent or failed, and tries the failed ones again later, with a growing delay, until
  ``MAX_ATTEMPTS`` attempts have failed. Then the e-mail waits for someone to press *Try again*
  on the outbox page (``mail_retry``).
- Nothing here raises into the request that queued the e-mail: a failure is written on the row
  (``last_error``, short and without the server's password) and shown on the outbox page.

What is kept: the body only until the e-mail has left (it may carry a one-time link). A private
e-mail (``OutgoingMail.PRIVATE_KINDS``: Voice's help requests, whose text an anonymous colleague
wrote) keeps the day it was queued but no time of day, is sent by a task that names no e-mail,
and is deleted once it has left, so that the outbox never dates an anonymous item more precisely
than Voice's own tables do (the day).
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from koers.core import clock
from koers.core.models import OutgoingMail
from koers.core.services import change_record

logger = logging.getLogger(__name__)

# The waits before the 2nd, 3rd, 4th and 5th attempt; after the 5th failure the e-mail waits for
# someone to try it again from the outbox page.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Waiting or being sent for longer than this: the worker lost its task; it may be tried again.
STUCK_AFTER = timedelta(hours=1)
MAX_ERROR = 300

Status = OutgoingMail.Status
PRIVATE_KINDS = OutgoingMail.PRIVATE_KINDS


@dataclass(frozen=True, kw_only=True)
class Mail:
    """One e-mail to queue, already rendered in the recipient's language."""

    kind: str  # an ``OutgoingMail.Kind``
    to: str
    subject: str
    body: str
    html: str = ""
    language: str = ""
    organisation_id: int | None = None


@dataclass(frozen=True)
class MailSent:
    """What one run of the task did."""

    sent: int
    failed: int

    def as_dict(self) -> dict[str, int]:
        return {"sent": self.sent, "failed": self.failed}


def _day_start(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- queueing -----------------------------------------------------------------------------------


def mail_queue(*, messages: Sequence[Mail]) -> list[OutgoingMail]:
    """Store the e-mails in the outbox; once the current transaction commits, one task sends
    them all. Returns the stored rows (private ones dated by the day only)."""
    if not messages:
        return []
    now = clock.now()
    rows = []
    for message in messages:
        if message.kind not in OutgoingMail.Kind.values:
            raise ValueError(f"Unknown kind of e-mail: {message.kind!r}")
        private = message.kind in PRIVATE_KINDS
        rows.append(
            OutgoingMail(
                organisation_id=message.organisation_id,
                kind=message.kind,
                to=message.to,
                subject=_one_line(message.subject)[:300],
                body=message.body,
                html=message.html,
                language=message.language,
                created_at=_day_start(now) if private else now,
            )
        )
    OutgoingMail.objects.bulk_create(rows)
    _send_after_commit(rows)
    return rows


def _send_after_commit(rows: Sequence[OutgoingMail]) -> None:
    ids = [str(row.pk) for row in rows if not row.private]
    private = any(row.private for row in rows)

    def send() -> None:
        from koers.core.tasks import send_private_mail, send_queued_mail

        try:
            if ids:
                send_queued_mail.enqueue(ids)
            if private:
                send_private_mail.enqueue()
        except Exception:  # the e-mails stay in the outbox, waiting; they can be tried again
            logger.exception("Could not hand queued e-mail to the worker")

    send.koers_outbox = True  # type: ignore[attr-defined]  # see koers.testing.mail
    transaction.on_commit(send)


# --- sending (run by the worker) ------------------------------------------------------------------


def _due() -> Q:
    return Q(status=Status.QUEUED) | Q(status=Status.FAILED, attempts__lt=MAX_ATTEMPTS)


def mail_send_batch(ids: Sequence[str]) -> MailSent:
    """Send the e-mails ``ids`` that are still due (waiting, or failed with attempts left)."""
    return _send(OutgoingMail.objects.filter(pk__in=ids).exclude(kind__in=PRIVATE_KINDS))


def mail_send_private() -> MailSent:
    """Send every private e-mail that is due: the task that does it names none of them."""
    return _send(OutgoingMail.objects.filter(kind__in=PRIVATE_KINDS))


def _send(candidates: QuerySet[OutgoingMail]) -> MailSent:
    rows = _claim(candidates)
    if not rows:
        return MailSent(sent=0, failed=0)
    sent, failed = _deliver(rows)
    _record(sent, failed)
    _retry_later([row for row, _error in failed])
    return MailSent(sent=len(sent), failed=len(failed))


def _claim(candidates: QuerySet[OutgoingMail]) -> list[OutgoingMail]:
    """Mark the due e-mails as being sent, so that no other run sends them too."""
    now = clock.now()
    with transaction.atomic():
        rows = list(candidates.filter(_due()).select_for_update(skip_locked=True))
        for row in rows:
            row.status = Status.SENDING
            row.attempts += 1
            row.attempted_at = None if row.private else now
        OutgoingMail.objects.bulk_update(rows, ["status", "attempts", "attempted_at"])
    return rows


def _message(row: OutgoingMail, connection: BaseEmailBackend) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        to=[row.to],
        connection=connection,
        headers={"Content-Language": row.language} if row.language else None,
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    return message


def _deliver(
    rows: Sequence[OutgoingMail],
) -> tuple[list[OutgoingMail], list[tuple[OutgoingMail, str]]]:
    """Send over one connection: (sent, [(failed, why)])."""
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except Exception as error:
        why = _describe(error)
        return [], [(row, why) for row in rows]
    sent, failed = [], []
    try:
        for row in rows:
            try:
                _message(row, connection).send()
            except Exception as error:
                failed.append((row, _describe(error)))
            else:
                sent.append(row)
    finally:
        try:
            connection.close()
        except Exception:  # the e-mails have gone or failed already; closing does not change it
            logger.warning("Closing the mail connection failed", exc_info=True)
    return sent, failed


def _describe(error: BaseException) -> str:
    """A short, single-line reason for the outbox page, without the server's password."""
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        detail = f"{error.smtp_code} {text}"
    elif isinstance(error, smtplib.SMTPRecipientsRefused):
        detail = "; ".join(
            f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
            for code, reply in error.recipients.values()
        )
    else:
        detail = str(error)
    why = _one_line(f"{type(error).__name__}: {detail}" if detail else type(error).__name__)
    password = str(getattr(settings, "EMAIL_HOST_PASSWORD", "") or "")
    if password:
        why = why.replace(password, "***")
    return why[:MAX_ERROR]


def _record(sent: Sequence[OutgoingMail], failed: Sequence[tuple[OutgoingMail, str]]) -> None:
    now = clock.now()
    with transaction.atomic():
        OutgoingMail.objects.filter(pk__in=[row.pk for row in sent if row.private]).delete()
        OutgoingMail.objects.filter(pk__in=[row.pk for row in sent if not row.private]).update(
            status=Status.SENT, sent_at=now, body="", html="", last_error=""
        )
        for row, why in failed:
            row.status, row.last_error = Status.FAILED, why
            OutgoingMail.objects.filter(pk=row.pk).update(status=Status.FAILED, last_error=why)


def _retry_later(failed: Sequence[OutgoingMail]) -> None:
    """Enqueue the next attempt after a growing delay, where the task backend can wait (the
    database backend of ``koers worker``; the immediate backend cannot, so there the e-mails wait
    for *Try again*)."""
    from koers.core.tasks import send_private_mail, send_queued_mail

    again = [row for row in failed if row.attempts < MAX_ATTEMPTS]
    if not again or not send_queued_mail.get_backend().supports_defer:
        return
    run_after = clock.now() + RETRY_DELAYS[min(row.attempts for row in again) - 1]
    try:
        ids = [str(row.pk) for row in again if not row.private]
        if ids:
            send_queued_mail.using(run_after=run_after).enqueue(ids)
        if any(row.private for row in again):
            send_private_mail.using(run_after=run_after).enqueue()
    except Exception:  # they stay failed and visible, and can be tried again by hand
        logger.exception("Could not schedule the next attempt for failed e-mail")


# --- the outbox page ----------------------------------------------------------------------------


def retryable(now: datetime | None = None) -> Q:
    """E-mails that may be tried again by hand: failed ones, and ones the worker lost (waiting
    or being sent for over an hour; a private one keeps no time, so: since an earlier day)."""
    now = now or clock.now()
    long_ago = now - STUCK_AFTER
    private = Q(kind__in=PRIVATE_KINDS)
    return (
        Q(status=Status.FAILED)
        | (Q(status=Status.QUEUED, created_at__lt=long_ago) & ~private)
        | Q(status=Status.SENDING, attempted_at__lt=long_ago)
        | (Q(status__in=[Status.QUEUED, Status.SENDING], created_at__lt=_day_start(now)) & private)
    )


@transaction.atomic
def mail_retry(*, organisation: Model, actor: Model, ids: Sequence[str] | None = None) -> int:
    """Put an organisation's failed (or lost) e-mails back in the queue, all or ``ids``, with a
    fresh set of attempts. Returns how many. The caller checks that ``actor`` may
    (``koers.orgs.services.outbox_retry``)."""
    rows = OutgoingMail.objects.filter(organisation_id=organisation.pk).filter(retryable())
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    found = list(rows.select_for_update())
    if not found:
        return 0
    OutgoingMail.objects.filter(pk__in=[row.pk for row in found]).update(
        status=Status.QUEUED, attempts=0
    )
    change_record(
        obj=organisation,
        organisation_id=organisation.pk,
        actor=actor,
        action="e-mail retried",
        fields={"e-mails": [None, len(found)]},
    )
    _send_after_commit(found)
    return len(found)


def is_outbox_callback(callback: Callable[[], None]) -> bool:
    """Whether an on-commit callback is the outbox's (for the tests' commit emulation)."""
    return bool(getattr(callback, "koers_outbox", False))
