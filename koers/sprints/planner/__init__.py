"""The sprint planner: which use cases to take into a sprint, chosen exactly.

A pure core (no Django): candidates with a value and an effort in person-days, a capacity and the
lead's constraints go in; the plan with the most value that respects them all comes out, proven
optimal by an integer programme on HiGHS, with the reason each candidate is in or out and the
naive "sort by score" pick beside it. The model is written out in docs/sprints.md.
"""

from koers.sprints.planner.problem import (
    DATA_READINESS,
    RISKS,
    Candidate,
    Constraints,
    Infeasible,
    Problem,
)
from koers.sprints.planner.solve import Plan, Reason, Verdict, plan

__all__ = [
    "DATA_READINESS",
    "RISKS",
    "Candidate",
    "Constraints",
    "Infeasible",
    "Plan",
    "Problem",
    "Reason",
    "Verdict",
    "plan",
]
