"""How well the risk pre-screen (:mod:`koers.textmine.prescreen`) does: recall, precision and F1
of its ``high_impact`` against labels, and :func:`keyword_baseline`, the plain seven-group keyword
rule kept for comparison. Used by the benchmark and the tests, not by the pages."""

from __future__ import annotations

import re
from collections.abc import Sequence

from koers.textmine.prescreen import screen


def evaluate(texts: Sequence[str], labels: Sequence[bool]) -> dict[str, float]:
    """Recall, precision, F1 and flag rate of :func:`screen`'s ``high_impact`` against labels."""
    return score([screen(text).high_impact for text in texts], labels)


def score(predicted: Sequence[bool], labels: Sequence[bool]) -> dict[str, float]:
    if len(predicted) != len(labels):
        raise ValueError("predictions and labels differ in length")
    tp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and y)
    fp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and not y)
    fn = sum(1 for p, y in zip(predicted, labels, strict=True) if not p and y)
    recall = tp / (tp + fn) if tp + fn else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = len(labels)
    return {
        "recall": recall,
        "precision": precision,
        "f1": f1,
        "flag_rate": (tp + fp) / n if n else 0.0,
        "base_rate": (tp + fn) / n if n else 0.0,
        "n": float(n),
    }


_BASELINE_GROUPS: dict[str, tuple[str, ...]] = {
    "rights": ("rights", "eligibility"),
    "benefits": ("welfare", "entitlement", "claimant"),
    "jobs": ("hiring", "employment", "applicant", "recruitment"),
    "health": ("patient", "medical", "clinical"),
    "safety": ("safety",),
    "law_enforcement": ("law enforcement", "criminal", "police", "investigation"),
    "biometrics": ("biometric", "facial", "fingerprint"),
}
_BASELINE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(word) for words in _BASELINE_GROUPS.values() for word in words)
    + r")\b",
    re.IGNORECASE,
)


def keyword_baseline(text: str) -> bool:
    """The plain seven-group keyword rule (rights, benefits, jobs, health, safety, law
    enforcement, biometrics): any single keyword flags, no cues, no phrases. Kept as the
    benchmark's baseline."""
    return _BASELINE.search(text or "") is not None
