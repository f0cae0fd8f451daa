"""How many Likert items measure each barrier; fewer than ``RELIABLE_ITEMS`` give a less
reliable score."""

from __future__ import annotations

from dataclasses import dataclass

from koers.diagnostic.instruments.schema import Instrument

RELIABLE_ITEMS = 3  # a barrier measured by fewer items gets a less reliable score


@dataclass(frozen=True)
class Coverage:
    barrier: str
    items: int

    @property
    def reliable(self) -> bool:
        return self.items >= RELIABLE_ITEMS


def coverage(instrument: Instrument) -> list[Coverage]:
    """How many Likert items measure each barrier the instrument declares or measures."""
    counts = instrument.barrier_coverage()
    declared = {b.id for b in instrument.barriers}
    return [Coverage(b, n) for b, n in counts.items() if n or b in declared]
