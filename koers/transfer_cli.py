"""``koers import`` and ``koers export``: filled in by the import/export work."""

from __future__ import annotations

import argparse
from typing import Any


def add_transfer_commands(sub: Any) -> None:
    del sub


__all__ = ["add_transfer_commands", "argparse"]
