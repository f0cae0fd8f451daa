"""The sprints app's models: sprints and their board (``sprint.py``), success stories and
reactions (``stories.py``)."""
