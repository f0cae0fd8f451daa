"""Reading the skills matrix: the catalogue, the needed levels, the judgements and the gap per
department, always within one organisation.

The self-assessed figures follow the scan's rules: the organisation's *k* (the scan's setting,
read through Django's app registry because the scan sits above this app), a quarter's figures
only once the quarter is over (so two readings a day apart cannot be subtracted to find one
person's answer), and the suppression of ``koers.strategy.skills.gaps``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.charts import heat_chart
from koers.orgs.models import Department
from koers.strategy.models.skills import (
    SelfAssessmentAnswer,
    SelfAssessmentTaken,
    Skill,
    SkillJudgement,
    SkillRoleGroup,
    SkillTarget,
)
from koers.strategy.selectors.small_groups import min_group_of
from koers.strategy.services.skills import next_quarter, quarter_of
from koers.strategy.skills import gaps
from koers.strategy.skills.gaps import Answer, Cell

if TYPE_CHECKING:
    from koers.orgs.models import Organisation
    from koers.orgs.tenancy import OrgContext

NO_DEPARTMENT = "-"  # the cell of people without a department
ROLE_GROUPS = (SkillRoleGroup.LEADERSHIP.value, SkillRoleGroup.STAFF.value)


def level_names() -> list[str]:
    """The names of the levels 0 to 4, in the reader's language."""
    return [_("none"), _("aware"), _("user"), _("skilled"), _("expert")]


def skill_list(*, organisation: Organisation) -> QuerySet[Skill]:
    return Skill.objects.filter(organisation=organisation)


def self_assessment_state(ctx: OrgContext) -> tuple[bool, dt.date]:
    """Whether the member answered this quarter, and the day they can answer (again)."""
    quarter = quarter_of(clock.today())
    answered = SelfAssessmentTaken.objects.filter(
        membership=ctx.membership, quarter=quarter
    ).exists()
    return answered, next_quarter(quarter) if answered else clock.today()


def targets_of(
    *, organisation: Organisation, department: Department, role_group: str
) -> dict[int, int]:
    """The needed level per skill id that the leaders set for a department (and role group)."""
    return dict(
        SkillTarget.objects.filter(
            organisation=organisation, department=department, role_group=role_group
        ).values_list("skill_id", "level")
    )


def judgements_of(
    *, organisation: Organisation, department: Department
) -> dict[int, SkillJudgement]:
    return {
        j.skill_id: j
        for j in SkillJudgement.objects.filter(
            organisation=organisation, department=department
        ).select_related("judged_by")
    }


def department_list(*, organisation: Organisation) -> QuerySet[Department]:
    return Department.objects.filter(organisation=organisation)


def department_get(*, organisation: Organisation, pk: object) -> Department | None:
    try:
        return Department.objects.get(organisation=organisation, pk=int(pk))  # type: ignore[call-overload]
    except (Department.DoesNotExist, TypeError, ValueError):
        return None


@dataclass(frozen=True)
class GapCell:
    skill: Skill
    needed: int
    current: float | None
    source: str  # "self", "ambassador" or ""
    gap: float | None
    n: int | None = None
    median: float | None = None
    judged_by: str = ""


@dataclass(frozen=True)
class GapRow:
    label: str
    cells: list[GapCell]


@dataclass(frozen=True)
class SkillsBoard:
    skills: list[Skill]
    k: int
    quarter: dt.date | None  # the quarter whose self-assessments are shown
    quarters: list[dt.date]  # every finished quarter with answers
    open_quarter: dt.date  # this quarter: its figures appear when it is over
    rows: list[GapRow] = field(default_factory=list)
    group_rows: list[GapRow] = field(default_factory=list)
    chart: SafeString | None = None


def skills_board(*, organisation: Organisation, quarter: str | None = None) -> SkillsBoard:
    """The gap per department and skill: needed level, current level (self-assessed where at least
    *k* answered and no subtraction reveals fewer, else an ambassador's judgement) and the gap,
    with the heat map; per department x role group the self-assessed figures that may be shown."""
    skills = list(skill_list(organisation=organisation))
    k = min_group_of(organisation)
    open_quarter = quarter_of(clock.today())
    quarters = sorted(
        set(
            SelfAssessmentAnswer.objects.filter(
                organisation=organisation, quarter__lt=open_quarter
            ).values_list("quarter", flat=True)
        ),
        reverse=True,
    )
    chosen = next(
        (q for q in quarters if q.isoformat() == quarter), quarters[0] if quarters else None
    )
    board = SkillsBoard(skills, k, chosen, quarters, open_quarter)
    if not skills:
        return board
    departments = list(Department.objects.filter(organisation=organisation))
    names = {str(d.pk): d.name for d in departments}
    answers = (
        [
            Answer(
                str(department_id) if department_id else NO_DEPARTMENT,
                role_group,
                str(skill_id),
                level,
            )
            for department_id, role_group, skill_id, level in SelfAssessmentAnswer.objects.filter(
                organisation=organisation, quarter=chosen
            ).values_list("department_id", "role_group", "skill_id", "level")
        ]
        if chosen
        else []
    )  # before a quarter is over: none of its answers, only the grid
    structure = {(str(d.pk), r) for d in departments for r in ROLE_GROUPS}
    shown = gaps.cell_levels(answers, skills=[str(s.pk) for s in skills], structure=structure, k=k)
    targets = {
        (t.department_id, t.role_group, t.skill_id): t.level
        for t in SkillTarget.objects.filter(organisation=organisation)
    }
    judged: dict[int, dict[str, SkillJudgement]] = {}
    for j in SkillJudgement.objects.filter(organisation=organisation).select_related("judged_by"):
        judged.setdefault(j.skill_id, {})[str(j.department_id)] = j

    def needed(skill: Skill, department: str, role_group: str) -> int:
        if department == NO_DEPARTMENT:
            return skill.default_needed
        d = int(department)
        return targets.get(
            (d, role_group, skill.pk), targets.get((d, "", skill.pk), skill.default_needed)
        )

    def cell(skill: Skill, at: Cell) -> GapCell:
        department, role_group = at
        figures = shown[str(skill.pk)]
        by_department = judged.get(skill.pk, {})
        current, source = gaps.current_level(
            figures, {d: j.level for d, j in by_department.items()}, at
        )
        need = needed(skill, department or NO_DEPARTMENT, role_group or "")
        level = figures.get(at)
        judgement = by_department.get(department or "") if source == "ambassador" else None
        return GapCell(
            skill,
            need,
            current,
            source,
            gaps.gap(need, current),
            level.n if level else None,
            level.median if level else None,
            (judgement.judged_by.name or judgement.judged_by.email)
            if judgement and judgement.judged_by
            else "",
        )

    row_keys = [(str(d.pk), names[str(d.pk)]) for d in departments]
    if any(a.department == NO_DEPARTMENT for a in answers):
        row_keys.append((NO_DEPARTMENT, _("No department")))
    rows = [GapRow(label, [cell(s, (key, None)) for s in skills]) for key, label in row_keys]
    role_labels = dict(SkillRoleGroup.choices)
    group_rows = [
        GapRow(
            f"{label} · {role_labels[r]}",
            [cell(s, (key, r)) for s in skills],
        )
        for key, label in row_keys
        for r in ROLE_GROUPS
    ]
    chart = heat_chart(
        "skills-gap",
        _("Skills gap per department: needed level minus current level"),
        [s.name for s in skills],
        [(row.label, [c.gap for c in row.cells]) for row in rows],
        low=0,
        high=4,
        hidden=_("too few answers"),
        hidden_short="\u2013",
    )
    return SkillsBoard(skills, k, chosen, quarters, open_quarter, rows, group_rows, chart)
