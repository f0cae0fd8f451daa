"""All figures of one wave from its tallies, pure (no database): ``results_from``, with the
comparison with the previous wave, the items and the open answers; and tallies and texts from
plain rows, as the property tests and benchmarks feed it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.utils.translation import gettext as _

from koers.core import anonymity
from koers.core.anonymity import ORGANISATION, Cell
from koers.diagnostic.instruments.schema import Instrument, Text, TextQuestion
from koers.diagnostic.selectors.result_cells import (
    _cell_order,
    _cells_for,
    _counts,
    _figures,
    _members,
    _options,
    _structure,
)
from koers.diagnostic.selectors.result_shapes import (
    ROLE_GROUPS,
    UNKNOWN,
    BarrierResult,
    Figures,
    ItemResult,
    Participation,
    Row,
    TextResult,
    TextSource,
    WaveResults,
)
from koers.diagnostic.services.tallies import (
    RESPONDENTS,
    SCALE,
    BaseCell,
    Tallies,
    barrier_key,
    item_key,
    text_key,
)
from koers.diagnostic.services.tallies import written as _written
from koers.diagnostic.stats import measures as stats

TOP = 3


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
    used: Mapping[str, int] | None = None,
    language: str = "en",
    previous: tuple[Instrument, Tallies, Sequence[str]] | None = None,
    answered: Mapping[BaseCell, int] | None = None,
) -> WaveResults:
    """All figures of one wave from its tallies; ``departments`` are the audience's keys and
    ``texts`` reads the written answers of the departments whose texts may be shown.
    ``previous`` is the wave before it (its instrument, tallies and audience): the change is
    measured on like groups only (``_like_groups``). ``answered``: the respondents per base cell
    for participation, where they are more than the figures rest on (live results); by default
    those of ``tallies``."""
    respondents = tallies.counts(RESPONDENTS)
    answered = respondents if answered is None else answered
    structure = _structure(departments, {**respondents, **answered})
    published = frozenset(anonymity.publishable(_counts(respondents, structure), k))
    counted = (
        published
        if answered == respondents
        else frozenset(anonymity.publishable(_counts(answered, structure), k))
    )
    seen = {department for department, _role in answered}
    keys = list(departments) + sorted(seen - set(departments), key=lambda d: (d == UNKNOWN, d))
    if invited.get(UNKNOWN) and UNKNOWN not in keys:
        keys.append(UNKNOWN)

    like = _like_groups(departments, structure, published, previous, k) if previous else None
    barriers = []
    for barrier in instrument.barriers:
        cells = _figures(tallies, barrier_key(barrier.id), structure, published, k)
        leaders, staff = cells.get((None, ROLE_GROUPS[0])), cells.get((None, ROLE_GROUPS[1]))
        now, earlier = like.figures(barrier.id, tallies, cells) if like else (None, None)
        barriers.append(
            BarrierResult(
                id=barrier.id,
                name=_text(barrier.name, language),
                actions=[(_text(a.text, language), a.module) for a in barrier.actions],
                cells=cells,
                gap=stats.difference(staff.mean, leaders.mean) if leaders and staff else None,
                trend=stats.difference(earlier.mean, now.mean) if earlier and now else None,
                previous=earlier,
                now=now,
            )
        )
    ranked = sorted(
        (b for b in barriers if b.organisation and b.organisation.mean.mean is not None),
        key=lambda b: -(b.organisation.mean.mean or 0.0) if b.organisation else 0.0,
    )
    total = sum(answered.values()) if ORGANISATION in counted else None
    return WaveResults(
        k=k,
        published=published,
        departments=keys,
        department_names={UNKNOWN: _("Unknown department")},
        barriers=barriers,
        items=_items(instrument, tallies, respondents, structure, published, k, language),
        texts=_texts(instrument, tallies, texts, structure, published, k, language),
        participation=[
            _participation(
                key,
                invited.get(key, 0),
                sum(n for (d, _r), n in answered.items() if d == key)
                if (key, None) in counted
                else None,
                (used or {}).get(key, 0),
                k,
            )
            for key in keys
        ],
        respondents=total,
        in_figures=sum(respondents.values()) if ORGANISATION in published else None,
        invited=sum(invited.values()),
        by_invitation=_participation(
            "", sum(invited.values()), total, sum((used or {}).values()), k
        ).by_invitation,
        top=ranked[:TOP],
        compared_on=like.group if like else (),
        same_audience=like.same_audience if like else True,
    )


def _participation(
    department: str, invited: int, answered: int | None, used: int, k: int
) -> Participation:
    """The two channels apart, where the split gives away no group under k: the invitees who
    answered and the rest, who answered through a shared link, are each none or at least k."""
    if answered is None:
        return Participation(department, invited, None)
    by_link = max(answered - used, 0)
    if 0 < used < k or 0 < by_link < k:
        return Participation(department, invited, answered)
    return Participation(department, invited, answered, min(used, answered), by_link)


def _text(text: Text, language: str) -> str:
    return text.nl if language == "nl" else text.en


class _LikeGroups:
    """Where this wave and the previous one can be compared: the whole audience when both asked
    the same departments (the organisation's figures), else the departments both asked that both
    waves publish (their figures summed), else nowhere. A department's published figures already
    give its count and mean, so a sum of published departments reveals nothing new."""

    def __init__(
        self,
        structure: set[Cell],
        previous: tuple[Instrument, Tallies, set[Cell], frozenset[Cell]],
        group: tuple[str, ...],
        same_audience: bool,
        k: int,
    ) -> None:
        self.structure = structure
        self.instrument, self.tallies, self.previous_structure, self.previous_published = previous
        self.group = group
        self.same_audience = same_audience
        self.k = k

    def figures(
        self, barrier_id: str, tallies: Tallies, cells: Mapping[Cell, Figures]
    ) -> tuple[Figures | None, Figures | None]:
        """This wave's and the previous wave's figures of a barrier on the like group."""
        if not self.group or barrier_id not in {b.id for b in self.instrument.barriers}:
            return None, None
        key = barrier_key(barrier_id)
        before = _figures(
            self.tallies, key, self.previous_structure, self.previous_published, self.k
        )
        if self.same_audience:
            return cells.get(ORGANISATION), before.get(ORGANISATION)
        wanted = [(department, None) for department in self.group]
        if not all(cell in cells and cell in before for cell in wanted):
            return None, None  # this barrier's figure is held back in one of the departments
        return (
            _summed(tallies, key, self.structure, self.group),
            _summed(self.tallies, key, self.previous_structure, self.group),
        )


def _like_groups(
    departments: Sequence[str],
    structure: set[Cell],
    published: frozenset[Cell],
    previous: tuple[Instrument, Tallies, Sequence[str]],
    k: int,
) -> _LikeGroups:
    instrument, tallies, previous_departments = previous
    respondents = tallies.counts(RESPONDENTS)
    previous_structure = _structure(previous_departments, respondents)
    previous_published = frozenset(
        anonymity.publishable(_counts(respondents, previous_structure), k)
    )
    same = set(departments) == set(previous_departments)
    if same:
        both = ORGANISATION in published and ORGANISATION in previous_published
        group: tuple[str, ...] = tuple(departments) if both else ()
    else:
        group = tuple(
            d
            for d in departments
            if d in set(previous_departments)
            and (d, None) in published
            and (d, None) in previous_published
        )
    return _LikeGroups(
        structure,
        (instrument, tallies, previous_structure, previous_published),
        group,
        same,
        k,
    )


def _summed(tallies: Tallies, key: str, structure: set[Cell], group: Sequence[str]) -> Figures:
    """A barrier's figures over the departments of ``group`` together."""
    members = [m for d in group for m in _members((d, None), structure)]
    values = tallies.values(members, key)
    return Figures(
        stats.mean_from_sums(
            sum(s.count for s in values.values()),
            sum(s.total for s in values.values()),
            sum(s.squares for s in values.values()),
        ),
        stats.Likert(SCALE, _options(values, SCALE), 0),
    )


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
