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
from koers.sprints.models.stories import NamedPerson as NamedPerson
from koers.sprints.models.stories import Reaction as Reaction
from koers.sprints.models.stories import Story as Story
from koers.sprints.models.stories import StoryRequest as StoryRequest
