"""The quick-win score: value, effort, risk and data readiness in one transparent number.

Each input becomes a component in [0, 1] where 1 is best for a quick win (much value, little
effort, low risk, data ready); the score is their weighted average, so it is in [0, 1] too and
every weight can be read as "this share of the score". An unknown input gets the neutral middle,
0.5, and is named in ``Score.unknown``, so a row without estimates is neither rewarded nor punished
and the reader sees why.

Value is money per year: hours saved per month * 12 * hourly cost, plus other value per year. Money
spans orders of magnitude, so it is normalised on a log scale against a reference value (in the web
app the 90th percentile of the organisation's open backlog, see ``value_scale``): 0 at 1% of the
reference or less, 0.5 at 10%, 1 at the reference or more.

The quadrant uses two of the components: value (high above the middle) and effort (low from the
middle). A point on the middle line therefore counts as lower value but lower effort, so a use case
with nothing known is a fill-in until someone estimates it: never promised as a quick win.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Effort = Literal["days", "weeks", "months", "quarters", "unknown"]
Risk = Literal["low", "medium", "high", "unknown"]
DataReadiness = Literal["ready", "partial", "missing", "unknown"]
Quadrant = Literal["quick_win", "big_bet", "fill_in", "money_pit"]

UNKNOWN = "unknown"
NEUTRAL = 0.5
QUADRANTS: tuple[Quadrant, ...] = ("quick_win", "big_bet", "fill_in", "money_pit")

# 1 is best for a quick win; "unknown" is the neutral middle.
LOW_EFFORT: dict[str, float] = {
    "days": 1.0,
    "weeks": 2 / 3,
    "months": 1 / 3,
    "quarters": 0.0,
    UNKNOWN: NEUTRAL,
}
LOW_RISK: dict[str, float] = {"low": 1.0, "medium": 0.5, "high": 0.0, UNKNOWN: NEUTRAL}
DATA_READY: dict[str, float] = {"ready": 1.0, "partial": 0.5, "missing": 0.0, UNKNOWN: NEUTRAL}

# The value component covers this many factors of ten below the reference value.
VALUE_DECADES = 2
MONTHS_PER_YEAR = 12
# The reference value when a backlog has no known value at all (about 70 hours a month at €60).
DEFAULT_VALUE_SCALE_EUR = 50_000.0
VALUE_SCALE_PERCENTILE = 90

COMPONENTS = ("value", "low_effort", "low_risk", "data_ready")
# The inputs behind each component: a component is unknown when all of its inputs are.
COMPONENT_INPUTS = {
    "value": ("hours_saved_per_month", "other_value_eur_per_year"),
    "low_effort": ("effort",),
    "low_risk": ("risk",),
    "data_ready": ("data_readiness",),
}
COMPONENT_NAMES = {
    "value": "value",
    "low_effort": "low effort",
    "low_risk": "low risk",
    "data_ready": "data readiness",
}


@dataclass(frozen=True)
class Weights:
    """An organisation's weights: relative, so only each one's share of their sum matters."""

    hourly_cost_eur: float = 60.0
    value: float = 40.0
    effort: float = 30.0
    risk: float = 15.0
    data_readiness: float = 15.0

    def __post_init__(self) -> None:
        numbers = (self.hourly_cost_eur, self.value, self.effort, self.risk, self.data_readiness)
        if any(not math.isfinite(n) or n < 0 for n in numbers):
            raise ValueError("hourly cost and weights must be finite and not negative")
        if self.total <= 0:
            raise ValueError("at least one weight must be above zero")

    @property
    def total(self) -> float:
        return self.value + self.effort + self.risk + self.data_readiness

    def shares(self) -> dict[str, float]:
        """Each component's share of the score, summing to 1."""
        raw = (self.value, self.effort, self.risk, self.data_readiness)
        return {name: weight / self.total for name, weight in zip(COMPONENTS, raw, strict=True)}


@dataclass(frozen=True)
class Inputs:
    hours_saved_per_month: float | None = None
    other_value_eur_per_year: float | None = None
    effort: Effort = "unknown"
    risk: Risk = "unknown"
    data_readiness: DataReadiness = "unknown"

    def __post_init__(self) -> None:
        for name in ("hours_saved_per_month", "other_value_eur_per_year"):
            number = getattr(self, name)
            if number is not None and (not math.isfinite(number) or number < 0):
                raise ValueError(f"{name} must be a finite number, not negative: {number!r}")
        for name, allowed in (
            ("effort", LOW_EFFORT),
            ("risk", LOW_RISK),
            ("data_readiness", DATA_READY),
        ):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}")

    def unknown(self) -> tuple[str, ...]:
        """The names of the inputs that were not given."""
        missing = [
            name
            for name in ("hours_saved_per_month", "other_value_eur_per_year")
            if getattr(self, name) is None
        ]
        missing += [
            name for name in ("effort", "risk", "data_readiness") if getattr(self, name) == UNKNOWN
        ]
        return tuple(missing)


@dataclass(frozen=True)
class Score:
    value_eur: float | None  # per year; None when neither hours nor other value is known
    value: float  # each component in [0, 1], 1 best for a quick win
    low_effort: float
    low_risk: float
    data_ready: float
    total: float  # the weighted average of the components, in [0, 1]
    quadrant: Quadrant
    unknown: tuple[str, ...] = field(default=())

    def components(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in COMPONENTS}

    def unknown_components(self) -> tuple[str, ...]:
        """The components that are at the neutral middle because their input was unknown."""
        unknown = set(self.unknown)
        return tuple(name for name, inputs in COMPONENT_INPUTS.items() if unknown >= set(inputs))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with the numbers rounded for reading."""
        return {
            "quick_win_score": round(self.total, 4),
            "quadrant": self.quadrant,
            "value_eur_per_year": None if self.value_eur is None else round(self.value_eur, 2),
            "components": {name: round(v, 4) for name, v in self.components().items()},
            "unknown": list(self.unknown),
            "unknown_components": list(self.unknown_components()),
        }


def value_eur(inputs: Inputs, weights: Weights) -> float | None:
    """Money per year: hours saved * 12 * hourly cost + other value; None when both are unknown."""
    if inputs.hours_saved_per_month is None and inputs.other_value_eur_per_year is None:
        return None
    hours = inputs.hours_saved_per_month or 0.0
    other = inputs.other_value_eur_per_year or 0.0
    return hours * MONTHS_PER_YEAR * weights.hourly_cost_eur + other


def value_scale(
    values: Iterable[float | None], *, percentile: float = VALUE_SCALE_PERCENTILE
) -> float:
    """The reference value: the ``percentile`` of the known values above zero (linear
    interpolation), or ``DEFAULT_VALUE_SCALE_EUR`` when there are none."""
    known = sorted(v for v in values if v is not None and v > 0)
    if not known:
        return DEFAULT_VALUE_SCALE_EUR
    position = (len(known) - 1) * percentile / 100
    below = math.floor(position)
    above = min(below + 1, len(known) - 1)
    return known[below] + (known[above] - known[below]) * (position - below)


def value_floor(value_scale_eur: float) -> float:
    """The value at which the value component is 0."""
    return value_scale_eur / 10**VALUE_DECADES


def normalise_value(value: float | None, *, value_scale_eur: float) -> float:
    if value is None:
        return NEUTRAL
    floor = value_floor(value_scale_eur)
    if value <= floor:
        return 0.0
    return min(1.0, math.log10(value / floor) / VALUE_DECADES)


def quadrant(*, value: float, low_effort: float) -> Quadrant:
    high_value = value > NEUTRAL
    easy = low_effort >= NEUTRAL
    if high_value:
        return "quick_win" if easy else "big_bet"
    return "fill_in" if easy else "money_pit"


def score(inputs: Inputs, weights: Weights, *, value_scale_eur: float) -> Score:
    if not math.isfinite(value_scale_eur) or value_scale_eur <= 0:
        raise ValueError("value_scale_eur must be a positive number")
    money = value_eur(inputs, weights)
    value = normalise_value(money, value_scale_eur=value_scale_eur)
    low_effort = LOW_EFFORT[inputs.effort]
    low_risk = LOW_RISK[inputs.risk]
    data_ready = DATA_READY[inputs.data_readiness]
    shares = weights.shares()
    total = (
        shares["value"] * value
        + shares["low_effort"] * low_effort
        + shares["low_risk"] * low_risk
        + shares["data_ready"] * data_ready
    )
    return Score(
        value_eur=money,
        value=value,
        low_effort=low_effort,
        low_risk=low_risk,
        data_ready=data_ready,
        # Rounding in the sum may step a hair outside [0, 1].
        total=min(1.0, max(0.0, total)),
        quadrant=quadrant(value=value, low_effort=low_effort),
        unknown=inputs.unknown(),
    )


def risk_from_screen(high_impact: bool, personal_data: bool) -> Risk:
    """A pre-screen's result as a risk level: high impact is high, personal data alone medium."""
    if high_impact:
        return "high"
    if personal_data:
        return "medium"
    return "low"


@dataclass(frozen=True)
class Formula:
    """The formula with an organisation's numbers filled in: one source for every rendering."""

    hourly_cost_eur: float
    shares: dict[str, float]  # component → share of the score
    value_scale_eur: float | None = None

    @property
    def value_floor_eur(self) -> float | None:
        return None if self.value_scale_eur is None else value_floor(self.value_scale_eur)

    def lines(self) -> list[str]:
        """The formula in English plain text, one line per step."""
        terms = " + ".join(
            f"{share:.0%} * {COMPONENT_NAMES[name]}"
            for name, share in self.shares.items()
            if share > 0
        )
        lines = [
            f"score = {terms}",
            f"value (EUR/year) = hours saved per month * {MONTHS_PER_YEAR} * "
            f"€{self.hourly_cost_eur:,.2f} + other value per year",
        ]
        if self.value_scale_eur is not None and self.value_floor_eur is not None:
            floor, scale = self.value_floor_eur, self.value_scale_eur
            lines.append(
                f"value (0 to 1) = log10(value in EUR/year / €{floor:,.0f}) / {VALUE_DECADES}, "
                f"from 0 at €{floor:,.0f} or less to 1 at €{scale:,.0f} or more"
            )
        lines.append(f"an unknown input counts as {NEUTRAL}")
        return lines


def formula(weights: Weights, *, value_scale_eur: float | None = None) -> Formula:
    return Formula(
        hourly_cost_eur=weights.hourly_cost_eur,
        shares=weights.shares(),
        value_scale_eur=value_scale_eur,
    )


def formula_text(weights: Weights, *, value_scale_eur: float | None = None) -> str:
    """The formula as English plain text, e.g. for the CLI and batch reports."""
    return "\n".join(formula(weights, value_scale_eur=value_scale_eur).lines())
