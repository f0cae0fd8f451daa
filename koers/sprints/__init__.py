"""AI dev sprints: time-boxed sprints in which a small team turns chosen use cases into pilots.

For now only the planner (``koers.sprints.planner``), a pure core without Django."""
