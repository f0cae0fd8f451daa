"""The batch analysis of a backlog: themes, similar items, duplicates, pre-screen flags and the
quick-win score, as one JSON-ready document (the contract of ``koers analyze usecases``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from koers.textmine import naming, quickwin
from koers.textmine.cluster import Clustering, cluster
from koers.textmine.embed import UNAVAILABLE
from koers.textmine.index import TextIndex
from koers.textmine.prescreen import screen

SIMILAR = 5
# Two descriptions this similar (and each other's closest match) are judged duplicates.
DUPLICATE_AT = 0.6


@dataclass(frozen=True)
class Item:
    """One use case, as the core sees it."""

    id: str
    text: str
    departments: tuple[str, ...] = ()
    declared_personal_data: bool | None = None
    inputs: quickwin.Inputs = field(default_factory=quickwin.Inputs)


@dataclass
class Analysis:
    items: Sequence[Item]
    index: TextIndex
    clustering: Clustering
    document: dict[str, Any]


def analyze(
    items: Sequence[Item],
    weights: quickwin.Weights | None = None,
    *,
    clustering: Clustering | None = None,
    granularity: int = 0,
) -> Analysis:
    """Analyse ``items``. Pass ``clustering`` when the groups are known already (an
    organisation's stored themes): the expensive step is then skipped. Else the themes are
    found ``granularity`` steps finer (+) or coarser (-) than the data suggest."""
    weights = weights or quickwin.Weights()
    index = TextIndex([item.text for item in items])
    computed = clustering is None
    clustering = clustering if clustering is not None else cluster(index, step=granularity)
    by_number = {c.number: c for c in clustering.clusters}
    idx, val = index.neighbours(SIMILAR)
    scale = quickwin.value_scale(quickwin.value_eur(i.inputs, weights) for i in items)
    rows = []
    for row, item in enumerate(items):
        screened = screen(item.text, declared_personal_data=item.declared_personal_data)
        inputs = item.inputs
        if inputs.risk == "unknown":
            risk = quickwin.risk_from_screen(screened.high_impact, screened.personal_data)
            inputs = replace(inputs, risk=risk)
        similar = [
            {"row": int(j), "score": round(float(s), 4)}
            for j, s in zip(idx[row], val[row], strict=True)
        ]
        label = int(clustering.labels[row]) if len(items) else 0
        rows.append(
            {
                "row": row,
                "id": item.id,
                "cluster": label,
                "cluster_label": by_number[label].label,
                "cluster_fit": "weak" if clustering.weak[row] else "good",
                "similar": similar,
                "duplicates": duplicates(idx, val, row),
                "high_impact": screened.high_impact,
                "personal_data": screened.personal_data,
                "reasons": screened.reasons(),
                "quick_win_score": round(
                    quickwin.score(inputs, weights, value_scale_eur=scale).total, 4
                ),
            }
        )
    # Readable names (koers.textmine.naming) for groups found here; an organisation's stored
    # themes bring their own, which the caller fills in.
    names: list[naming.ThemeName | None] = (
        list(
            naming.name_themes(
                [item.text for item in items],
                [c.members for c in clustering.clusters],
                [c.terms for c in clustering.clusters],
            )
        )
        if computed
        else [None] * len(clustering.clusters)
    )
    clusters = [
        {
            "cluster": c.number,
            "label": c.label,
            "name_nl": c.name or (name.nl if name else ""),
            "name_en": c.name or (name.en if name else ""),
            "terms": c.terms,
            "size": len(c.members),
            "representative": c.representative,
            "departments": sorted({d for i in c.members for d in items[i].departments}),
            "weak": len(c.weak),
        }
        for c, name in zip(clustering.clusters, names, strict=True)
    ]
    notes = list(UNAVAILABLE)
    return Analysis(items, index, clustering, {"items": rows, "clusters": clusters, "notes": notes})


def duplicates(idx: Any, val: Any, row: int) -> list[int]:
    """Rows judged duplicates of ``row``: similarity ≥ DUPLICATE_AT, and ``row`` is among their
    own closest matches too (so one generic text does not collect everyone)."""
    found = []
    for j, s in zip(idx[row], val[row], strict=True):
        if s >= DUPLICATE_AT and row in idx[int(j)]:
            found.append(int(j))
    return found
