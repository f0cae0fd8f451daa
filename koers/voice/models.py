"""Voice: employees' concerns and requests for help, their themes, the answers and the actions
taken ("you said, we did").

Anonymity by construction, as in the readiness scan:

* an anonymous ``Item`` has no author, no IP address or browser, and only the day it came in
  (``created_on``); it is never listed in the order it was stored. Every item is known outside
  the database by a random reference (``ref``), never by its id, which counts up as items come
  in and would show moderators which anonymous and named items came before which. Its submitter
  holds a private
  *case code*; Koers keeps only the code's SHA-256 hash (``case_code_hash``), with which the
  submitter reads the answers and replies, without an account;
* the text as submitted (``text``) is seen by moderators only. What employees see is
  ``public_text``: pre-redacted by ``koers.redact`` (personal data, names from the organisation's
  directory) and checked by a moderator, set when the item is published;
* "me too" (``Support``) is one per person, so it stores the membership; who supports what is
  never shown or exported, only the count.

Every answer, moderation change and action change is kept in the history (``change_record``).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from koers.textmine.naming import translate_terms, words

# An item's reference: 8 characters of Crockford's base32 (no I, L, O, U), 40 random bits.
REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REF_LENGTH = 8


def item_ref_new() -> str:
    """A new random reference for an item (the unique constraint catches the rare repeat)."""
    return "".join(secrets.choice(REF_ALPHABET) for _i in range(REF_LENGTH))


class Kind(models.TextChoices):
    CONCERN = "concern", _("Concern")
    HELP = "help", _("Help request")


class Category(models.TextChoices):
    JOB_SECURITY = "job_security", _("Job security")
    PRIVACY = "privacy", _("Privacy")
    ETHICS = "ethics_fairness", _("Ethics and fairness")
    QUALITY = "quality", _("Quality and reliability of AI")
    SKILLS = "skills", _("Skills and training")
    WORKLOAD = "workload", _("Workload")
    TOOLS = "tools_access", _("Tools and access")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    # Every item starts new and is seen by moderators first.
    NEW = "new", _("New")
    # Concerns: published (with their redacted text) or withheld.
    PUBLISHED = "published", _("Published")
    WITHHELD = "withheld", _("Withheld")
    # Help requests: picked up by an evangelist, then helped.
    PICKED_UP = "picked_up", _("Picked up")
    HELPED = "helped", _("Helped")


class Source(models.TextChoices):
    FORM = "form", _("Voice form")
    SCAN = "scan", _("Readiness scan")


class Theme(models.Model):
    """A group of concerns about the same thing; computed, or made by a moderator (``manual``:
    recomputation leaves its members alone)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="voice_themes"
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    # The key terms of its texts, for a label while it has no name.
    terms = models.JSONField(default=list, blank=True)
    # Its computed name per language, {"nl": …, "en": …, "phrase": catalogue key or ""}
    # (koers.textmine.naming), for the label while no moderator named it.
    names = models.JSONField(default=dict, blank=True)
    manual = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """A moderator's name, else its computed name in the active language, else key terms."""
        return self.label_in(translation.get_language())

    def label_in(self, language: str | None) -> str:
        lang = "nl" if (language or "").lower().startswith("nl") else "en"
        return (
            self.name
            or str((self.names or {}).get(lang) or "")
            or ", ".join(self.terms[:3])
            or str(_("Theme"))
        )

    @property
    def terms_shown(self) -> list[str]:
        """Its key terms in the active language (as written where no word list knows them),
        leaving out those its label already says (a category's name, "Werkdruk")."""
        label = set(words(self.label))
        shown = translate_terms(
            self.terms, translation.get_language() or "en", self.organisation.language
        )
        return [t for t in shown if not set(words(t)) <= label]


class Item(models.Model):
    """A concern or a request for help."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="voice_items"
    )
    # In every address, page, API answer, e-mail and export instead of the id (see above).
    ref = models.CharField(
        _("reference"), max_length=REF_LENGTH, unique=True, default=item_ref_new, editable=False
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CONCERN)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    department = models.ForeignKey(
        "orgs.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("department"),
    )
    # As submitted: moderators only.
    text = models.TextField(_("text"))
    # What everyone else reads, once published: redacted and checked by a moderator.
    public_text = models.TextField(_("published text"), blank=True)
    # What the pre-redaction found in ``text``: [{"kind", "start", "end"}].
    redactions = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    anonymous = models.BooleanField(_("anonymous"), default=True)
    # Only for an item raised by name.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="voice_items",
    )
    case_code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    source = models.CharField(max_length=6, choices=Source.choices, default=Source.FORM)
    wave = models.ForeignKey(
        "diagnostic.Wave", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    # How many people wrote it: the readiness scan's identical written worries are one concern.
    mentions = models.PositiveIntegerField(_("people who wrote it"), default=1)
    # Its department counts in the theme's (or category's) department figures and may stand beside
    # it: set once at least k published concerns of that department were waiting there, so the
    # figures move in steps of k and a new concern's department is never told by a change.
    department_released = models.BooleanField(default=False)
    # The day only: the time of day could point at who wrote it.
    created_on = models.DateField()
    published_on = models.DateField(null=True, blank=True)
    # An anonymous help request not yet in the helpers' daily e-mail (``help_digest_send``):
    # e-mailed at once, it would be dated to the minute.
    awaiting_digest = models.BooleanField(default=False)
    # A help request: who picked it up (an evangelist or the programme lead).
    helper = models.ForeignKey(
        "orgs.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        # Never by id: the order of storing must not be observable. The reference, random, breaks
        # the ties of a day.
        ordering = ["-created_on", "category", "kind", "ref"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(author__isnull=True),
                name="voice_anonymous_item_has_no_author",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.ref}"


class Reply(models.Model):
    """A message in an item's conversation: from the programme team, or from the submitter
    (through the case code, or by name)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("message"))
    from_submitter = models.BooleanField(default=False)
    # The team member who wrote it; None for the submitter.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_on = models.DateField()
    # The order within the conversation (the day alone does not give it).
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["item", "position"]

    def __str__(self) -> str:
        return f"reply {self.position} on {self.item.ref}"


class Action(models.Model):
    """What the organisation does about a concern or theme."""

    class ActionKind(models.TextChoices):
        POLICY = "policy", _("Policy section")
        TRAINING = "training", _("Training")
        USECASE = "usecase", _("Use case")
        SPRINT = "sprint", _("Sprint")
        COMMITMENT = "commitment", _("Commitment")

    class ActionStatus(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="voice_actions"
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=ActionKind.choices, default=ActionKind.COMMITMENT
    )
    title = models.CharField(_("what"), max_length=200)
    usecase = models.ForeignKey(
        "backlog.UseCase",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("use case"),
    )
    owner = models.ForeignKey(
        "orgs.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    """The programme lead's answer to one item or to a whole theme, with the actions it links."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="voice_answers"
    )
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    body = models.TextField(_("answer"))
    actions = models.ManyToManyField(Action, blank=True, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False, theme__isnull=True)
                | Q(item__isnull=True, theme__isnull=False),
                name="voice_answer_to_item_or_theme",
            )
        ]

    def __str__(self) -> str:
        return f"answer {self.pk}"


class Support(models.Model):
    """ "Me too": one per person per item or theme. Who supports what is never shown."""

    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.CASCADE, related_name="supports"
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="supports"
    )
    membership = models.ForeignKey("orgs.Membership", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "membership"], name="voice_support_item_once"),
            models.UniqueConstraint(
                fields=["theme", "membership"], name="voice_support_theme_once"
            ),
            models.CheckConstraint(
                condition=Q(item__isnull=False, theme__isnull=True)
                | Q(item__isnull=True, theme__isnull=False),
                name="voice_support_item_or_theme",
            ),
        ]

    def __str__(self) -> str:
        return f"support {self.pk}"


class VoiceLink(models.Model):
    """The organisation's public link to the Voice form, for people without an account (a poster,
    the intranet): holding it is the permission to raise an anonymous concern. Only its hash is
    kept; ``quota_per_hour`` limits what one link can take in."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="voice_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    quota_per_hour = models.PositiveIntegerField(default=30)
    revoked = models.BooleanField(default=False)
    created_on = models.DateField()

    def __str__(self) -> str:
        return f"voice link {self.pk}"


class LinkUse(models.Model):
    """How many items a public link took in during one hour: the per-link quota, without
    tracking anyone."""

    link = models.ForeignKey(VoiceLink, on_delete=models.CASCADE, related_name="uses")
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "hour"], name="voice_link_hour_once")
        ]

    def __str__(self) -> str:
        return f"{self.count} at {self.hour}"
