"""The tracks Koers ships as validated data (Dutch and English), like the scan's instruments.
No Django: ``load_tracks()`` reads ``tracks.json`` and checks it against ``schema.py``."""

from koers.academy.tracks.loader import load_tracks
from koers.academy.tracks.schema import LEVELS, ModuleSpec, TrackSpec

__all__ = ["LEVELS", "ModuleSpec", "TrackSpec", "load_tracks"]
