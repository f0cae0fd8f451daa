"""The skills matrix: an organisation's own copy of the catalogue of AI skills, the level each
department needs, the level an AI ambassador judges a department to have, and anonymous
self-assessments.

Anonymity by construction, as the scan's responses: a ``SelfAssessmentAnswer`` holds the
department, the role group, the skill, the level and the quarter, never a person. That someone
answered in a quarter is kept apart (``SelfAssessmentTaken``: the membership and the quarter,
nothing of the answers), so a person answers once per quarter and a new quarter's answers
replace the old ones in the figures without any link between a person and their answers.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.strategy.skills.schema import TOP_LEVEL  # 0 none, 1 aware, 2 user, 3 skilled, 4 expert


class SkillRoleGroup(models.TextChoices):
    """The scan's role groups; empty on a target means everyone in the department."""

    LEADERSHIP = "leadership", _("Leadership")
    STAFF = "staff", _("Staff")


def _level_field(verbose_name: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(verbose_name, validators=[MaxValueValidator(TOP_LEVEL)])


class Skill(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="ai_skills"
    )
    key = models.SlugField(max_length=64)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # One line per level, 0 to 4, in the organisation's language.
    levels = models.JSONField()
    default_needed = _level_field(_("needed level unless a department says otherwise"))
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="skill_key_once"),
            models.CheckConstraint(
                condition=models.Q(default_needed__lte=TOP_LEVEL), name="skill_default_needed_0_4"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SkillTarget(models.Model):
    """The level a department (or one of its role groups) needs, set by the leaders."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="targets")
    department = models.ForeignKey("orgs.Department", on_delete=models.CASCADE, related_name="+")
    role_group = models.CharField(max_length=10, choices=SkillRoleGroup.choices, blank=True)
    level = _level_field(_("needed level"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["skill", "department", "role_group"], name="skill_target_once"
            ),
            models.CheckConstraint(condition=models.Q(level__lte=TOP_LEVEL), name="target_0_4"),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} in {self.department_id}: {self.level}"


class SkillJudgement(models.Model):
    """An AI ambassador's judgement of a department's level: an expert view, named."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="judgements")
    department = models.ForeignKey("orgs.Department", on_delete=models.CASCADE, related_name="+")
    level = _level_field(_("level"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    judged_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["skill", "department"], name="skill_judgement_once"),
            models.CheckConstraint(condition=models.Q(level__lte=TOP_LEVEL), name="judgement_0_4"),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} in {self.department_id}: {self.level}"


class SelfAssessmentTaken(models.Model):
    """That a member answered in a quarter: nothing of what they answered."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    membership = models.ForeignKey("orgs.Membership", on_delete=models.CASCADE, related_name="+")
    quarter = models.DateField()  # the first day of the quarter

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "quarter"], name="self_assessment_once")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} answered in {self.quarter}"


class SelfAssessmentAnswer(models.Model):
    """One anonymous answer: no person, no day, no time; only where they work and the quarter.
    A random id, not a counter: numbered rows would line up with the order of the
    ``SelfAssessmentTaken`` rows and so with the people who answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="answers")
    department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role_group = models.CharField(max_length=10, choices=SkillRoleGroup.choices)
    level = _level_field(_("level"))
    quarter = models.DateField()

    class Meta:
        # Not by id: the order answers came in must not be observable.
        ordering = ["quarter", "department_id", "role_group", "skill_id", "level"]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__lte=TOP_LEVEL), name="answer_0_4")
        ]

    def __str__(self) -> str:
        return f"answer in {self.quarter}"
