"""The risk triage of a use case: the facts as answered and the outcome of the AI Act engine
(``koers.triage.rules``). The outcome is stored whole (``result``) and, for filtering, in a few
columns, with the version of the rules it was made with (``rules_version``): a change in the law
never changes a stored outcome by itself."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEEDS_REVIEW = "needs_review", _("Needs review")
    COMPLETE = "complete", _("Complete")
    SIGNED_OFF = "signed_off", _("Signed off")


class RiskGroup(models.TextChoices):
    PROHIBITED = "prohibited", _("Prohibited practice")
    HIGH_RISK = "high_risk", _("High risk")
    NOT_HIGH_RISK = "not_high_risk", _("Not high risk")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the AI Act")
    NEEDS_REVIEW = "needs_review", _("Needs review")


class Transparency(models.TextChoices):
    YES = "yes", _("Transparency duty")
    NO = "no", _("No transparency duty")
    NEEDS_REVIEW = "needs_review", _("Needs review")


class Dpia(models.TextChoices):
    REQUIRED = "required", _("DPIA required")
    RECOMMENDED = "recommended", _("DPIA recommended")
    NOT_REQUIRED = "not_required", _("No DPIA required")
    NEEDS_REVIEW = "needs_review", _("Needs review")


class AiRole(models.TextChoices):
    PROVIDER = "provider", _("Provider")
    DEPLOYER = "deployer", _("Deployer")
    PROVIDER_AND_DEPLOYER = "provider_and_deployer", _("Provider and deployer")
    IMPORTER = "importer", _("Importer")
    DISTRIBUTOR = "distributor", _("Distributor")
    NONE = "none", _("No AI Act role")


class Triage(models.Model):
    """One per use case, created when its first answers are saved."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="triages"
    )
    usecase = models.OneToOneField(
        "backlog.UseCase", on_delete=models.CASCADE, related_name="triage"
    )
    facts = models.JSONField(_("answers"), default=dict, blank=True)
    result = models.JSONField(_("outcome"), default=dict, blank=True)
    risk_group = models.CharField(
        _("risk group"), max_length=20, choices=RiskGroup.choices, db_index=True
    )
    transparency = models.CharField(
        _("transparency duty"), max_length=20, choices=Transparency.choices, db_index=True
    )
    dpia = models.CharField(_("DPIA"), max_length=20, choices=Dpia.choices, db_index=True)
    role = models.CharField(
        _("AI Act role"), max_length=30, choices=AiRole.choices, blank=True, db_index=True
    )
    status = models.CharField(
        _("triage status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # The version of the rules (koers.triage.rules.law) the result was made with.
    rules_version = models.CharField(_("rules version"), max_length=20, db_index=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last answered at"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("risk triage")
        verbose_name_plural = _("risk triages")

    def __str__(self) -> str:
        return str(_("Risk triage of %(usecase)s") % {"usecase": self.usecase})
