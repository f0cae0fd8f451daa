"""Summaries of the scan's answers: Likert items, barrier scores, wave-to-wave change, calibration.

Everything is built from sums the database can produce per cell (counts per answer option, n, sum
and sum of squares of a score), which are additive: the cells that ``anonymity.publishable`` allows
protect every figure here. Uncertainty is part of every result: a mean comes with its t-interval, a
share with its Wilson interval, a change between waves with its Welch interval.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from scipy import stats as scipy_stats

CONFIDENCE = 0.95
# The first option that counts as "agree": 4-5 on a 5-point scale, 6-7 on a 7-point scale.
AGREE_FROM = {5: 4, 7: 6}

CalibrationAnswer = Literal["true", "false", "unsure"]


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True)
class Mean:
    """The mean of n values with their sample standard deviation (None below 2 values)."""

    n: int
    mean: float | None
    sd: float | None

    def interval(self, confidence: float = CONFIDENCE) -> Interval | None:
        """The t-interval of the mean; None when there are fewer than 2 values."""
        if self.mean is None or self.sd is None:
            return None
        half = _t(confidence, self.n - 1) * self.sd / math.sqrt(self.n)
        return Interval(self.mean - half, self.mean + half)


@dataclass(frozen=True)
class Share:
    """``hits`` out of ``n``, with the Wilson interval (sensible at 0%, 100% and small n)."""

    hits: int
    n: int

    @property
    def value(self) -> float | None:
        return self.hits / self.n if self.n else None

    def interval(self, confidence: float = CONFIDENCE) -> Interval | None:
        return wilson_interval(self.hits, self.n, confidence)


@dataclass(frozen=True)
class Likert:
    """One Likert item in one cell: answers per option (1..points) and "don't know" apart."""

    points: int
    counts: tuple[int, ...]
    dont_know: int

    @property
    def n(self) -> int:
        """Answers on the scale; "don't know" is not among them."""
        return sum(self.counts)

    @property
    def mean(self) -> Mean:
        total = sum(option * count for option, count in enumerate(self.counts, start=1))
        squares = sum(option * option * count for option, count in enumerate(self.counts, start=1))
        return mean_from_sums(self.n, total, squares)

    @property
    def agree(self) -> Share:
        return Share(sum(self.counts[AGREE_FROM[self.points] - 1 :]), self.n)


@dataclass(frozen=True)
class Difference:
    """``after - before`` with its Welch interval and degrees of freedom."""

    estimate: float
    interval: Interval
    df: float


@dataclass(frozen=True)
class Calibration:
    """How well the leaders know what today's GenAI can do.

    ``accuracy`` per leader is the share of answered statements they got right ("unsure" is not
    right). ``underestimation`` per leader is the share of the true statements (GenAI can do it)
    they answered false or unsure; the team's index is its average over leaders, so each leader
    weighs the same however many statements they answered.
    """

    accuracy: dict[str, float]
    underestimation: dict[str, float]

    @property
    def team_accuracy(self) -> float | None:
        return _average(self.accuracy.values())

    @property
    def underestimation_index(self) -> float | None:
        return _average(self.underestimation.values())


def likert(answers: Iterable[int | None], points: int = 5) -> Likert:
    """Count answers (1..points, ``None`` for "don't know") into a ``Likert`` summary."""
    if points not in AGREE_FROM:
        raise ValueError(f"a Likert scale has 5 or 7 points, got {points}")
    counts = [0] * points
    dont_know = 0
    for answer in answers:
        if answer is None:
            dont_know += 1
        elif isinstance(answer, int) and 1 <= answer <= points:
            counts[answer - 1] += 1
        else:
            raise ValueError(f"{answer!r} is not an option on a {points}-point scale")
    return Likert(points, tuple(counts), dont_know)


def mean_of(values: Iterable[float]) -> Mean:
    numbers = list(values)
    return mean_from_sums(len(numbers), sum(numbers), sum(x * x for x in numbers))


def mean_from_sums(n: int, total: float, squares: float) -> Mean:
    """A ``Mean`` from n, the sum and the sum of squares, as a database aggregate gives them."""
    if n == 0:
        return Mean(0, None, None)
    mean = total / n
    if n == 1:
        return Mean(1, mean, None)
    variance = max(0.0, (squares - n * mean * mean) / (n - 1))  # rounding can dip below 0
    return Mean(n, mean, math.sqrt(variance))


def wilson_interval(hits: int, n: int, confidence: float = CONFIDENCE) -> Interval | None:
    if not 0 <= hits <= n:
        raise ValueError(f"{hits} hits out of {n} is impossible")
    if n == 0:
        return None
    z = float(scipy_stats.norm.ppf(0.5 + confidence / 2))
    share = hits / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    # At 0 and n hits the bound is exact (floating point would leave a crumb above 0 or below 1).
    low = 0.0 if hits == 0 else max(0.0, centre - half)
    high = 1.0 if hits == n else min(1.0, centre + half)
    return Interval(low, high)


def difference(before: Mean, after: Mean, confidence: float = CONFIDENCE) -> Difference | None:
    """The change of a mean between two waves (independent samples, unequal variances)."""
    if before.mean is None or after.mean is None or before.sd is None or after.sd is None:
        return None
    estimate = after.mean - before.mean
    a, b = before.sd**2 / before.n, after.sd**2 / after.n
    if a + b == 0:
        return Difference(estimate, Interval(estimate, estimate), math.inf)
    df = (a + b) ** 2 / (a * a / (before.n - 1) + b * b / (after.n - 1))
    half = _t(confidence, df) * math.sqrt(a + b)
    return Difference(estimate, Interval(estimate - half, estimate + half), df)


def barrier_score(
    answers: Mapping[str, int | None], *, reversed_items: Iterable[str] = (), points: int = 5
) -> float | None:
    """One respondent's score on a barrier: the mean of its answered items, on the item scale.

    A reverse-coded item counts as ``points + 1 - answer``, so a high score always means a strong
    barrier. "Don't know" (None) is left out; None when no item was answered.
    """
    flipped = set(reversed_items)
    scores = []
    for item, answer in answers.items():
        if answer is None:
            continue
        if not 1 <= answer <= points:
            raise ValueError(f"{answer!r} is not an option on a {points}-point scale")
        scores.append(points + 1 - answer if item in flipped else answer)
    return _average(scores)


def calibration(
    truth: Mapping[str, bool], answers: Mapping[str, Mapping[str, CalibrationAnswer]]
) -> Calibration:
    """Score each leader's answers (statement -> true/false/unsure) against the correct ones.

    Statements a leader skipped are left out of that leader's shares; a leader who answered no
    true statement has no underestimation share.
    """
    accuracy: dict[str, float] = {}
    underestimation: dict[str, float] = {}
    for leader, given in answers.items():
        unknown = set(given) - set(truth)
        if unknown:
            raise ValueError(f"no correct answer for statement(s) {sorted(unknown)}")
        right = [_is_right(answer, truth[statement]) for statement, answer in given.items()]
        if right:
            accuracy[leader] = sum(right) / len(right)
        on_true = [answer for statement, answer in given.items() if truth[statement]]
        if on_true:
            underestimation[leader] = sum(a != "true" for a in on_true) / len(on_true)
    return Calibration(accuracy, underestimation)


def _is_right(answer: CalibrationAnswer, true: bool) -> bool:
    if answer not in ("true", "false", "unsure"):
        raise ValueError(f"{answer!r} is not true, false or unsure")
    return answer == ("true" if true else "false")


def _average(values: Iterable[float] | Sequence[float]) -> float | None:
    numbers = list(values)
    return sum(numbers) / len(numbers) if numbers else None


@lru_cache(maxsize=4096)
def _t(confidence: float, df: float) -> float:
    """Student's t quantile (SciPy takes about 0.1 ms a call; a results page asks ~50 times,
    mostly for the same few degrees of freedom)."""
    return float(scipy_stats.t.ppf(0.5 + confidence / 2, df))
