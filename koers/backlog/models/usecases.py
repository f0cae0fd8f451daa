"""AI use cases, the votes and comments on them, and uploaded import files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from koers.core.models import QuickChoiceLabels


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    ASSESSED = "assessed", _("Assessed")
    SELECTED = "selected", _("Selected")
    IN_SPRINT = "in_sprint", _("In sprint")
    PILOT = "pilot", _("Pilot")
    LIVE = "live", _("Live")
    RETIRED = "retired", _("Retired")
    REJECTED = "rejected", _("Rejected")


class Technique(models.TextChoices):
    GENERATIVE = "generative", _("Generative AI (text, images, chat)")
    CLASSICAL_ML = "classical_ml", _("Classical machine learning (predictions, scores)")
    NLP = "nlp", _("Language processing (classify or search text)")
    VISION = "vision", _("Computer vision (images, video)")
    AGENTIC = "agentic", _("Agentic AI (carries out tasks by itself)")
    OTHER = "other", _("Other or don't know")


class PersonalData(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Don't know")


class Effort(models.TextChoices):
    UNKNOWN = "unknown", _("Don't know")
    DAYS = "days", _("Days")
    WEEKS = "weeks", _("Weeks")
    MONTHS = "months", _("Months")
    QUARTERS = "quarters", _("More than three months")


class AssessedRisk(models.TextChoices):
    """The risk a signed-off triage gives a use case (set by ``koers.triage``); it outranks the
    pre-screen's guess from the text everywhere the risk is used."""

    NONE = "", _("Not assessed")
    LOW = "low", _("Low risk")
    MEDIUM = "medium", _("Medium risk")
    HIGH = "high", _("High risk")


class DataReadiness(models.TextChoices):
    UNKNOWN = "unknown", _("Don't know")
    READY = "ready", _("Available and usable")
    PARTIAL = "partial", _("Available, needs work")
    MISSING = "missing", _("Not available yet")


class UseCase(QuickChoiceLabels, models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="usecases"
    )
    number = models.PositiveIntegerField(_("reference number"))
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("problem it solves"), blank=True)
    solution = models.TextField(_("proposed AI solution"), blank=True)
    benefits = models.TextField(_("expected benefits"), blank=True)
    hours_saved_per_month = models.DecimalField(
        _("hours saved per month"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    other_value_eur_per_year = models.DecimalField(
        _("other value per year (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    outputs = models.TextField(_("outputs"), blank=True)
    departments = models.ManyToManyField(
        "orgs.Department", verbose_name=_("departments"), related_name="usecases", blank=True
    )
    data_used = models.TextField(_("data used"), blank=True)
    data_readiness = models.CharField(
        _("data readiness"),
        max_length=10,
        choices=DataReadiness.choices,
        default=DataReadiness.UNKNOWN,
    )
    personal_data = models.CharField(
        _("personal data involved"),
        max_length=10,
        choices=PersonalData.choices,
        default=PersonalData.UNKNOWN,
    )
    technique = models.CharField(
        _("AI technique"), max_length=20, choices=Technique.choices, default=Technique.OTHER
    )
    assessed_risk = models.CharField(
        _("risk from the signed-off triage"),
        max_length=10,
        choices=AssessedRisk.choices,
        blank=True,
        default=AssessedRisk.NONE,
    )
    effort = models.CharField(
        _("effort estimate"), max_length=10, choices=Effort.choices, default=Effort.UNKNOWN
    )
    stage = models.CharField(
        pgettext_lazy("lifecycle", "stage"),
        max_length=12,
        choices=Stage.choices,
        default=Stage.IDEA,
        db_index=True,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    anonymous = models.BooleanField(_("submitted anonymously"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_usecases",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    external_id = models.CharField(_("external ID"), max_length=100, blank=True)
    source = models.JSONField(_("source fields"), default=dict, blank=True)
    vote_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="usecase_unique_number")
        ]
        verbose_name = _("use case")
        verbose_name_plural = _("use cases")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"UC-{self.number}"


class Vote(models.Model):
    usecase = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usecase", "user"], name="vote_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.usecase}"


class Comment(models.Model):
    usecase = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]
