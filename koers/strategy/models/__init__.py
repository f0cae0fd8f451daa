"""The strategy app's tables, one module per part (policy, vision, scenarios, skills)."""

from koers.strategy.models.policy import (
    Acknowledgement,
    Policy,
    PolicyApproval,
    PolicyVersion,
    ToolRequest,
)

__all__ = [
    "Acknowledgement",
    "Policy",
    "PolicyApproval",
    "PolicyVersion",
    "ToolRequest",
]
