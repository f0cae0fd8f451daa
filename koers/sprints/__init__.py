"""AI dev sprints: time-boxed sprints in which a small team turns chosen use cases into pilots:
planning with the exact planner (``koers.sprints.planner``, a pure core without Django), the
board, outcomes and measurements (docs/sprints.md)."""
