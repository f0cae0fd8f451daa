"""Market scenarios: the efficiency an organisation needs to keep pace, against what its backlog
is expected to deliver. Plain numbers in, plain numbers out; no Django.

What each input means (all shares are fractions from 0 to 1; the pages ask for percentages):

- ``price_gap`` p: a competitor becomes p cheaper. To match the price at the same margin, our
  costs must fall by the same share.
- ``speed_gap`` v: a competitor does the same work in v less time. To keep pace, that share of our
  working time must be freed (and spent on delivering sooner).
- ``quality_gap`` q: a competitor puts q more into quality and new ideas ("more creative"). To keep
  up, that share of our working time must be freed for it.
- ``entrant_share`` e: a new AI-native entrant puts share e of our market at risk. To stay viable
  with that much less work, costs must fall by the same share.

Each gap asks for a share of the current effort to be freed; together they compound, as each one
applies to what is left after the others:

    needed share  f = 1 - (1 - p)(1 - v)(1 - q)(1 - e)
    needed (EUR per year) for department d:   N_d = C_d * f
    reachable with GenAI for department d:    R_d = C_d * s_d
    expected from the backlog:                B_d (EUR per year, see below)
    gap:                                      G_d = max(0, N_d - B_d)
    (in total: the sum of the departments' gaps, as a surplus in one does not close another's)
    coverage:                                 B_d / N_d (none when nothing is needed)

where C_d is the department's yearly cost base and s_d the share of its work GenAI can speed up.
B_d is the value per year of the open use cases, read as the quick-win score reads it (hours saved
per month * 12 * the hourly cost, plus other value per year); a use case in several departments
counts for each of them equally (its value split evenly). When N_d is larger than R_d, GenAI
alone cannot close the gap in that department, whatever the backlog holds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

# Bounds that keep every figure sensible: a gap of 100% would mean a competitor for free.
MAX_GAP = 0.9
MAX_COST_BASE_EUR = 10_000_000_000.0

K = TypeVar("K")


@dataclass(frozen=True)
class Scenario:
    price_gap: float = 0.0
    speed_gap: float = 0.0
    quality_gap: float = 0.0
    entrant_share: float = 0.0

    def __post_init__(self) -> None:
        for name in ("price_gap", "speed_gap", "quality_gap", "entrant_share"):
            share = getattr(self, name)
            if not math.isfinite(share) or not 0 <= share <= MAX_GAP:
                raise ValueError(f"{name} must be a share from 0 to {MAX_GAP}: {share!r}")

    @property
    def needed_share(self) -> float:
        """f = 1 - (1 - p)(1 - v)(1 - q)(1 - e): the share of current effort to free."""
        kept = 1.0
        for share in (self.price_gap, self.speed_gap, self.quality_gap, self.entrant_share):
            kept *= 1 - share
        return 1 - kept


@dataclass(frozen=True)
class Department:
    name: str
    cost_base_eur: float  # C_d, per year
    speedable_share: float  # s_d, 0..1
    expected_eur: float  # B_d, per year, from the open backlog

    def __post_init__(self) -> None:
        if not math.isfinite(self.cost_base_eur) or not (
            0 <= self.cost_base_eur <= MAX_COST_BASE_EUR
        ):
            raise ValueError(f"cost_base_eur must be from 0 to {MAX_COST_BASE_EUR:.0f}")
        if not math.isfinite(self.speedable_share) or not 0 <= self.speedable_share <= 1:
            raise ValueError("speedable_share must be a share from 0 to 1")
        if not math.isfinite(self.expected_eur) or self.expected_eur < 0:
            raise ValueError("expected_eur must be a finite number, not negative")


@dataclass(frozen=True)
class Outcome:
    name: str
    cost_base_eur: float
    needed_eur: float  # N_d
    reachable_eur: float  # R_d
    expected_eur: float  # B_d
    gap_eur: float  # G_d
    coverage: float | None  # B_d / N_d; None when nothing is needed

    @property
    def beyond_genai(self) -> bool:
        """More is needed than GenAI can reach in this department."""
        return self.needed_eur > self.reachable_eur


@dataclass(frozen=True)
class Result:
    needed_share: float
    departments: tuple[Outcome, ...]
    total: Outcome


def _outcome(name: str, cost: float, needed: float, reachable: float, expected: float) -> Outcome:
    return Outcome(
        name=name,
        cost_base_eur=cost,
        needed_eur=needed,
        reachable_eur=reachable,
        expected_eur=expected,
        gap_eur=max(0.0, needed - expected),
        coverage=expected / needed if needed > 0 else None,
    )


def keep_pace(scenario: Scenario, departments: Sequence[Department]) -> Result:
    """Per department and in total: what is needed, reachable, expected, the gap and coverage."""
    f = scenario.needed_share
    outcomes = tuple(
        _outcome(
            d.name,
            d.cost_base_eur,
            d.cost_base_eur * f,
            d.cost_base_eur * d.speedable_share,
            d.expected_eur,
        )
        for d in departments
    )
    needed = sum(o.needed_eur for o in outcomes)
    expected = sum(o.expected_eur for o in outcomes)
    total = Outcome(
        name="",
        cost_base_eur=sum(o.cost_base_eur for o in outcomes),
        needed_eur=needed,
        reachable_eur=sum(o.reachable_eur for o in outcomes),
        expected_eur=expected,
        # A surplus in one department does not close another's gap.
        gap_eur=sum(o.gap_eur for o in outcomes),
        coverage=expected / needed if needed > 0 else None,
    )
    return Result(needed_share=f, departments=outcomes, total=total)


def split_evenly(value_eur: float, departments: Sequence[K]) -> dict[K, float]:
    """A use case's value per year shared equally by the departments it belongs to."""
    unique = list(dict.fromkeys(departments))
    if not unique:
        return {}
    return dict.fromkeys(unique, value_eur / len(unique))
