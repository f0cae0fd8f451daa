"""A sprint and its parts: the team, the lead's planning constraints, the board's items, the
check-in log, each item's outcome at close and the measurements of what it delivered; and the
organisation's "X needs Y first" between use cases, which the planner respects."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A sprint's time box when the lead does not set one.
DEFAULT_LENGTH = dt.timedelta(days=14)


class Status(models.TextChoices):
    PLANNING = "planning", _("Planning")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class TeamRole(models.TextChoices):
    EVANGELIST = "evangelist", _("AI ambassador")
    DOMAIN_EXPERT = "domain_expert", _("Domain expert")
    IT = "it", _("IT")
    OTHER = "other", _("Other")


class Column(models.TextChoices):
    TODO = "todo", _("To do")
    BUILDING = "building", _("Building")
    TESTING = "testing", _("Testing")
    DONE = "done", _("Done")


class Outcome(models.TextChoices):
    PILOTED = "piloted", _("Piloted")
    LIVE = "live", _("Live")
    PARKED = "parked", _("Parked")
    STOPPED = "stopped", _("Stopped")


# Outcomes that delivered something to measure.
DELIVERED = (Outcome.PILOTED, Outcome.LIVE)


class Sprint(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="sprints"
    )
    name = models.CharField(_("name"), max_length=120)
    goals = models.TextField(_("goals"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNING
    )
    # The planning constraints the lead set (docs/sprints.md); empty: no such constraint.
    max_risk = models.CharField(_("maximum risk"), max_length=10, blank=True)
    min_data_readiness = models.CharField(_("required data readiness"), max_length=10, blank=True)
    max_per_department = models.PositiveSmallIntegerField(
        _("at most per department"), null=True, blank=True
    )
    cross_departmental = models.BooleanField(_("at least one cross-departmental"), default=False)
    must_include = models.JSONField(_("must include"), default=list, blank=True)
    must_exclude = models.JSONField(_("must exclude"), default=list, blank=True)
    # The proposal as accepted: its value and the naive pick's, to show what planning gained.
    planned_value = models.FloatField(null=True, blank=True)
    greedy_value = models.FloatField(null=True, blank=True)
    capacity_days = models.FloatField(null=True, blank=True)
    # The retrospective, written at close.
    went_well = models.TextField(_("what worked"), blank=True)
    went_badly = models.TextField(_("what didn't"), blank=True)
    next_steps = models.TextField(_("what's next"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("AI sprint")

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="team")
    membership = models.ForeignKey(
        "orgs.Membership", on_delete=models.CASCADE, related_name="sprint_roles"
    )
    role = models.CharField(_("role in the sprint"), max_length=20, choices=TeamRole.choices)
    capacity_days = models.DecimalField(_("capacity (person-days)"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["sprint", "membership"], name="sprint_team_unique")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} ({self.role})"


class Dependency(models.Model):
    """``usecase`` needs ``needs`` first: the planner takes it only together with, or after, it."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="usecase_dependencies"
    )
    usecase = models.ForeignKey("backlog.UseCase", on_delete=models.CASCADE, related_name="+")
    needs = models.ForeignKey("backlog.UseCase", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["usecase", "needs"], name="sprint_dependency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.usecase_id} needs {self.needs_id}"


class SprintItem(models.Model):
    """A use case on a sprint's board."""

    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="items")
    usecase = models.ForeignKey("backlog.UseCase", on_delete=models.CASCADE, related_name="+")
    column = models.CharField(
        _("column"), max_length=10, choices=Column.choices, default=Column.TODO
    )
    owner = models.ForeignKey(
        "orgs.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    blocker = models.TextField(_("blocker"), blank=True)
    # The planner's figures when the plan was accepted.
    value = models.FloatField(default=0)
    effort_days = models.FloatField(default=0)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["sprint", "usecase"], name="sprint_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.usecase_id} in sprint {self.sprint_id}"


class CheckIn(models.Model):
    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="checkins")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on = models.DateField(_("date"))
    text = models.TextField(_("check-in"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.on}: {self.text[:40]}"


class Measurement(models.Model):
    """What a delivered use case turned out to bring, measured on a day (several over time)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="sprint_measurements"
    )
    item = models.ForeignKey(SprintItem, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("date measured"))
    hours_saved_per_month = models.DecimalField(
        _("hours saved per month"), max_digits=8, decimal_places=1
    )
    users = models.PositiveIntegerField(_("number of users"))
    quality_notes = models.TextField(_("quality notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-measured_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.item_id} on {self.measured_on}"
