"""The sprints app's models: sprints and their board (``sprint.py``), success stories and
reactions (``stories.py``)."""

from koers.sprints.models.sprint import (  # noqa: F401
    CheckIn,
    Dependency,
    Measurement,
    Sprint,
    SprintItem,
    TeamMember,
)
