"""The cells of a wave's results: which department x role group cells can hold people, their
counts with every margin, where a figure resting on a subset of the respondents may be shown (the
suppression continued from the respondent counts) and a barrier's figures in those cells."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from koers.core import anonymity
from koers.core.anonymity import ORGANISATION, Cell
from koers.diagnostic.selectors.result_shapes import ROLE_GROUPS, Figures
from koers.diagnostic.services.tallies import SCALE, BaseCell, Sums, Tallies
from koers.diagnostic.stats import measures as stats


def _structure(departments: Iterable[str], answered: Iterable[BaseCell]) -> set[Cell]:
    """The department x role group cells that can hold people: the audience's departments times
    both role groups, plus any other pair that answered (the "unknown" groups)."""
    cells: set[Cell] = {(d, r) for d in departments for r in ROLE_GROUPS}
    return cells | set(answered)


def _counts(per_cell: Mapping[BaseCell, int], structure: set[Cell]) -> dict[Cell, int]:
    """Respondents per cell with every margin, from the counts per base cell."""
    counts = anonymity.cell_counts((), cells=structure)
    for (department, role_group), n in per_cell.items():
        for cell in ((department, role_group), (department, None), (None, role_group)):
            counts[cell] += n
        counts[ORGANISATION] += n
    return counts


def _cells_for(
    per_cell: Mapping[BaseCell, int], structure: set[Cell], published: frozenset[Cell], k: int
) -> set[Cell]:
    """Where a figure resting on ``per_cell`` (a subset of the respondents) may be shown: the
    suppression of these counts starts from the cells the respondent counts keep back, so no
    hidden cell can be worked out from the two together."""
    counts = _counts(per_cell, structure)
    return set(published) & anonymity.publishable(counts, k, hidden=set(counts) - set(published))


def _members(cell: Cell, structure: set[Cell]) -> list[BaseCell]:
    department, role_group = cell
    return [
        (d, r)
        for d, r in structure
        if d is not None and r is not None and department in (None, d) and role_group in (None, r)
    ]


def _figures(
    tallies: Tallies,
    key: str,
    structure: set[Cell],
    published: frozenset[Cell],
    k: int,
) -> dict[Cell, Figures]:
    allowed = _cells_for(tallies.counts(key), structure, published, k)
    figures = {}
    for cell in sorted(allowed, key=_cell_order):
        values = tallies.values(_members(cell, structure), key)
        n = sum(s.count for s in values.values())
        total = sum(s.total for s in values.values())
        squares = sum(s.squares for s in values.values())
        figures[cell] = Figures(
            stats.mean_from_sums(n, total, squares),
            stats.Likert(SCALE, _options(values, SCALE), 0),
        )
    return figures


def _options(values: Mapping[str, Sums], points: int) -> tuple[int, ...]:
    return tuple(values[str(p)].count if str(p) in values else 0 for p in range(1, points + 1))


def _cell_order(cell: Cell) -> tuple[bool, str, bool, str]:
    department, role_group = cell
    return (department is not None, department or "", role_group is not None, role_group or "")
