"""The strategy app's tables, one module per part (policy, vision, scenarios, skills)."""

from koers.strategy.models.policy import (
    Acknowledgement,
    Policy,
    PolicyApproval,
    PolicyVersion,
    ToolRequest,
)
from koers.strategy.models.scenarios import DepartmentBaseline, Scenario  # noqa: F401
from koers.strategy.models.skills import (  # noqa: F401
    SelfAssessmentAnswer,
    SelfAssessmentTaken,
    Skill,
    SkillJudgement,
    SkillTarget,
)
from koers.strategy.models.vision import VisionVersion  # noqa: F401

__all__ = [
    "Acknowledgement",
    "Policy",
    "PolicyApproval",
    "PolicyVersion",
    "ToolRequest",
]
