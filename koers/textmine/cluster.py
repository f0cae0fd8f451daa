"""Themes: groups of use cases that describe the same kind of need, found without being told how
many there are, at a granularity the data choose (and a lead may ask for finer or coarser).

1. Each text is linked to its most similar texts (``TextIndex.neighbours``): √n of them in a
   backlog of n, at most ``NEIGHBOURS``.
2. The Leiden algorithm finds communities in that graph (modularity) on a ladder of resolutions
   (``resolution(rung)``: each rung √2 finer than the one below), ``SEEDS`` times per rung with
   fixed seeds.
3. **The data choose the granularity**: the finest rung (from ``FIRST_RUNG`` to ``LAST_RUNG``) at
   which the themes (small groups absorbed, as in 6) still *hold* their members — on average more
   than ``HOLDS`` of a text's similarity to its neighbours lies inside its own group. One rung
   finer, a typical text would be as much like other themes as like its own, or more.
4. A lead's ``step`` (``STEPS``: -2 … +2) moves that many rungs finer (+) or coarser (-).
5. The runs at that rung and at the rungs either side vote: two texts stay linked as strongly as
   the share of runs that put them together, and Leiden runs once more on that consensus graph.
   Consensus makes the result steadier than any single run.
6. Nothing is noise: members of groups smaller than ``min_size`` join the group their
   neighbours mostly belong to, and are marked *weak*, as are texts whose neighbours mostly sit in
   other groups.

Deterministic: fixed seeds, and groups are numbered by size (largest first), ties by their first
member.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import igraph as ig
import numpy as np

from koers.textmine.index import TextIndex

NEIGHBOURS = 30
SEEDS = 3
# The ladder: rung r has resolution 0.25 x √2^r (0.25, 0.35, 0.5, 0.71, 1, 1.41, 2, … 8). The data
# choose among FIRST_RUNG (0.5) … LAST_RUNG (4); a lead's step may reach two rungs beyond.
RUNGS = 11
FIRST_RUNG = 2
LAST_RUNG = 8
STEPS = (-2, -1, 0, 1, 2)
HOLDS = 0.5  # a theme holds more than this share of its members' neighbour weight, on average
WEAK_BELOW = 0.35  # share of a text's neighbour weight inside its own group
CONTINUES_AT = 0.5  # Jaccard overlap at which a new group continues an earlier one

Key = TypeVar("Key")

# igraph draws its random numbers from one generator per process: a run sets its own, seeded.
_RANDOM = threading.Lock()


def resolution(rung: int) -> float:
    return 0.25 * math.sqrt(2) ** rung


@dataclass
class Cluster:
    number: int
    members: list[int]
    terms: list[str]
    representative: int
    weak: list[int] = field(default_factory=list)
    name: str = ""  # a person's name for the group, when it has one

    @property
    def label(self) -> str:
        return self.name or ", ".join(self.terms[:4])


@dataclass
class Clustering:
    labels: np.ndarray  # group number per text
    weak: np.ndarray  # bool per text
    strength: np.ndarray  # share of neighbour weight inside its group, per text
    clusters: list[Cluster]
    chosen: int = FIRST_RUNG  # the rung the data chose
    rung: int = FIRST_RUNG  # the rung used: the data's choice moved by the step asked for


def cluster(index: TextIndex, *, min_size: int | None = None, step: int = 0) -> Clustering:
    """Group the texts at the data's granularity, ``step`` rungs finer (+) or coarser (-)."""
    n = len(index)
    if n == 0:
        return Clustering(np.zeros(0, np.int64), np.zeros(0, bool), np.zeros(0), [])
    if n < 3:
        labels = np.zeros(n, np.int64)
        return _finish(index, labels, np.ones(n), np.zeros(n, bool))
    min_size = min_size or max(3, round(n / 200))
    # In a small backlog a text's neighbours are a few, not most of the backlog.
    idx, val = index.neighbours(min(NEIGHBOURS, max(2, round(math.sqrt(n)))))
    graph = _graph(n, idx, val)
    ladder = _Ladder(graph)
    chosen = _choose(ladder, idx, val, min_size)
    rung = min(max(chosen + step, 0), RUNGS - 1)
    labels = _consensus(graph, ladder, rung)
    labels = _absorb_small(labels, idx, val, min_size)
    strength = _strength(labels, idx, val)
    weak = strength < WEAK_BELOW
    result = _finish(index, labels, strength, weak)
    result.chosen, result.rung = chosen, rung
    return result


def _choose(ladder: _Ladder, idx: np.ndarray, val: np.ndarray, min_size: int) -> int:
    """The finest rung at which the groups, once the small ones are absorbed, hold on average
    more than ``HOLDS`` of their members' neighbour weight (the first rung when none does)."""
    chosen = FIRST_RUNG
    for rung in range(FIRST_RUNG, LAST_RUNG + 1):
        held = np.mean(
            [
                _strength(_absorb_small(run, idx, val, min_size), idx, val).mean()
                for run in ladder.runs(rung)
            ]
        )
        if held <= HOLDS:
            break
        chosen = rung
    return chosen


class _Ladder:
    """Leiden's runs per rung, computed when first asked for."""

    def __init__(self, graph: ig.Graph) -> None:
        self.graph = graph
        self._runs: dict[int, list[np.ndarray]] = {}

    def runs(self, rung: int) -> list[np.ndarray]:
        if rung not in self._runs:
            self._runs[rung] = [
                _leiden(self.graph, resolution(rung), seed) for seed in range(SEEDS)
            ]
        return self._runs[rung]


def assign(
    index: TextIndex, labels: Sequence[int], text: str, k: int = NEIGHBOURS
) -> tuple[int, float]:
    """The group a new text belongs to, by its most similar texts' votes, and the vote's share."""
    votes: dict[int, float] = {}
    for m in index.similar(text, k):
        votes[int(labels[m.index])] = votes.get(int(labels[m.index]), 0.0) + m.score
    if not votes:
        return (int(labels[0]) if len(labels) else 0), 0.0
    best = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    return best[0], best[1] / sum(votes.values())


def continuing(
    members: set[int], earlier: Mapping[Key, set[int]], at: float = CONTINUES_AT
) -> Key | None:
    """The earlier group a new group continues: the one it overlaps most (Jaccard), if that is at
    least ``at`` (on a tie, the later one in ``earlier``'s order). Recomputed groups keep their
    identity (a number, a name, the answers given to them) this way."""
    best, best_overlap = None, at
    for key, old in earlier.items():
        if not old:
            continue
        overlap = len(members & old) / len(members | old)
        if overlap >= best_overlap:
            best, best_overlap = key, overlap
    return best


def _graph(n: int, idx: np.ndarray, val: np.ndarray) -> ig.Graph:
    rows = np.repeat(np.arange(n), idx.shape[1])
    cols = idx.ravel()
    weights = np.maximum(val.ravel(), 0.0)
    a, b = np.minimum(rows, cols), np.maximum(rows, cols)
    keep = (a != b) & (weights > 0)
    pairs: dict[tuple[int, int], float] = {}
    for x, y, w in zip(a[keep].tolist(), b[keep].tolist(), weights[keep].tolist(), strict=True):
        pairs[(x, y)] = max(pairs.get((x, y), 0.0), w)
    edges = sorted(pairs)
    graph = ig.Graph(n=n, edges=edges)
    graph.es["weight"] = [pairs[e] for e in edges]
    return graph


def _leiden(graph: ig.Graph, resolution: float, seed: int) -> np.ndarray:
    with _RANDOM:
        ig.set_random_number_generator(random.Random(seed))  # noqa: S311 - not for security
        try:
            found = graph.community_leiden(
                objective_function="modularity",
                weights="weight" if graph.ecount() else None,
                resolution=resolution,
                n_iterations=-1,  # until no node moves
            )
        finally:
            ig.set_random_number_generator(random)
    return np.asarray(found.membership, dtype=np.int64)


def _consensus(graph: ig.Graph, ladder: _Ladder, rung: int) -> np.ndarray:
    runs = [run for r in (rung - 1, rung, rung + 1) if 0 <= r < RUNGS for run in ladder.runs(r)]
    if graph.ecount() == 0:  # nothing is like anything: each text on its own
        return runs[0]
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64)
    together = np.mean([run[edges[:, 0]] == run[edges[:, 1]] for run in runs], axis=0)
    voted = graph.copy()
    voted.es["weight"] = (np.asarray(graph.es["weight"]) * together).tolist()
    voted.delete_edges([i for i, w in enumerate(voted.es["weight"]) if w <= 0])
    return _leiden(voted, resolution(rung), 0)


def _absorb_small(
    labels: np.ndarray, idx: np.ndarray, val: np.ndarray, min_size: int
) -> np.ndarray:
    labels = labels.copy()
    for _ in range(3):
        sizes = np.bincount(labels)
        small = sizes[labels] < min_size
        if not small.any() or (sizes >= min_size).sum() == 0:
            break
        for i in np.flatnonzero(small):
            votes: dict[int, float] = {}
            for j, w in zip(idx[i], val[i], strict=True):
                if sizes[labels[j]] >= min_size:
                    votes[int(labels[j])] = votes.get(int(labels[j]), 0.0) + float(w)
            if votes:
                labels[i] = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return labels


def _strength(labels: np.ndarray, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
    w = np.maximum(val, 0)
    inside = (labels[idx] == labels[:, None]) * w
    total = w.sum(axis=1)
    return np.where(total > 0, inside.sum(axis=1) / np.where(total > 0, total, 1), 0.0)


def _finish(
    index: TextIndex, labels: np.ndarray, strength: np.ndarray, weak: np.ndarray
) -> Clustering:
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(labels.tolist()):
        groups.setdefault(g, []).append(i)
    ordered = sorted(groups.values(), key=lambda m: (-len(m), m[0]))
    relabelled = np.zeros(len(labels), np.int64)
    clusters = []
    for number, members in enumerate(ordered):
        relabelled[members] = number
        clusters.append(
            Cluster(
                number=number,
                members=members,
                terms=index.key_terms(members, 6),
                representative=_representative(index, members),
                weak=[i for i in members if weak[i]],
            )
        )
    return Clustering(relabelled, weak, strength, clusters)


def _representative(index: TextIndex, members: list[int]) -> int:
    """The member most similar to the rest of its group."""
    if len(members) <= 2:
        return members[0]
    sample = members[:500]
    s = index.scores(index.words[sample], index.dense[sample])[:, sample]
    return sample[int(np.argmax(s.sum(axis=1)))]
