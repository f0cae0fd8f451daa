"""The cascade's reach as a pure function: generations, unique counts, and what never happens."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from koers.academy.reach import (
    Attendance,
    Session,
    attendance_current,
    reach_compute,
    reach_naive,
    reach_over_time,
    reach_summary,
    share_over_time,
)

D0 = date(2026, 1, 5)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def test_it_counts_an_outside_trainers_attendees_as_generation_one_and_theirs_as_two():
    sessions = [Session(1, "outside@example.org", day(0)), Session(2, 10, day(7))]
    records = [Attendance(1, 10, True), Attendance(2, 20, True), Attendance(2, 21, True)]
    reach = reach_compute(sessions, records)
    assert reach.generation == {10: 1, 20: 2, 21: 2}
    assert reach.trained_by == {"outside@example.org": 1, 10: 2}


def test_it_takes_the_lowest_generation_over_a_persons_sessions():
    sessions = [Session(1, None, day(0)), Session(2, 1, day(1)), Session(3, 2, day(2))]
    sessions.append(Session(4, None, day(3)))
    records = [Attendance(1, 1, True), Attendance(2, 2, True), Attendance(3, 3, True)]
    assert reach_compute(sessions, records).generation[3] == 3
    records.append(Attendance(4, 3, True))
    assert reach_compute(sessions, records).generation[3] == 1


def test_it_ignores_sessions_not_completed_and_follows_the_latest_correction():
    sessions = [Session(1, None, day(0))]
    records = [Attendance(1, 5, True, seq=1), Attendance(1, 5, False, seq=2)]
    assert attendance_current(records) == {(1, 5): False}
    assert reach_compute(sessions, records).trained == 0
    records.append(Attendance(1, 5, True, seq=3))
    assert reach_compute(sessions, records).trained == 1


def test_it_starts_a_circle_of_trainers_at_its_earliest_session():
    # 1 trained 2, then 2 trained 1: neither has training from outside.
    sessions = [Session(1, 1, day(0)), Session(2, 2, day(5))]
    records = [Attendance(1, 2, True), Attendance(2, 1, True)]
    reach = reach_compute(sessions, records)
    assert reach.circle_starts == {1}
    assert reach.generation == {2: 1, 1: 2}


def test_a_circles_start_is_generation_one_for_everyone_in_it_also_those_reached_before():
    # B was reached as generation 2 through A, but also attended the session that starts the
    # circle of C and D: that session counts as generation 1 for all its attendees.
    sessions = [
        Session(0, "outside", day(10)),
        Session(1, "a", day(11)),
        Session(2, "c", day(1)),
        Session(3, "d", day(2)),
    ]
    records = [
        Attendance(0, "a", True),
        Attendance(1, "b", True),
        Attendance(2, "d", True),
        Attendance(2, "b", True),
        Attendance(3, "c", True),
    ]
    reach = reach_compute(sessions, records)
    assert reach.circle_starts == {2}
    assert reach.generation == {"a": 1, "b": 1, "d": 1, "c": 2}


def test_the_summary_counts_members_per_department_and_generation():
    sessions = [Session(1, "x@example.org", day(0)), Session(2, 1, day(3))]
    records = [Attendance(1, 1, True), Attendance(2, 2, True), Attendance(2, 3, True)]
    summary = reach_summary(
        reach_compute(sessions, records),
        department_of={1: "Sales", 2: "Sales", 3: None, 4: "HR"},
        headcount={"Sales": 2, "HR": 1},
        evangelists={"Sales": 1},
    )
    assert summary == {
        "headcount": 4,
        "trained": 3,
        "by_generation": {"1": 1, "2": 2},
        "by_department": {
            "HR": {"headcount": 1, "trained": 0, "evangelists": 0, "by_generation": {}},
            "Sales": {
                "headcount": 2,
                "trained": 2,
                "evangelists": 1,
                "by_generation": {"1": 1, "2": 1},
            },
        },
    }


def test_reach_over_time_counts_each_person_once_from_their_first_session():
    sessions = [Session(1, None, day(0)), Session(2, None, day(10))]
    records = [Attendance(1, 1, True), Attendance(2, 1, True), Attendance(2, 2, True)]
    points = reach_over_time(
        reach_compute(sessions, records), people=[1, 2, 3], until=[day(5), day(-1), day(10)]
    )
    assert points == [(day(-1), 0), (day(5), 1), (day(10), 2)]


PEOPLE = st.integers(0, 14)


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Session], list[Attendance]]:
    n = draw(st.integers(0, 12))
    sessions = [
        Session(i, draw(st.none() | PEOPLE | st.just("outside")), day(draw(st.integers(0, 30))))
        for i in range(n)
    ]
    records = []
    if n:
        for seq in range(draw(st.integers(0, 40))):
            records.append(
                Attendance(draw(st.integers(0, n - 1)), draw(PEOPLE), draw(st.booleans()), seq)
            )
    return sessions, records


@settings(max_examples=60, deadline=None)
@given(histories(), st.data())
def test_removing_a_session_never_increases_reach(history, data):
    sessions, records = history
    before = reach_compute(sessions, records)
    if not sessions:
        return
    gone = data.draw(st.sampled_from(sessions))
    after = reach_compute([s for s in sessions if s is not gone], records)
    assert after.trained <= before.trained
    assert set(after.generation) <= set(before.generation)
    departments = {p: ("even" if p % 2 == 0 else "odd") for p in range(15)}
    headcount = {"even": 8, "odd": 7}
    summary_before = reach_summary(before, department_of=departments, headcount=headcount)
    summary_after = reach_summary(after, department_of=departments, headcount=headcount)
    for name in headcount:
        trained_after = summary_after["by_department"][name]["trained"]
        assert trained_after <= summary_before["by_department"][name]["trained"]


@settings(max_examples=60, deadline=None)
@given(histories())
def test_generations_are_consistent_with_who_trained_whom(history):
    sessions, records = history
    reach = reach_compute(sessions, records)
    current = attendance_current(records)
    by_id = {s.id: s for s in sessions}
    completed = [(by_id[s], p) for (s, p), ok in current.items() if ok]
    assert set(reach.generation) == {p for _s, p in completed}
    for person, g in reach.generation.items():
        options = []
        for session, attendee in completed:
            if attendee != person:
                continue
            trainer = session.trainer
            if (
                trainer is None
                or trainer not in reach.generation
                or session.id in reach.circle_starts
            ):
                options.append(1)
            else:
                options.append(reach.generation[trainer] + 1)
        assert g == min(options)
    if not reach.circle_starts:
        assert reach_naive(sessions, records) == reach.generation


@settings(max_examples=60, deadline=None)
@given(histories())
def test_nobody_is_counted_twice(history):
    sessions, records = history
    reach = reach_compute(sessions, records)
    departments = {p: ("even" if p % 2 == 0 else "odd") for p in range(15)}
    summary = reach_summary(reach, department_of=departments, headcount={"even": 8, "odd": 7})
    assert sum(summary["by_generation"].values()) == summary["trained"]
    assert sum(d["trained"] for d in summary["by_department"].values()) == summary["trained"]
    for d in summary["by_department"].values():
        assert sum(d["by_generation"].values()) == d["trained"] <= d["headcount"]
    assert summary["trained"] == len({p for p in reach.generation if p != "outside"})


def test_the_share_over_time_divides_by_the_people_who_were_members_at_each_point():
    reach = reach_compute([Session(1, None, day(10))], [Attendance(1, "ann", True)])
    membership = {
        "ann": (day(20), None),  # added later than her (imported) training: counts from it
        "bob": (day(0), day(15)),  # left on day 15
        "cy": (day(12), None),
    }
    points = share_over_time(reach, membership=membership, until=[day(5), day(11), day(30)])
    assert points == [(day(5), 1, 0), (day(11), 2, 1), (day(30), 2, 1)]
