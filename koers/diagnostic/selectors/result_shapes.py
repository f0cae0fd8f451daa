"""What a wave's results are: a barrier's figures in a cell, the results per barrier, item and open
question, participation, and the whole ``WaveResults`` with its heat map and export rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from koers.core.anonymity import ORGANISATION, Cell
from koers.diagnostic.models import RoleGroup, Wave
from koers.diagnostic.stats import measures as stats

UNKNOWN = "unknown"
ROLE_GROUPS = (RoleGroup.LEADERSHIP.value, RoleGroup.STAFF.value)
# Reads the written answers to the questions for the respondents of the departments (None: all):
# (department key, {question: answer}) per respondent.
TextSource = Callable[[Sequence[str], set[str] | None], list[tuple[str, dict[str, str]]]]


@dataclass(frozen=True)
class Row:
    """One anonymous response as the computation needs it."""

    department: str  # a department key or UNKNOWN
    role_group: str  # a role group or UNKNOWN
    answers: Mapping[str, Any]


@dataclass(frozen=True)
class Figures:
    """A barrier's figures in one cell: the mean score 1-5 with its t-interval, the respondents
    per rounded score (1..5) and the share whose rounded score is 4 or 5 ("agree")."""

    mean: stats.Mean
    distribution: stats.Likert

    @property
    def n(self) -> int:
        return self.mean.n

    @property
    def interval(self) -> stats.Interval | None:
        return self.mean.interval()

    @property
    def agree(self) -> stats.Share:
        return self.distribution.agree


@dataclass(frozen=True)
class BarrierResult:
    id: str
    name: str
    actions: list[tuple[str, str]]  # (text, module id)
    cells: dict[Cell, Figures]
    # Leadership minus staff (positive: leaders feel the barrier more); both groups published.
    gap: stats.Difference | None = None
    # This wave minus the previous one, on like groups only (``WaveResults.compared_on``): the
    # previous wave's figures and this wave's on the same group, both published.
    trend: stats.Difference | None = None
    previous: Figures | None = None
    now: Figures | None = None

    @property
    def organisation(self) -> Figures | None:
        return self.cells.get(ORGANISATION)


@dataclass(frozen=True)
class ItemResult:
    id: str
    text: str
    barrier: str | None
    cells: dict[Cell, stats.Likert]


@dataclass(frozen=True)
class TextResult:
    id: str
    text: str
    cells: dict[Cell, list[str]]  # only (None, None) and (department, None)


@dataclass(frozen=True)
class Participation:
    """Who answered, by channel: invitees (their invitation's own link) and the shared link (a
    link anyone in the department may use, so its answers are not answers by invitees)."""

    department: str
    invited: int  # invitations sent
    answered: int | None  # everyone who answered, by either channel; None: suppressed
    by_invitation: int | None = None  # invitees who answered; None: suppressed
    by_link: int | None = None  # answers through a shared link; None: suppressed

    @property
    def rate(self) -> float | None:
        """The response rate of the invitations; only where there are invitations."""
        if self.by_invitation is None or not self.invited:
            return None
        return self.by_invitation / self.invited


@dataclass
class WaveResults:
    k: int
    published: frozenset[Cell]
    departments: list[str]  # keys, in display order
    department_names: dict[str, str]
    barriers: list[BarrierResult]
    items: list[ItemResult]
    texts: list[TextResult]
    participation: list[Participation]
    respondents: int | None  # organisation total who answered, None when suppressed
    invited: int
    by_invitation: int | None = None  # organisation total of invitees who answered
    # The respondents the figures rest on (organisation total, None when suppressed): fewer than
    # ``respondents`` with live results, which publish in steps (``services.release``).
    in_figures: int | None = None
    # No figures yet: the wave is open and shows its figures once it is no longer open.
    withheld: bool = False
    live: bool = False  # live results: the figures move in steps while the wave is open
    texts_later: bool = False  # written answers are shown once the wave is no longer open
    wave: Wave | None = None
    previous_wave: Wave | None = None
    top: list[BarrierResult] = field(default_factory=list)
    # What the change since the previous wave is measured on: ORGANISATION when both waves asked
    # the same departments, else the departments both asked whose figures both published (keys);
    # empty when there is no like group to compare (then no change is shown).
    compared_on: tuple[str, ...] = ()
    same_audience: bool = True

    @property
    def held_back(self) -> int:
        """Answers in, not yet in the figures (live results); 0 while the total is hidden."""
        if self.respondents is None or not self.live:
            return 0
        return max(self.respondents - (self.in_figures or 0), 0)

    @property
    def comparable(self) -> bool:
        return self.previous_wave is not None and bool(self.compared_on)

    def compared_names(self) -> list[str]:
        """The departments the change is measured on; empty when it is the whole audience."""
        return [] if self.same_audience else [self.department_name(d) for d in self.compared_on]

    def department_name(self, key: str | None) -> str:
        return self.department_names.get(key or "", key or "")

    def heat_map(self) -> list[tuple[str, list[Figures | None]]]:
        """Department rows x barrier columns; None where the cell is suppressed."""
        return [
            (self.department_name(d), [b.cells.get((d, None)) for b in self.barriers])
            for d in self.departments
        ]

    def export_rows(self) -> list[list[Any]]:
        """The published figures, one per row; a suppressed cell says so and nothing else."""
        hidden = _("fewer than %(k)s") % {"k": self.k}
        rows: list[list[Any]] = []
        split = _("held back: a small group")
        for p in self.participation:
            name = self.department_name(p.department)
            answered: int | str = hidden if p.answered is None else p.answered
            by_invitation: int | str = hidden if p.answered is None else split
            by_link: int | str = by_invitation
            if p.by_invitation is not None and p.by_link is not None:
                by_invitation, by_link = p.by_invitation, p.by_link
            for figure, invited, count in (
                (_("Participation"), p.invited, answered),
                (_("Participation: invitees who answered"), p.invited, by_invitation),
                (_("Participation: through the shared link"), "", by_link),
            ):
                rows.append([figure, "", name, "", invited, count, "", "", "", ""])
        groups = [(None, _("All"))] + [(r, str(RoleGroup(r).label)) for r in ROLE_GROUPS]
        for b in self.barriers:
            for department in [None, *self.departments]:
                for role_group, role_label in groups:
                    if department is not None and role_group is not None:
                        continue  # departments x role groups are not a cut the page offers
                    name = (
                        _("Organisation")
                        if department is None
                        else self.department_name(department)
                    )
                    figures = b.cells.get((department, role_group))
                    rows.append(
                        [
                            _("Barrier score"),
                            b.name,
                            name,
                            role_label,
                            *_export_figures(figures, hidden),
                        ]
                    )
        return rows


def export_headers() -> list[str]:
    return [
        _("Figure"),
        _("Barrier"),
        _("Department"),
        _("Role group"),
        _("Invited"),
        _("Respondents"),
        _("Mean score (1-5)"),
        _("CI low"),
        _("CI high"),
        _("Agree (share)"),
    ]


def _export_figures(figures: Figures | None, hidden: str) -> list[Any]:
    if figures is None:
        return ["", hidden, "", "", "", ""]
    interval = figures.interval
    agree = figures.agree.value
    return [
        "",
        figures.n,
        _round(figures.mean.mean),
        _round(interval.low if interval else None),
        _round(interval.high if interval else None),
        _round(100 * agree if agree is not None else None),
    ]


def _round(value: float | None) -> float | str:
    return "" if value is None else round(value, 2)
