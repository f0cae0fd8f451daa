"""The results of a scan wave, with every figure behind the anonymity threshold.

``wave_results`` reads the wave's tallies (``Tally``, kept up to date as answers come in) and hands
plain data to ``results_from``, which is pure (no database) so property tests can feed it random
response sets; only free text is read from the responses, and only for the cells where it is shown.
The rules (``koers.diagnostic.stats``):

* the publishable cells of the respondent counts are computed once per wave and bound every
  figure: participation, barrier scores, the heat map, the gap, items and free text;
* a figure that rests on a subset of the respondents (an item, a barrier: "don't know" is left
  out) is shown only in the cells publishable both for the respondents and for its own counts;
* a respondent without a department or role group counts in an explicit "unknown" group, so the
  margins stay sums of their parts;
* free text is shown for the organisation or a published department, never per role group.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koers.diagnostic.instruments.schema import Instrument, Text, TextQuestion
from koers.diagnostic.models import Response, RoleGroup, Tally, Wave
from koers.diagnostic.services import scan_settings
from koers.diagnostic.services.tallies import (
    RESPONDENTS,
    SCALE,
    BaseCell,
    Sums,
    Tallies,
    barrier_key,
    item_key,
    text_key,
)
from koers.diagnostic.services.tallies import written as _written
from koers.diagnostic.stats import anonymity
from koers.diagnostic.stats import measures as stats
from koers.diagnostic.stats.anonymity import ORGANISATION, Cell
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

UNKNOWN = "unknown"
ROLE_GROUPS = (RoleGroup.LEADERSHIP.value, RoleGroup.STAFF.value)
TOP = 3
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
        tallies=_stored_tallies(wave),
        texts=_stored_texts(wave),
        departments=list(names),
        invited=invited,
        k=k,
        language=language,
        previous=(
            (Instrument.model_validate(previous.version.definition), _stored_tallies(previous))
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


def _stored_tallies(wave: Wave) -> Tallies:
    tallies = Tallies()
    for department, role, key, value, count, total, squares in Tally.objects.filter(
        wave=wave
    ).values_list("department_id", "role_group", "key", "value", "count", "total", "squares"):
        tallies.add(
            (_department_key(department), role or UNKNOWN), key, value, count, total, squares
        )
    return tallies


def _stored_texts(wave: Wave) -> TextSource:
    """Reads the written answers of the departments asked for (None: all), and only those."""

    def read(
        questions: Sequence[str], departments: set[str] | None
    ) -> list[tuple[str, dict[str, str]]]:
        responses = Response.objects.filter(wave=wave, answers__has_any_keys=list(questions))
        if departments is not None:
            chosen = Q(department_id__in=[int(d) for d in departments if d != UNKNOWN])
            if UNKNOWN in departments:
                chosen |= Q(department__isnull=True)
            responses = responses.filter(chosen)
        fields = [KeyTextTransform(q, "answers") for q in questions]
        return [
            (
                _department_key(department),
                {q: text for q, text in zip(questions, texts, strict=True) if _written(text)},
            )
            for department, *texts in responses.values_list("department_id", *fields).order_by()
        ]

    return read


def tallies_from_rows(instrument: Instrument, rows: Iterable[Row]) -> Tallies:
    """The tallies of plain rows, as ``services`` keeps them in the database."""
    tallies = Tallies()
    for row in rows:
        tallies.add_response((row.department, row.role_group), instrument, row.answers)
    return tallies


def texts_from_rows(rows: Sequence[Row]) -> TextSource:
    def read(
        questions: Sequence[str], departments: set[str] | None
    ) -> list[tuple[str, dict[str, str]]]:
        return [
            (row.department, {q: row.answers[q] for q in questions if _written(row.answers.get(q))})
            for row in rows
            if departments is None or row.department in departments
        ]

    return read


def results_from(
    *,
    instrument: Instrument,
    tallies: Tallies,
    texts: TextSource,
    departments: Sequence[str],
    invited: Mapping[str, int],
    k: int,
    language: str = "en",
    previous: tuple[Instrument, Tallies] | None = None,
) -> WaveResults:
    """All figures of one wave from its tallies; ``departments`` are the audience's keys and
    ``texts`` reads the written answers of the departments whose texts may be shown."""
    respondents = tallies.counts(RESPONDENTS)
    structure = _structure(departments, respondents)
    published = frozenset(anonymity.publishable(_counts(respondents, structure), k))
    answered = {department for department, _role in respondents}
    keys = list(departments) + sorted(answered - set(departments), key=lambda d: (d == UNKNOWN, d))
    if invited.get(UNKNOWN) and UNKNOWN not in keys:
        keys.append(UNKNOWN)

    before = _barrier_means(previous[0], previous[1], k) if previous else {}
    barriers = []
    for barrier in instrument.barriers:
        cells = _figures(tallies, barrier_key(barrier.id), structure, published, k)
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
    total = sum(respondents.values()) if ORGANISATION in published else None
    return WaveResults(
        k=k,
        published=published,
        departments=keys,
        department_names={UNKNOWN: _("Unknown department")},
        barriers=barriers,
        items=_items(instrument, tallies, respondents, structure, published, k, language),
        texts=_texts(instrument, tallies, texts, structure, published, k, language),
        participation=[
            Participation(
                key,
                invited.get(key, 0),
                sum(n for (d, _r), n in respondents.items() if d == key)
                if (key, None) in published
                else None,
            )
            for key in keys
        ],
        respondents=total,
        invited=sum(invited.values()),
        top=ranked[:TOP],
    )


def _text(text: Text, language: str) -> str:
    return text.nl if language == "nl" else text.en


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


def _barrier_means(instrument: Instrument, tallies: Tallies, k: int) -> dict[str, Figures]:
    """A previous wave's organisation-level figures per barrier, behind its own threshold."""
    respondents = tallies.counts(RESPONDENTS)
    structure = _structure((), respondents)
    published = frozenset(anonymity.publishable(_counts(respondents, structure), k))
    found: dict[str, Figures] = {}
    for barrier in instrument.barriers:
        figures = _figures(tallies, barrier_key(barrier.id), structure, published, k)
        if ORGANISATION in figures:
            found[barrier.id] = figures[ORGANISATION]
    return found


def _items(
    instrument: Instrument,
    tallies: Tallies,
    respondents: Mapping[BaseCell, int],
    structure: set[Cell],
    published: frozenset[Cell],
    k: int,
    language: str,
) -> list[ItemResult]:
    found = []
    for item in instrument.likert_questions():
        key = item_key(item.id)
        allowed = _cells_for(tallies.counts(key), structure, published, k)
        cells = {}
        for cell in sorted(allowed, key=_cell_order):
            members = _members(cell, structure)
            options = _options(tallies.values(members, key), item.points)
            everyone = sum(respondents.get(member, 0) for member in members)
            cells[cell] = stats.Likert(item.points, options, everyone - sum(options))
        found.append(ItemResult(item.id, _text(item.text, language), item.barrier, cells))
    return found


def _texts(
    instrument: Instrument,
    tallies: Tallies,
    texts: TextSource,
    structure: set[Cell],
    published: frozenset[Cell],
    k: int,
    language: str,
) -> list[TextResult]:
    questions = [q for q in instrument.questions() if isinstance(q, TextQuestion)]
    allowed = {
        q.id: sorted(
            (
                cell
                for cell in _cells_for(tallies.counts(text_key(q.id)), structure, published, k)
                if cell[1] is None  # never crossed with role group
            ),
            key=_cell_order,
        )
        for q in questions
    }
    shown = {q for q, cells in allowed.items() if cells}
    everywhere = any(ORGANISATION in cells for cells in allowed.values())
    departments = (
        None if everywhere else {c[0] for cells in allowed.values() for c in cells if c[0]}
    )
    written = texts(sorted(shown), departments) if shown else []
    # Each answer once into its question's list per department; a cell's list is its
    # department's, or all of them for the organisation.
    per_department: dict[str, dict[str, list[str]]] = {q: {} for q in shown}
    for department, answers in written:
        for q, text in answers.items():
            if q in per_department:
                per_department[q].setdefault(department, []).append(str(text).strip())
    return [
        TextResult(
            q.id,
            _text(q.text, language),
            {
                cell: sorted(
                    [t for texts_of in per_department[q.id].values() for t in texts_of]
                    if cell[0] is None
                    else per_department[q.id].get(cell[0], [])
                )
                for cell in allowed[q.id]
            },
        )
        for q in questions
    ]


def normalised(text: str) -> str:
    """An answer as compared with others: case, spacing and end punctuation left out."""
    return re.sub(r"\s+", " ", text).strip().strip(".!?…").strip().casefold()


def answer_groups(answers: Iterable[str]) -> list[tuple[str, int]]:
    """Written answers with the same words as one (text, how many wrote it), the most written
    first; the text as it is first written in alphabetical order."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for answer in sorted(answers):
        key = normalised(answer)
        if key:
            counts[key] += 1
            first.setdefault(key, answer)
    return [(first[key], n) for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _cell_order(cell: Cell) -> tuple[bool, str, bool, str]:
    department, role_group = cell
    return (department is not None, department or "", role_group is not None, role_group or "")
