"""The skills gap over the API: what the page shows (never a cell under k, never a person's
answer) and the anonymous self-assessment."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from koers.core.schema_types import Id
from koers.orgs.api import BODY_ERRORS, ERRORS, OrgSlug, api_org_context
from koers.orgs.schemas import BodyIn
from koers.strategy.selectors.skills import GapRow, skills_board
from koers.strategy.services.skills import self_assessment_submit

router = Router(tags=["strategy"])

Level = Annotated[int, Field(ge=0, le=4)]


class SkillOut(Schema):
    id: int
    key: str
    name: str
    description: str
    levels: list[str] = Field(description="One line per level, 0 (none) to 4 (expert).")
    default_needed: int


class SkillGapCellOut(Schema):
    skill_id: int
    needed: int
    current: float | None = Field(
        description="The self-assessed mean where at least k answered and no subtraction reveals "
        "fewer, else the AI ambassador's judgement, else null (too few answers)."
    )
    source: str = Field(description="self, ambassador or empty.")
    gap: float | None = Field(description="needed - current.")
    answers: int | None
    median: float | None
    judged_by: str | None = Field(description="The AI ambassador, when source is ambassador.")


class SkillGapRowOut(Schema):
    label: str
    cells: list[SkillGapCellOut]


class SkillsGapOut(Schema):
    k: int = Field(description="The organisation's smallest group shown.")
    quarter: dt.date | None = Field(description="The quarter whose self-assessments are shown.")
    quarters: list[dt.date]
    skills: list[SkillOut]
    departments: list[SkillGapRowOut]
    role_groups: list[SkillGapRowOut]


class SkillLevelIn(BodyIn):
    skill_id: Id
    level: Level = Field(description="The level that describes you best, 0 to 4.")


class SelfAssessmentIn(BodyIn):
    levels: list[SkillLevelIn] = Field(max_length=40, description="One level per skill.")


class SelfAssessmentOut(Schema):
    quarter: dt.date = Field(description="The quarter the answers count in.")


def _rows(rows: list[GapRow]) -> list[SkillGapRowOut]:
    return [
        SkillGapRowOut(
            label=row.label,
            cells=[
                SkillGapCellOut(
                    skill_id=c.skill.pk,
                    needed=c.needed,
                    current=c.current,
                    source=c.source,
                    gap=c.gap,
                    answers=c.n,
                    median=c.median,
                    judged_by=c.judged_by or None,
                )
                for c in row.cells
            ],
        )
        for row in rows
    ]


@router.get(
    "/orgs/{org}/strategy/skills",
    response={200: SkillsGapOut, **ERRORS},
    summary="The skills gap per department and skill",
    operation_id="strategy_skills_gap",
)
def skills_gap(request: HttpRequest, org: OrgSlug, quarter: dt.date | None = None) -> SkillsGapOut:
    ctx = api_org_context(request, org)
    board = skills_board(
        organisation=ctx.organisation, quarter=quarter.isoformat() if quarter else None
    )
    return SkillsGapOut(
        k=board.k,
        quarter=board.quarter,
        quarters=board.quarters,
        skills=[
            SkillOut(
                id=s.pk,
                key=s.key,
                name=s.name,
                description=s.description,
                levels=s.levels,
                default_needed=s.default_needed,
            )
            for s in board.skills
        ],
        departments=_rows(board.rows),
        role_groups=_rows(board.group_rows),
    )


@router.post(
    "/orgs/{org}/strategy/skills/self-assessment",
    response={201: SelfAssessmentOut, **BODY_ERRORS},
    summary="Send your anonymous self-assessment (once per quarter)",
    description="One level per skill of the organisation; stored without your name.",
    operation_id="strategy_self_assessment",
)
def self_assessment(
    request: HttpRequest, org: OrgSlug, payload: SelfAssessmentIn
) -> tuple[int, SelfAssessmentOut]:
    ctx = api_org_context(request, org)
    levels = {answer.skill_id: answer.level for answer in payload.levels}
    quarter = self_assessment_submit(ctx, levels=levels)
    return 201, SelfAssessmentOut(quarter=quarter)
