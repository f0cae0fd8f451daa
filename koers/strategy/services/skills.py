"""Writing the skills matrix: the organisation's catalogue, the needed levels (leaders), an AI
ambassador's judgement and the anonymous self-assessment.

The self-assessment writes no history row: a ``Change`` names its actor and time, which would tie
the answers to the person. It records only that the member answered this quarter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.services import change_by, diff_fields
from koers.orgs.models import Department, Role
from koers.orgs.permissions import Perm
from koers.strategy.models.skills import (
    TOP_LEVEL,
    SelfAssessmentAnswer,
    SelfAssessmentTaken,
    Skill,
    SkillJudgement,
    SkillRoleGroup,
    SkillTarget,
)
from koers.strategy.skills.loader import load_catalogue

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext

LEADERSHIP_ROLES = {Role.ADMIN, Role.LEAD}  # as the scan groups roles
MAX_SKILLS = 40


def quarter_of(day: dt.date) -> dt.date:
    """The first day of the quarter ``day`` lies in."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter(quarter: dt.date) -> dt.date:
    month = quarter.month + 3
    return dt.date(quarter.year + (month > 12), (month - 1) % 12 + 1, 1)


def role_group_of(role: str) -> str:
    return SkillRoleGroup.LEADERSHIP if role in LEADERSHIP_ROLES else SkillRoleGroup.STAFF


@transaction.atomic
def skill_catalogue_copy(ctx: OrgContext) -> list[Skill]:
    """Give the organisation its own copy of Koers's catalogue, in its language, to edit."""
    ctx.require(Perm.MANAGE_STRATEGY)
    organisation = ctx.organisation
    if Skill.objects.filter(organisation=organisation).exists():
        raise ValidationError(_("The organisation already has its skills."))
    language = organisation.language
    skills = [
        Skill.objects.create(
            organisation=organisation,
            key=shipped.key,
            name=shipped.name.in_language(language),
            description=shipped.description.in_language(language),
            levels=[line.in_language(language) for line in shipped.levels],
            default_needed=shipped.default_needed,
            position=position,
        )
        for position, shipped in enumerate(load_catalogue().skills)
    ]
    for skill in skills:
        change_by(ctx, skill, action="created", note="catalogue")
    return skills


def _clean_skill(
    *, name: str, description: str, levels: list[str], default_needed: object
) -> tuple[dict[str, object], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    clean_name = str(name or "").strip()
    if not clean_name or len(clean_name) > 120:
        errors["name"] = [_("Give the skill a name of at most 120 characters.")]
    clean_description = str(description or "").strip()
    if len(clean_description) > 300:
        errors["description"] = [_("Keep the description to 300 characters.")]
    lines = [str(line or "").strip() for line in levels]
    if len(lines) != TOP_LEVEL + 1 or not all(lines) or any(len(line) > 300 for line in lines):
        errors["levels"] = [_("Describe every level in one line of at most 300 characters.")]
    needed = _level(default_needed)
    if needed is None:
        errors["default_needed"] = [_("Choose a level from 0 to 4.")]
    values: dict[str, object] = {
        "name": clean_name,
        "description": clean_description,
        "levels": lines,
        "default_needed": needed,
    }
    return values, errors


@transaction.atomic
def skill_update(
    ctx: OrgContext,
    *,
    skill_id: int,
    name: str,
    description: str,
    levels: list[str],
    default_needed: object,
) -> Skill:
    """Rename a skill, reword its levels or change the level it needs by default."""
    ctx.require(Perm.MANAGE_STRATEGY)
    skill = _own_skill(ctx, skill_id)
    values, errors = _clean_skill(
        name=name, description=description, levels=levels, default_needed=default_needed
    )
    if errors:
        raise ValidationError(errors)
    before = {field: getattr(skill, field) for field in values}
    changed = diff_fields(before, values)
    if changed:
        for field, value in values.items():
            setattr(skill, field, value)
        skill.save(update_fields=list(changed))
        change_by(ctx, skill, action="updated", fields=changed)
    return skill


@transaction.atomic
def skill_add(
    ctx: OrgContext, *, name: str, description: str, levels: list[str], default_needed: object
) -> Skill:
    """Add a skill of the organisation's own to the catalogue."""
    ctx.require(Perm.MANAGE_STRATEGY)
    values, errors = _clean_skill(
        name=name, description=description, levels=levels, default_needed=default_needed
    )
    existing = Skill.objects.filter(organisation=ctx.organisation)
    if existing.count() >= MAX_SKILLS:
        errors["name"] = [_("A catalogue holds at most %(most)s skills.") % {"most": MAX_SKILLS}]
    if errors:
        raise ValidationError(errors)
    taken = set(existing.values_list("key", flat=True))
    base = slugify(str(values["name"])).replace("-", "_")[:50] or "skill"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    position = (existing.aggregate(last=Max("position"))["last"] or 0) + 1
    skill = Skill.objects.create(
        organisation=ctx.organisation, key=key, position=position, **values
    )
    change_by(ctx, skill, action="created", fields=diff_fields({}, values))
    return skill


@transaction.atomic
def skill_targets_set(
    ctx: OrgContext, *, department_id: object, role_group: str, levels: Mapping[int, object]
) -> int:
    """Set the levels a department (or one role group in it) needs, per skill; an empty level
    takes the target away (the skill's default applies). Returns how many targets changed."""
    ctx.require(Perm.MANAGE_STRATEGY)
    department = _own_department(ctx, department_id)
    if role_group not in ("", *SkillRoleGroup.values):
        raise ValidationError({"role_group": [_("Choose a role group.")]})
    wanted = _levels_by_skill(ctx, levels)
    changed = 0
    for skill, level in wanted:
        found = SkillTarget.objects.filter(
            skill=skill, department=department, role_group=role_group
        ).first()
        old = found.level if found else None
        if old == level:
            continue
        changed += 1
        fields = {"level": [old, level]}
        if level is None and found is not None:
            change_by(ctx, found, action="deleted", fields=fields)
            found.delete()
        elif found is None:
            found = SkillTarget.objects.create(
                organisation=ctx.organisation,
                skill=skill,
                department=department,
                role_group=role_group,
                level=level,
                set_by=ctx.user,
            )
            change_by(ctx, found, action="created", fields=fields)
        else:
            found.level, found.set_by = level, ctx.user
            found.save(update_fields=["level", "set_by", "updated_at"])
            change_by(ctx, found, action="updated", fields=fields)
    return changed


@transaction.atomic
def skill_judgements_set(
    ctx: OrgContext, *, department_id: object, levels: Mapping[int, object], note: str = ""
) -> int:
    """An AI ambassador's judgement of a department's level per skill, with their name on it;
    an empty level takes the judgement back. Returns how many judgements changed."""
    ctx.require(Perm.JUDGE_SKILLS)
    department = _own_department(ctx, department_id)
    clean_note = str(note or "").strip()
    if len(clean_note) > 300:
        raise ValidationError({"note": [_("Keep the note to 300 characters.")]})
    wanted = _levels_by_skill(ctx, levels)
    today = clock.today()
    changed = 0
    for skill, level in wanted:
        found = SkillJudgement.objects.filter(skill=skill, department=department).first()
        old = found.level if found else None
        if old == level and (found is None or found.note == clean_note):
            continue
        changed += 1
        fields = diff_fields(
            {"level": old, "note": found.note if found else ""},
            {"level": level, "note": clean_note if level is not None else ""},
        )
        if level is None and found is not None:
            change_by(ctx, found, action="deleted", fields=fields)
            found.delete()
        elif found is None and level is not None:
            found = SkillJudgement.objects.create(
                organisation=ctx.organisation,
                skill=skill,
                department=department,
                level=level,
                note=clean_note,
                judged_by=ctx.user,
                judged_on=today,
            )
            change_by(ctx, found, action="created", fields=fields)
        elif found is not None and level is not None:
            found.level, found.note, found.judged_by, found.judged_on = (
                level,
                clean_note,
                ctx.user,
                today,
            )
            found.save(update_fields=["level", "note", "judged_by", "judged_on"])
            change_by(ctx, found, action="updated", fields=fields)
    return changed


@transaction.atomic
def self_assessment_submit(ctx: OrgContext, *, levels: Mapping[int, object]) -> dt.date:
    """Store a member's self-assessment without anything that points at them: one answer per
    skill with the department, role group and quarter. Once per quarter; returns the quarter."""
    ctx.require(Perm.VIEW)
    skills = list(Skill.objects.filter(organisation=ctx.organisation))
    if not skills:
        raise ValidationError(_("The organisation has no skills to assess yet."))
    errors: dict[str, list[str]] = {}
    chosen: list[tuple[Skill, int]] = []
    for skill in skills:
        level = _level(levels.get(skill.pk))
        if level is None:
            errors[f"skill_{skill.pk}"] = [_("Choose the level that describes you best.")]
        else:
            chosen.append((skill, level))
    if errors:
        raise ValidationError(errors)
    quarter = quarter_of(clock.today())
    try:
        with transaction.atomic():
            SelfAssessmentTaken.objects.create(
                organisation=ctx.organisation, membership=ctx.membership, quarter=quarter
            )
    except IntegrityError:
        raise ValidationError(
            _("You already answered this quarter. You can answer again from %(day)s.")
            % {"day": date_format(next_quarter(quarter), "DATE_FORMAT")}
        ) from None
    SelfAssessmentAnswer.objects.bulk_create(
        [
            SelfAssessmentAnswer(
                organisation=ctx.organisation,
                skill=skill,
                department_id=ctx.membership.department_id,
                role_group=role_group_of(ctx.membership.role),
                level=level,
                quarter=quarter,
            )
            for skill, level in chosen
        ]
    )
    return quarter


def _level(value: object) -> int | None:
    try:
        level = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return level if 0 <= level <= TOP_LEVEL else None


def _levels_by_skill(
    ctx: OrgContext, levels: Mapping[int, object]
) -> list[tuple[Skill, int | None]]:
    """The organisation's skills with the level given for each (None: empty); a level that is
    not 0 to 4 is an error and nothing is changed."""
    found: list[tuple[Skill, int | None]] = []
    errors: dict[str, list[str]] = {}
    for skill in Skill.objects.filter(organisation=ctx.organisation):
        if skill.pk not in levels:
            continue
        raw = levels[skill.pk]
        level = None if raw in (None, "") else _level(raw)
        if raw not in (None, "") and level is None:
            errors[f"skill_{skill.pk}"] = [_("Choose a level from 0 to 4.")]
        found.append((skill, level))
    if errors:
        raise ValidationError(errors)
    return found


def _own_skill(ctx: OrgContext, skill_id: object) -> Skill:
    try:
        return Skill.objects.get(organisation=ctx.organisation, pk=int(skill_id))  # type: ignore[call-overload]
    except (Skill.DoesNotExist, TypeError, ValueError):
        raise ValidationError({"skill": [_("Choose a skill of the organisation.")]}) from None


def _own_department(ctx: OrgContext, department_id: object) -> Department:
    try:
        return Department.objects.get(organisation=ctx.organisation, pk=int(department_id))  # type: ignore[call-overload]
    except (Department.DoesNotExist, TypeError, ValueError):
        raise ValidationError({"department": [_("Choose a department.")]}) from None
