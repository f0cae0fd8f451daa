"""The leadership calibration quiz: rounds of the quiz and each leader's answers.

A round runs one frozen version of the organisation's calibration instrument (its statements,
correct answers and sources). A leader's answers are theirs: the pages show a leader only their
own result, and the team only in aggregate, from ``MIN_ANSWERS`` leaders up.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalibrationRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="calibration_rounds"
    )
    version = models.ForeignKey(
        "diagnostic.InstrumentVersion", on_delete=models.PROTECT, related_name="calibration_rounds"
    )
    name = models.CharField(_("name"), max_length=200)
    opened_on = models.DateField(_("opened on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opened_on")),
                name="calibration_round_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CalibrationAnswer(models.Model):
    """One leader's answers in one round: ``{statement_id: "true" | "false" | "unsure"}``."""

    round = models.ForeignKey(CalibrationRound, on_delete=models.CASCADE, related_name="answers")
    membership = models.ForeignKey(
        "orgs.Membership", on_delete=models.CASCADE, related_name="calibration_answers"
    )
    answers = models.JSONField()
    submitted_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "membership"], name="one_calibration_answer_per_leader"
            )
        ]

    def __str__(self) -> str:
        return f"calibration answers in {self.round_id}"
