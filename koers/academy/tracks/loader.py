"""Load the shipped tracks, validated; the file is package data next to this module."""

from __future__ import annotations

from functools import cache
from importlib import resources

from koers.academy.tracks.schema import Catalogue, TrackSpec

TRACKS_FILE = "tracks.json"


@cache
def load_tracks() -> tuple[TrackSpec, ...]:
    text = resources.files("koers.academy.tracks").joinpath(TRACKS_FILE).read_text("utf-8")
    return Catalogue.model_validate_json(text).tracks
