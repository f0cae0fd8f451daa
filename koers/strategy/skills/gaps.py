"""Self-assessed skill levels per department and role group, with the scan's anonymity core.

The cells are the scan's: the organisation, each department, each role group and each department x
role group (``koers.core.anonymity``). For each skill the answers are counted per cell
and ``publishable`` decides which cells may show a figure: none under *k* answers, and none whose
hidden neighbours could be worked out by subtracting shown figures (complementary suppression).
Every answer of a skill is one person (a person answers each skill once per period), so the
answer counts are the respondent counts. A mean is an additive figure (a sum over n), which is
what the suppression protects; the median is shown only in the same cells.

The gap of a cell is the needed level minus the current level: the self-assessed mean where it
may be shown, else an AI ambassador's judgement, else nothing.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from koers.core import anonymity
from koers.core.anonymity import ORGANISATION, Cell


@dataclass(frozen=True)
class Answer:
    """One self-assessed level: nothing of the person but where they work."""

    department: str
    role_group: str
    skill: str
    level: int


@dataclass(frozen=True)
class Level:
    """A published figure: how many answered, their mean and median level."""

    n: int
    mean: float
    median: float


def cell_levels(
    answers: Iterable[Answer], *, skills: Iterable[str], structure: Iterable[Cell], k: int
) -> dict[str, dict[Cell, Level]]:
    """Per skill, the figures of the cells that may be shown; a cell left out shows "too few
    answers". ``structure`` names the department x role group cells that can hold people (from
    the organisation chart), so a cell nobody in it answered is protected like any small cell."""
    anonymity.validate_k(k)
    base = set(structure)
    levels: dict[str, dict[Cell, list[int]]] = {skill: defaultdict(list) for skill in skills}
    for answer in answers:
        if answer.skill not in levels:
            continue
        for cell in _cell_and_margins(answer.department, answer.role_group):
            levels[answer.skill][cell].append(answer.level)
        base.add((answer.department, answer.role_group))
    result: dict[str, dict[Cell, Level]] = {}
    for skill, per_cell in levels.items():
        counts = anonymity.cell_counts((), cells=base)
        for cell, values in per_cell.items():
            counts[cell] = len(values)
        shown = anonymity.publishable(counts, k)
        result[skill] = {
            cell: Level(
                len(per_cell[cell]),
                statistics.fmean(per_cell[cell]),
                float(statistics.median(per_cell[cell])),
            )
            for cell in shown
            if per_cell.get(cell)
        }
    return result


def gap(needed: int, current: float | None) -> float | None:
    """How far the current level lies under the needed one (negative: above it)."""
    return None if current is None else needed - current


def current_level(
    shown: Mapping[Cell, Level], judged: Mapping[str, int], cell: Cell
) -> tuple[float | None, str]:
    """The current level of a cell and where it comes from: ``"self"`` (the published
    self-assessment), ``"ambassador"`` (a department's judgement) or ``""`` (nothing to show)."""
    if cell in shown:
        return shown[cell].mean, "self"
    department, role_group = cell
    if department is not None and role_group is None and department in judged:
        return float(judged[department]), "ambassador"
    return None, ""


def _cell_and_margins(department: str, role_group: str) -> tuple[Cell, ...]:
    return ((department, role_group), (department, None), (None, role_group), ORGANISATION)


DEFAULT_K = anonymity.DEFAULT_K
