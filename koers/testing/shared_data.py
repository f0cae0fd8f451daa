"""The public data sets in ../shared/data, next to the repository: read by tests and benchmarks
when present. A user's clone has no ../shared, so there the tests that need it are skipped; in CI
(``CI`` set) they must run, so a missing file fails them instead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
FEDERAL = SHARED_DATA / "federal-ai-use-cases-2025-dev.csv"

needs_federal = pytest.mark.skipif(
    not FEDERAL.exists() and not os.environ.get("CI"),
    reason=f"the shared federal data set is not at {FEDERAL}",
)

FEDERAL_COTS = SHARED_DATA / "federal-ai-cots-use-cases-2025.csv"

needs_federal_cots = pytest.mark.skipif(
    not FEDERAL_COTS.exists() and not os.environ.get("CI"),
    reason=f"the shared federal COTS data set is not at {FEDERAL_COTS}",
)
