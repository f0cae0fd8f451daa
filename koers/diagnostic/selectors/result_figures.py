"""All figures of one wave from its tallies, pure (no database): ``results_from``, with the
comparison with the previous wave, the items and the open answers; and tallies and texts from
plain rows, as the property tests and benchmarks feed it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.utils.translation import gettext as _

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
    BaseCell,
    Tallies,
    barrier_key,
    item_key,
    text_key,
)
from koers.diagnostic.services.tallies import written as _written
from koers.diagnostic.stats import anonymity
from koers.diagnostic.stats import measures as stats
from koers.diagnostic.stats.anonymity import ORGANISATION, Cell

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
