"""Acknowledgement per department without singling anyone out: a department with fewer members
than the organisation's small-group rule (*k*) is counted with the other small ones under
"other departments"; if that group is still under *k*, the smallest remaining departments join
it until it reaches *k* (or everyone is in it), so no figure can be worked back to fewer than
*k* people."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    label: str
    members: int
    acknowledged: int
    merged: bool = False  # "other departments"

    @property
    def share(self) -> float:
        return self.acknowledged / self.members if self.members else 0.0


def merge_small_groups(groups: list[Group], *, k: int, other_label: str) -> list[Group]:
    """The groups with at least ``k`` members, largest first, and one merged group of the
    rest (last), itself of at least ``k`` members unless the whole organisation is smaller.
    Empty groups are left out."""
    kept = sorted((g for g in groups if g.members >= k), key=lambda g: (-g.members, g.label))
    small = [g for g in groups if 0 < g.members < k]
    members = sum(g.members for g in small)
    acknowledged = sum(g.acknowledged for g in small)
    while small and members < k and kept:
        smallest = kept.pop()  # the smallest kept group joins the merged one
        members += smallest.members
        acknowledged += smallest.acknowledged
    if not small:
        return kept
    return [*kept, Group(other_label, members, acknowledged, merged=True)]
