"""The ready-made instruments as data: the default readiness scan and the calibration quiz.

Django-free by rule: the diagnostic app copies these into its own tables; the schema checks
them (and facilitators' own instruments) on the way in.
"""

from koers.diagnostic.instruments.loader import load_calibration, load_default_scan
from koers.diagnostic.instruments.schema import BARRIER_IDS, Calibration, Instrument

__all__ = ["BARRIER_IDS", "Calibration", "Instrument", "load_calibration", "load_default_scan"]
