"""Load the instruments Koers ships, validated against the schema.

The JSON files are package data next to this module, so they load the same from a checkout,
an editable install or a wheel.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from koers.diagnostic.instruments.schema import Calibration, Instrument

DEFAULT_SCAN_FILE = "default_scan.json"
CALIBRATION_FILE = "calibration.json"


def _read(name: str) -> str:
    return (
        resources.files("koers.diagnostic.instruments").joinpath(name).read_text(encoding="utf-8")
    )


@cache
def load_default_scan() -> Instrument:
    """The default GenAI readiness scan; raises if it no longer covers every barrier."""
    instrument = Instrument.model_validate_json(_read(DEFAULT_SCAN_FILE))
    instrument.check_full_coverage()
    return instrument


@cache
def load_calibration() -> Calibration:
    """The leadership calibration quiz: dated statements about what GenAI can do today."""
    return Calibration.model_validate_json(_read(CALIBRATION_FILE))
