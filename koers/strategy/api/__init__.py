"""The strategy app over the API, one router per part (``koers.api`` mounts them)."""
