"""Reach of the training cascade: who is trained, in which generation, per department and over
time. A pure core: no Django; numbers and keys in, numbers out (``koers bench academy``).

A person is *trained* once they completed at least one session. Their *generation* is the lowest
over the sessions they completed, where a session counts as generation 1 when its trainer has no
recorded training (the programme itself or an outside trainer) and as ``g + 1`` when its trainer
is of generation ``g``. That is a shortest-path search from the untrained trainers, level by level.

Trainers who only trained each other in a circle, with no untrained trainer anywhere before them,
would have no generation at all; there the earliest session of the circle counts as its start
(its attendees are generation 1) and the search goes on from there. ``Reach.circle_starts`` names
those sessions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# A person: a member's id, or any other key (an outside trainer's e-mail address).
Person = Hashable


@dataclass(frozen=True, slots=True)
class Session:
    id: int
    trainer: Person | None  # None: nobody recorded (an outside trainer without a name)
    day: date


@dataclass(frozen=True, slots=True)
class Attendance:
    """One record of the append-only history: the latest record (highest ``seq``) of a
    person in a session is the one that counts, so a correction is simply a later record."""

    session: int
    person: Person
    completed: bool
    seq: int = 0


@dataclass(frozen=True)
class Reach:
    generation: dict[Person, int]  # every trained person and their generation
    first_trained: dict[Person, date]  # the day of their first completed session
    trained_by: dict[Person, int]  # trainer → unique people they trained
    circle_starts: frozenset[int] = field(default_factory=frozenset)

    @property
    def trained(self) -> int:
        return len(self.generation)


def attendance_current(records: Iterable[Attendance]) -> dict[tuple[int, Person], bool]:
    """Whether each person completed each session, by the latest record of the two."""
    latest: dict[tuple[int, Person], tuple[int, bool]] = {}
    for record in records:
        key = (record.session, record.person)
        seen = latest.get(key)
        if seen is None or record.seq >= seen[0]:
            latest[key] = (record.seq, record.completed)
    return {key: completed for key, (_seq, completed) in latest.items()}


def reach_compute(sessions: Iterable[Session], records: Iterable[Attendance]) -> Reach:
    by_id = {s.id: s for s in sessions}
    # Completed attendances, grouped by session, and each person's first day.
    attendees: dict[int, list[Person]] = defaultdict(list)
    first: dict[Person, date] = {}
    for (session_id, person), completed in attendance_current(records).items():
        session = by_id.get(session_id)
        if not completed or session is None:
            continue
        attendees[session_id].append(person)
        if person not in first or session.day < first[person]:
            first[person] = session.day
    # The sessions each trainer gave that someone completed.
    given: dict[Person, list[int]] = defaultdict(list)
    starts: list[int] = []
    for session_id in attendees:
        trainer = by_id[session_id].trainer
        if trainer is None or trainer not in first:
            starts.append(session_id)
        else:
            given[trainer].append(session_id)

    def spread(roots: Iterable[int], generation: dict[Person, int]) -> None:
        level = _attend(roots, attendees, generation, 1)
        g = 1
        while level:
            g += 1
            level = _attend((s for t in level for s in given.get(t, ())), attendees, generation, g)

    generation: dict[Person, int] = {}
    spread(starts, generation)
    # Whoever is trained but unreached sits in a circle: start it at its earliest session, and
    # go on until everyone is reached.
    circle_starts: list[int] = []
    pending = sorted(
        (s for ids in given.values() for s in ids), key=lambda s: (by_id[s].day, s), reverse=True
    )
    while True:
        while pending and all(p in generation for p in attendees[pending[-1]]):
            pending.pop()
        if not pending:
            break
        circle_starts.append(pending.pop())
        spread(circle_starts[-1:], generation)
    if circle_starts:
        # A start counts as a generation-1 session for all its attendees, also those the search
        # had reached before through a longer way round: search once more from every start.
        generation = {}
        spread([*starts, *circle_starts], generation)

    trained_by: dict[Person, set[Person]] = defaultdict(set)
    for session_id, people in attendees.items():
        trainer = by_id[session_id].trainer
        if trainer is not None:
            trained_by[trainer].update(people)
    return Reach(
        generation=generation,
        first_trained=first,
        trained_by={t: len(p) for t, p in trained_by.items()},
        circle_starts=frozenset(circle_starts),
    )


def _attend(
    session_ids: Iterable[int],
    attendees: Mapping[int, list[Person]],
    generation: dict[Person, int],
    g: int,
) -> list[Person]:
    """Give generation ``g`` to the attendees of these sessions who have none yet."""
    new: list[Person] = []
    for session_id in session_ids:
        for person in attendees[session_id]:
            if person not in generation:
                generation[person] = g
                new.append(person)
    return new


def reach_summary(
    reach: Reach,
    *,
    department_of: Mapping[Any, str | None],
    headcount: Mapping[str, int],
    evangelists: Mapping[str, int] | None = None,
    former: Mapping[Any, str | None] | None = None,
) -> dict[str, Any]:
    """The figures of ``koers export reach``. ``department_of`` holds every member (department
    None for those without one), ``headcount`` the members per department; ``former`` people
    (erased from the Academy) still count as trained, in the department they were in, but not
    in the headcount."""
    evangelists = evangelists or {}
    scope = {**(former or {}), **department_of}
    total_generations: dict[int, int] = defaultdict(int)
    departments: dict[str, dict[str, Any]] = {
        name: {
            "headcount": n,
            "trained": 0,
            "evangelists": evangelists.get(name, 0),
            "generations": defaultdict(int),
        }
        for name, n in headcount.items()
    }
    trained = 0
    for person, g in reach.generation.items():
        if person not in scope:
            continue  # an outside trainer's own training, or someone no longer a member
        trained += 1
        total_generations[g] += 1
        name = scope[person]
        if name is not None and name in departments:
            departments[name]["trained"] += 1
            departments[name]["generations"][g] += 1
    return {
        "headcount": len(department_of),
        "trained": trained,
        "by_generation": _generations(total_generations),
        "by_department": {
            name: {
                "headcount": d["headcount"],
                "trained": d["trained"],
                "evangelists": d["evangelists"],
                "by_generation": _generations(d["generations"]),
            }
            for name, d in sorted(departments.items())
        },
    }


def _generations(counts: Mapping[int, int]) -> dict[str, int]:
    return {str(g): counts[g] for g in sorted(counts)}


def reach_over_time(
    reach: Reach, *, people: Iterable[Person], until: Iterable[date]
) -> list[tuple[date, int]]:
    """How many of ``people`` were trained on or before each day of ``until`` (ascending)."""
    days = sorted(reach.first_trained[p] for p in set(people) if p in reach.first_trained)
    points: list[tuple[date, int]] = []
    i = 0
    for day in sorted(until):
        while i < len(days) and days[i] <= day:
            i += 1
        points.append((day, i))
    return points


def share_over_time(
    reach: Reach,
    *,
    membership: Mapping[Person, tuple[date | None, date | None]],
    until: Iterable[date],
) -> list[tuple[date, int, int]]:
    """For each day of ``until`` (ascending): how many people were members that day, and how
    many of them had been trained by then. ``membership`` gives each person's first and last day
    (None: unknown start, or still a member). A person's training is evidence that they were a
    member by then, so they count from the earlier of their start and their first training; they
    count up to the day before their last day."""
    points: list[tuple[date, int, int]] = []
    for day in sorted(until):
        headcount = trained = 0
        for person, (start, end) in membership.items():
            first = reach.first_trained.get(person)
            begins = min((d for d in (start, first) if d is not None), default=None)
            if begins is None or begins > day or (end is not None and end <= day):
                continue
            headcount += 1
            trained += first is not None and first <= day
        points.append((day, headcount, trained))
    return points


def reach_naive(sessions: Iterable[Session], records: Iterable[Attendance]) -> dict[Person, int]:
    """The same generations by repeated relaxation over every attendance until nothing changes:
    the obvious way, slower, and the benchmark's baseline. It does not start circles."""
    by_id = {s.id: s for s in sessions}
    done = [
        (by_id[s], p) for (s, p), ok in attendance_current(records).items() if ok and s in by_id
    ]
    trained = {p for _s, p in done}
    generation: dict[Person, int] = {}
    changed = True
    while changed:
        changed = False
        for session, person in done:
            trainer = session.trainer
            if trainer is None or trainer not in trained:
                candidate = 1
            elif trainer in generation:
                candidate = generation[trainer] + 1
            else:
                continue
            if candidate < generation.get(person, candidate + 1):
                generation[person] = candidate
                changed = True
    return generation
