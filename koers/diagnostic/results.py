"""The results of a scan wave, with every figure behind the anonymity threshold.

``wave_results`` reads the wave's rows and hands plain data to ``results_from``, which is pure (no
database) so property tests can feed it random response sets. The rules (``koers.survey``):

* the publishable cells of the respondent counts are computed once per wave and bound every
  figure: participation, barrier scores, the heat map, the gap, items and free text;
* a figure that rests on a subset of the respondents (an item, a barrier: "don't know" is left
  out) is shown only in the cells publishable both for the respondents and for its own counts;
* a respondent without a department or role group counts in an explicit "unknown" group, so the
  margins stay sums of their parts;
* free text is shown for the organisation or a published department, never per role group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koers.diagnostic.models import Response, RoleGroup, Wave
from koers.diagnostic.services import scan_settings
from koers.diagnostic_data.schema import Instrument, LikertQuestion, Text, TextQuestion
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.survey import anonymity, stats
from koers.survey.anonymity import ORGANISATION, Cell

UNKNOWN = "unknown"
ROLE_GROUPS = (RoleGroup.LEADERSHIP.value, RoleGroup.STAFF.value)
SCALE = 5  # barrier scores are shown on 1-5 whatever the items' scale
TOP = 3


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
    # This wave minus the previous one, organisation level; both published.
    trend: stats.Difference | None = None
    previous: Figures | None = None

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
    department: str
    invited: int
    answered: int | None  # None: suppressed

    @property
    def rate(self) -> float | None:
        if self.answered is None or not self.invited:
            return None
        return self.answered / self.invited


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
    respondents: int | None  # organisation total, None when suppressed
    invited: int
    wave: Wave | None = None
    previous_wave: Wave | None = None
    top: list[BarrierResult] = field(default_factory=list)

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
        for p in self.participation:
            answered = hidden if p.answered is None else p.answered
            rows.append(
                [
                    _("Participation"),
                    "",
                    self.department_name(p.department),
                    "",
                    p.invited,
                    answered,
                    "",
                    "",
                    "",
                    "",
                ]
            )
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


def wave_results(ctx: OrgContext, wave: Wave) -> WaveResults:
    """The wave's results for a lead or admin of its organisation."""
    ctx.require(Perm.MANAGE_SCANS)
    if wave.organisation_id != ctx.organisation.pk:
        raise Wave.DoesNotExist
    k = scan_settings(ctx.organisation).min_respondents
    language = "nl" if (get_language() or "").startswith("nl") else "en"
    departments = list(wave.departments.order_by("name")) or list(
        ctx.organisation.departments.order_by("name")
    )
    names = {str(d.pk): d.name for d in departments}
    invited: Counter[str] = Counter(
        _department_key(pk) for pk in wave.invitations.values_list("department_id", flat=True)
    )
    previous = (
        Wave.objects.filter(organisation=wave.organisation, opens_on__lte=wave.opens_on)
        .exclude(pk=wave.pk)
        .exclude(opens_on=wave.opens_on, pk__gt=wave.pk)
        .select_related("version")
        .first()
    )
    results = results_from(
        instrument=Instrument.model_validate(wave.version.definition),
        rows=_rows(wave),
        departments=list(names),
        invited=invited,
        k=k,
        language=language,
        previous=(
            (Instrument.model_validate(previous.version.definition), _rows(previous))
            if previous is not None
            else None
        ),
    )
    results.department_names.update(names)
    results.wave, results.previous_wave = wave, previous
    return results


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


def _department_key(pk: int | None) -> str:
    return UNKNOWN if pk is None else str(pk)


def _rows(wave: Wave) -> list[Row]:
    return [
        Row(_department_key(department), role or UNKNOWN, answers)
        for department, role, answers in Response.objects.filter(wave=wave).values_list(
            "department_id", "role_group", "answers"
        )
    ]


def results_from(
    *,
    instrument: Instrument,
    rows: Sequence[Row],
    departments: Sequence[str],
    invited: Mapping[str, int],
    k: int,
    language: str = "en",
    previous: tuple[Instrument, Sequence[Row]] | None = None,
) -> WaveResults:
    """All figures of one wave from plain rows; ``departments`` are the audience's keys."""
    structure = _structure(departments, rows)
    published = frozenset(anonymity.publishable(_counts(rows, structure), k))
    keys = list(departments) + sorted(
        {r.department for r in rows} - set(departments), key=lambda d: d == UNKNOWN
    )
    if invited.get(UNKNOWN) and UNKNOWN not in keys:
        keys.append(UNKNOWN)

    before = _barrier_means(previous[0], previous[1], k) if previous else {}
    barriers = []
    for barrier in instrument.barriers:
        scores = _barrier_scores(instrument, barrier.id, rows)
        cells = _figures(scores, rows, structure, published, k)
        organisation = cells.get(ORGANISATION)
        earlier = before.get(barrier.id)
        leaders, staff = cells.get((None, ROLE_GROUPS[0])), cells.get((None, ROLE_GROUPS[1]))
        barriers.append(
            BarrierResult(
                id=barrier.id,
                name=_text(barrier.name, language),
                actions=[(_text(a.text, language), a.module) for a in barrier.actions],
                cells=cells,
                gap=stats.difference(staff.mean, leaders.mean) if leaders and staff else None,
                trend=(
                    stats.difference(earlier.mean, organisation.mean)
                    if earlier and organisation
                    else None
                ),
                previous=earlier,
            )
        )
    ranked = sorted(
        (b for b in barriers if b.organisation and b.organisation.mean.mean is not None),
        key=lambda b: -(b.organisation.mean.mean or 0.0) if b.organisation else 0.0,
    )
    total = len(rows) if ORGANISATION in published else None
    return WaveResults(
        k=k,
        published=published,
        departments=keys,
        department_names={UNKNOWN: _("Unknown department")},
        barriers=barriers,
        items=_items(instrument, rows, structure, published, k, language),
        texts=_texts(instrument, rows, structure, published, k, language),
        participation=[
            Participation(
                key,
                invited.get(key, 0),
                sum(r.department == key for r in rows) if (key, None) in published else None,
            )
            for key in keys
        ],
        respondents=total,
        invited=sum(invited.values()),
        top=ranked[:TOP],
    )


def _text(text: Text, language: str) -> str:
    return text.nl if language == "nl" else text.en


def _structure(departments: Iterable[str], rows: Iterable[Row]) -> set[Cell]:
    """The department x role group cells that can hold people: the audience's departments times
    both role groups, plus any other pair that answered (the "unknown" groups)."""
    cells: set[Cell] = {(d, r) for d in departments for r in ROLE_GROUPS}
    return cells | {(row.department, row.role_group) for row in rows}


def _counts(rows: Iterable[Row], structure: set[Cell]) -> dict[Cell, int]:
    return anonymity.cell_counts(
        ((row.department, row.role_group) for row in rows),
        cells=structure,
    )


def _cells_for(
    answered: Sequence[Row], structure: set[Cell], published: frozenset[Cell], k: int
) -> set[Cell]:
    """Where a figure resting on ``answered`` (a subset of the respondents) may be shown: the
    suppression of these counts starts from the cells the respondent counts keep back, so no
    hidden cell can be worked out from the two together."""
    counts = _counts(answered, structure)
    return set(published) & anonymity.publishable(counts, k, hidden=set(counts) - set(published))


def _members(cell: Cell, row: Row) -> bool:
    department, role_group = cell
    return (department is None or row.department == department) and (
        role_group is None or row.role_group == role_group
    )


def _barrier_scores(
    instrument: Instrument, barrier: str, rows: Sequence[Row]
) -> list[float | None]:
    """Each respondent's barrier strength on 1-5 (mean of answered items), None if none."""
    items = instrument.items_for(barrier)
    scores: list[float | None] = []
    for row in rows:
        values = [_strength(item, row.answers.get(item.id)) for item in items]
        answered = [v for v in values if v is not None]
        scores.append(sum(answered) / len(answered) if answered else None)
    return scores


def _strength(item: LikertQuestion, answer: Any) -> float | None:
    if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= item.points:
        return None  # "don't know", skipped, or not an answer on the scale
    return 1 + (item.barrier_strength(answer) - 1) * (SCALE - 1) / (item.points - 1)


def _figures(
    scores: Sequence[float | None],
    rows: Sequence[Row],
    structure: set[Cell],
    published: frozenset[Cell],
    k: int,
) -> dict[Cell, Figures]:
    scored = [(row, score) for row, score in zip(rows, scores, strict=True) if score is not None]
    allowed = _cells_for([row for row, _ in scored], structure, published, k)
    figures = {}
    for cell in sorted(allowed, key=_cell_order):
        values = [score for row, score in scored if _members(cell, row)]
        figures[cell] = Figures(
            stats.mean_of(values), stats.likert((_rounded(v) for v in values), SCALE)
        )
    return figures


def _rounded(score: float) -> int:
    return min(SCALE, max(1, int(score + 0.5)))


def _barrier_means(instrument: Instrument, rows: Sequence[Row], k: int) -> dict[str, Figures]:
    """A previous wave's organisation-level figures per barrier, behind its own threshold."""
    structure = _structure((), rows)
    published = frozenset(anonymity.publishable(_counts(rows, structure), k))
    found: dict[str, Figures] = {}
    for barrier in instrument.barriers:
        scores = _barrier_scores(instrument, barrier.id, rows)
        organisation = _figures(scores, rows, structure, published, k).get(ORGANISATION)
        if organisation is not None:
            found[barrier.id] = organisation
    return found


def _items(
    instrument: Instrument,
    rows: Sequence[Row],
    structure: set[Cell],
    published: frozenset[Cell],
    k: int,
    language: str,
) -> list[ItemResult]:
    found = []
    for item in instrument.likert_questions():
        answered = [row for row in rows if _on_scale(item, row.answers.get(item.id))]
        allowed = _cells_for(answered, structure, published, k)
        cells = {}
        for cell in sorted(allowed, key=_cell_order):
            answers = [row.answers.get(item.id) for row in rows if _members(cell, row)]
            cells[cell] = stats.likert(
                (a if _on_scale(item, a) else None for a in answers), item.points
            )
        found.append(ItemResult(item.id, _text(item.text, language), item.barrier, cells))
    return found


def _on_scale(item: LikertQuestion, answer: Any) -> bool:
    return _strength(item, answer) is not None


def _texts(
    instrument: Instrument,
    rows: Sequence[Row],
    structure: set[Cell],
    published: frozenset[Cell],
    k: int,
    language: str,
) -> list[TextResult]:
    found = []
    for question in instrument.questions():
        if not isinstance(question, TextQuestion):
            continue
        written = [row for row in rows if _written(row.answers.get(question.id))]
        allowed = {
            cell
            for cell in _cells_for(written, structure, published, k)
            if cell[1] is None  # never crossed with role group
        }
        cells = {
            cell: sorted(
                str(row.answers[question.id]).strip() for row in written if _members(cell, row)
            )
            for cell in sorted(allowed, key=_cell_order)
        }
        found.append(TextResult(question.id, _text(question.text, language), cells))
    return found


def _written(answer: Any) -> bool:
    return isinstance(answer, str) and bool(answer.strip())


def _cell_order(cell: Cell) -> tuple[bool, str, bool, str]:
    department, role_group = cell
    return (department is not None, department or "", role_group is not None, role_group or "")
