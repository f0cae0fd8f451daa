"""Where the organisation's strategy stands, for its overview page: each part with what the
reader can do next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from koers.orgs.permissions import Perm
from koers.strategy.selectors.policy import has_acknowledged, open_version, published_version
from koers.strategy.selectors.skills import self_assessment_state, skill_list
from koers.strategy.selectors.vision import vision_current

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext
    from koers.strategy.models import PolicyVersion, VisionVersion


@dataclass(frozen=True)
class Overview:
    vision: VisionVersion | None
    published: PolicyVersion | None
    acknowledged: bool  # the reader confirmed the published version
    draft: PolicyVersion | None  # the version being written or reviewed, for leaders
    skills: int  # skills in the organisation's catalogue
    self_assessed: bool  # the reader answered the self-assessment this quarter
    self_assessment_again: dt.date


def strategy_overview(ctx: OrgContext) -> Overview:
    ctx.require(Perm.VIEW)
    organisation = ctx.organisation
    published = published_version(organisation)
    leader = ctx.can(Perm.MANAGE_STRATEGY) or ctx.can(Perm.APPROVE_POLICY)
    answered, again = self_assessment_state(ctx)
    return Overview(
        vision=vision_current(organisation),
        published=published,
        acknowledged=published is not None and has_acknowledged(ctx.membership, published),
        draft=open_version(organisation) if leader else None,
        skills=skill_list(organisation=organisation).count(),
        self_assessed=answered,
        self_assessment_again=again,
    )
