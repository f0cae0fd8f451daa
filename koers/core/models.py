"""The audit history every domain change writes to (who, when, what changed), uploads waiting
for their mapping, and the outbox every e-mail leaves through."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


@cache
def _choice_labels(field: models.Field[Any, Any]) -> dict[Any, Any]:
    """A field's value → label, its labels left lazy (so in the reader's language)."""
    return {make_hashable(value): label for value, label in field.flatchoices}


class QuickChoiceLabels:
    """``get_<field>_display`` in one look-up. Django's own builds a dict of every choice at each
    call and hashes each lazy label, which translates it: a list page with two such labels per
    row spent a tenth of its time there. For fields with fixed choices (not a callable)."""

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> str:
        value = getattr(self, field.attname)
        label = _choice_labels(field).get(make_hashable(value), value)
        return force_str(label, strings_only=True)


class Change(models.Model):
    """One recorded change to a domain object of an organisation, or of an account.

    ``subject`` is ``"<app_label>.<model>"``; ``fields`` maps a field name to ``[old, new]``.
    ``actor`` is empty for anonymous submissions and for system changes, so that an anonymous
    contribution is never linked to its author. ``organisation`` is empty for a change to
    something of one person's account rather than of an organisation (a personal API token).
    """

    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="changes",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=60)
    subject_id = models.BigIntegerField()
    action = models.CharField(max_length=40)
    fields = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "subject", "subject_id"])]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.subject}#{self.subject_id} {self.action}"


class Upload(models.Model):
    """An uploaded file waiting for its column mapping and confirmation (use cases or people).

    Kept in the database so that the mapping step works across web processes. A large file is
    imported in the background (``koers.orgs.importing.upload_run``): confirming it records the
    uploader's language and choices and queues it; the worker stores what came out (``result``)
    or every problem it found (``errors``, the first ``ERRORS_KEPT``; ``result["problems"]`` counts
    them all)."""

    class Kind(models.TextChoices):
        USECASES = "usecases", _("Use cases")
        PEOPLE = "people", _("People")

    class Status(models.TextChoices):
        NEW = "new", _("Uploaded")
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being checked and imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    ERRORS_KEPT = 1000

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="uploads"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    mapping = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    rows = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=10, blank=True)
    options = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class OutgoingMail(models.Model):
    """One e-mail in the outbox: stored by ``koers.core.mail.mail_queue`` in the transaction that
    asked for it, sent by the worker (``koers.core.tasks``), retried when it fails.

    The body is kept only until the e-mail has left, as it may carry a one-time link. A *private*
    e-mail (Voice: a colleague's words, perhaps anonymous) keeps the day it was queued, not the
    time; it is sent by a task that names no e-mail, and deleted once it has left. The random id
    tells nothing of the order in which e-mails were queued.
    """

    class Kind(models.TextChoices):
        ORG_INVITATION = "org_invitation", _("Invitation to the organisation")
        PASSWORD_RESET = "password_reset", _("Password reset")
        SCAN_INVITATION = "scan_invitation", _("Scan invitation")
        SCAN_REMINDER = "scan_reminder", _("Scan reminder")
        VOICE_ROUTING = "voice_routing", _("Request for help")
        TOOL_REQUEST = "tool_request", _("Request to approve an AI tool")
        POLICY = "policy", _("AI policy")
        WINS_DIGEST = "wins_digest", _("Wall of wins newsletter")
        ACADEMY_DECISION = "academy_decision", _("Answer to an AI evangelist nomination")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not sent")

    PRIVATE_KINDS = frozenset({Kind.VOICE_ROUTING})

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outgoing_mail",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    html = models.TextField(blank=True)
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    attempted_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "status"])]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def private(self) -> bool:
        return self.kind in self.PRIVATE_KINDS


class QuotaUse(models.Model):
    """How much of one quota is used in its current window (``koers/core/ratelimit.py``).

    ``key`` is a keyed hash of what is counted (a link, an account, an address), never the thing
    itself; the row is deleted once its window has ended, so nothing here outlives the window."""

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.count} until {self.window_ends}"
