"""Which cells of a scan's results may be shown: the k-threshold with complementary suppression.

The cuts the UI and API offer form one table with margins: the organisation total, one total per
department, one per role group, and one cell per department x role group. A cell is a pair
``(department, role_group)`` where ``None`` means "all", so ``(None, None)`` is the organisation.

Four kinds of additive relation hold between them (a total is the sum of its parts)::

    (None, None) = sum over d of (d, None)      (None, None) = sum over r of (None, r)
    (d, None)    = sum over r of (d, r)         (None, r)    = sum over d of (d, r)

A cell missing from the counts is a *structural* zero: the organisation chart says that nobody can
be in it (a department without leadership), so everybody knows it holds nothing. A cell present
with count 0 is a *sampling* zero (nobody answered yet) and is protected like any small cell.

The decision is made on the respondent counts and depends only on which cells are published, never
on the values shown in them. So the same set protects every additive statistic of the cells: counts
per answer option, sums of scores (a mean times n), sums of squares (a standard deviation with its
mean and n), free texts (a count per distinct text). The web layer must therefore apply the one set
to every figure of the cut, and must not show a figure for a cell outside it.

Rules, applied until nothing changes:

1. Primary: a cell with fewer than k respondents is suppressed.
2. Remainders: when a relation's total is published, the suppressed parts together are what is left
   after subtracting the published parts. If that is a single part, or fewer than k respondents
   together, the smallest published part is suppressed as well (the total itself when no part is
   left to suppress).
3. Linear differencing over several relations: a suppressed cell whose value follows from the
   published ones by any combination of relations gets a further cell suppressed. In this table
   that is exact graph theory: with rows (departments and "all") and columns (role groups and "all")
   as nodes and the suppressed cells as edges, a suppressed cell is determined if and only if its
   edge lies on no cycle (every row and column sums to zero once the margins are negated, so the
   unknowns that the published values leave free are exactly the cycles). The fix suppresses the
   smallest published cell that closes a cycle through it.

Ties are broken on the cell's name, so the result is deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

Cell = tuple[str | None, str | None]
ORGANISATION: Cell = (None, None)
MIN_K = 3
DEFAULT_K = 5

# A node of the cell graph: ("row", department or None) or ("col", role group or None).
_Node = tuple[str, str | None]


@dataclass(frozen=True)
class Relation:
    """``total`` equals the sum of ``parts``, for the counts and for every additive statistic."""

    total: Cell
    parts: tuple[Cell, ...]


def validate_k(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or k < MIN_K:
        raise ValueError(f"k must be a whole number of at least {MIN_K}, got {k!r}")
    return k


def cell_counts(
    respondents: Iterable[tuple[str, str]], *, cells: Iterable[Cell] = ()
) -> dict[Cell, int]:
    """Respondents per cell, with every margin, from one ``(department, role_group)`` per response.

    ``cells`` names the department x role group cells that can hold people (from the organisation
    chart) so they are present with count 0 when nobody in them answered.
    """
    counts: dict[Cell, int] = defaultdict(int)
    for department, role_group in cells:
        if department is None or role_group is None:
            raise ValueError(
                f"cells are department x role group pairs, got {(department, role_group)!r}"
            )
        for cell in _cell_and_margins(department, role_group):
            counts[cell] += 0
    for department, role_group in respondents:
        for cell in _cell_and_margins(department, role_group):
            counts[cell] += 1
    counts[ORGANISATION] += 0
    return dict(counts)


def relations(cells: Iterable[Cell]) -> list[Relation]:
    """Every additive relation between the given cells, in a fixed order."""
    present = set(cells)
    departments = sorted({d for d, _ in present if d is not None})
    role_groups = sorted({r for _, r in present if r is not None})
    found = [
        Relation(ORGANISATION, tuple((d, None) for d in departments)),
        Relation(ORGANISATION, tuple((None, r) for r in role_groups)),
    ]
    found += [
        Relation((d, None), tuple((d, r) for r in role_groups if (d, r) in present))
        for d in departments
    ]
    found += [
        Relation((None, r), tuple((d, r) for d in departments if (d, r) in present))
        for r in role_groups
    ]
    return found


def publishable(
    counts: Mapping[Cell, int], k: int = DEFAULT_K, *, hidden: Iterable[Cell] = ()
) -> set[Cell]:
    """The cells whose figures may be shown; every other cell shows "too few responses".

    ``hidden`` are cells already kept back for another reason (e.g. by the respondent counts,
    when these are one item's answer counts): suppression starts from them and goes on until
    nothing hidden can be worked out, so combining two figures of one cell stays safe."""
    validate_k(k)
    table = relations(counts)
    _check_consistent(counts, table)
    suppressed = {cell for cell, count in counts.items() if count < k} | (set(hidden) & set(counts))
    while _suppress_for_remainders(counts, table, suppressed, k) or _suppress_for_differencing(
        counts, suppressed
    ):
        pass
    return set(counts) - suppressed


def determined(cells: Iterable[Cell], suppressed: set[Cell]) -> set[Cell]:
    """The suppressed cells whose value follows from the other cells' values by the relations."""
    edges = set(cells) & suppressed
    return {cell for cell in edges if _bridge_sides(cell, edges) is not None}


def _cell_and_margins(department: str, role_group: str) -> tuple[Cell, ...]:
    return ((department, role_group), (department, None), (None, role_group), ORGANISATION)


def _check_consistent(counts: Mapping[Cell, int], table: list[Relation]) -> None:
    # The analysis is only sound when the relations are true: a respondent without a department or
    # role group must be counted in an explicit group ("unknown"), never only in the totals.
    if ORGANISATION not in counts:
        raise ValueError("the counts must include the organisation total (None, None)")
    for cell, count in counts.items():
        if count < 0:
            raise ValueError(f"negative count {count} for {cell!r}")
    for relation in table:
        if relation.total not in counts:
            raise ValueError(f"the counts lack the total {relation.total!r}")
        parts = sum(counts[part] for part in relation.parts)
        if parts != counts[relation.total]:
            raise ValueError(
                f"{relation.total!r} has {counts[relation.total]} respondents "
                f"but its parts add up to {parts}"
            )


def _order(cell: Cell) -> tuple[bool, str, bool, str]:
    department, role_group = cell
    return (department is not None, department or "", role_group is not None, role_group or "")


def _smallest(counts: Mapping[Cell, int], candidates: Iterable[Cell]) -> Cell | None:
    return min(candidates, key=lambda cell: (counts[cell], _order(cell)), default=None)


def _suppress_for_remainders(
    counts: Mapping[Cell, int], table: list[Relation], suppressed: set[Cell], k: int
) -> bool:
    changed = False
    for relation in table:
        if relation.total in suppressed:
            continue
        hidden = [part for part in relation.parts if part in suppressed]
        if not hidden:
            continue
        if len(hidden) > 1 and sum(counts[part] for part in hidden) >= k:
            continue
        shown = [part for part in relation.parts if part not in suppressed]
        suppressed.add(_smallest(counts, shown) or relation.total)
        changed = True
    return changed


def _suppress_for_differencing(counts: Mapping[Cell, int], suppressed: set[Cell]) -> bool:
    bridges = _bridges(suppressed)  # the cells on no cycle, found at once (Tarjan)
    for cell in sorted(suppressed & bridges, key=_order):
        sides = _bridge_sides(cell, suppressed)
        if sides is None:
            continue
        one_side, other_side = sides
        published = [candidate for candidate in counts if candidate not in suppressed]
        # Best a published cell between the two sides (closes a cycle at once), else one leaving
        # the cell's side (joins another group of suppressed cells; the next round goes on).
        closing = [c for c in published if _ends(c) & one_side and _ends(c) & other_side]
        leaving = [c for c in published if len(_ends(c) & one_side) == 1]
        extra = _smallest(counts, closing) or _smallest(counts, leaving)
        if extra is None:
            # No published cell crosses: the value is fixed by the organisation's structure alone
            # (it is zero), so no published figure gives anything away.
            continue
        suppressed.add(extra)
        return True
    return False


def _ends(cell: Cell) -> set[_Node]:
    return {_row(cell), _col(cell)}


def _row(cell: Cell) -> _Node:
    return ("row", cell[0])


def _col(cell: Cell) -> _Node:
    return ("col", cell[1])


def _bridge_sides(cell: Cell, edges: set[Cell]) -> tuple[set[_Node], set[_Node]] | None:
    """The node sets on either side of the cell's edge if it lies on no cycle, else None."""
    adjacency: dict[_Node, list[_Node]] = defaultdict(list)
    for edge in edges:
        if edge != cell:
            adjacency[_row(edge)].append(_col(edge))
            adjacency[_col(edge)].append(_row(edge))
    one_side = _reachable(_row(cell), adjacency)
    if _col(cell) in one_side:
        return None
    return one_side, _reachable(_col(cell), adjacency)


def _bridges(edges: Iterable[Cell]) -> set[Cell]:
    """The edges that lie on no cycle, by Tarjan's bridge-finding (one depth-first walk), so
    ``_bridge_sides`` is asked only for them."""
    adjacency: dict[_Node, list[tuple[_Node, Cell]]] = defaultdict(list)
    for edge in edges:
        adjacency[_row(edge)].append((_col(edge), edge))
        adjacency[_col(edge)].append((_row(edge), edge))
    order: dict[_Node, int] = {}
    low: dict[_Node, int] = {}
    found: set[Cell] = set()
    for root in list(adjacency):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[_Node, Cell | None, Iterator[tuple[_Node, Cell]]]] = [
            (root, None, iter(adjacency[root]))
        ]
        while stack:
            node, via, neighbours = stack[-1]
            for neighbour, edge in neighbours:
                if edge == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, edge, iter(adjacency[neighbour])))
                    break
            else:
                stack.pop()
                if stack and via is not None:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.add(via)
    return found


def _reachable(start: _Node, adjacency: Mapping[_Node, list[_Node]]) -> set[_Node]:
    seen = {start}
    stack = [start]
    while stack:
        for neighbour in adjacency.get(stack.pop(), ()):
            if neighbour not in seen:
                seen.add(neighbour)
                stack.append(neighbour)
    return seen
