"""Every read of the Academy, always within one organisation: the reach and the cascade (on the
pure ``reach`` core), the coverage map, the dashboard, sessions, ratings and the AI-literacy
evidence."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from koers.academy.models import (
    Attendance,
    Evangelist,
    Learner,
    Material,
    Module,
    QuizAttempt,
    Rating,
    Registration,
    Review,
    Submission,
    Track,
    TrainingSession,
)
from koers.academy.progress import completions, level_reached
from koers.academy.reach import Attendance as Record
from koers.academy.reach import Reach, reach_compute, reach_summary, share_over_time
from koers.academy.reach import Session as Given
from koers.academy.services import academy_settings_of
from koers.academy.tracks import LEVELS
from koers.core import clock
from koers.diagnostic.selectors.calibration import is_leader, latest_result_of
from koers.diagnostic.selectors.waves import min_respondents_of
from koers.orgs.models import Department, Membership, Organisation
from koers.orgs.tenancy import OrgContext
from koers.strategy.selectors.skills import skill_list

# --- lists and single objects ---------------------------------------------------------------


def evangelist_list(*, organisation: Organisation) -> QuerySet[Evangelist]:
    return Evangelist.objects.filter(organisation=organisation).select_related(
        "membership__user", "department", "decided_by"
    )


def evangelist_get(*, organisation: Organisation, pk: int) -> Evangelist:
    return evangelist_list(organisation=organisation).get(pk=pk)


def evangelist_of(*, membership: Membership) -> Evangelist | None:
    return Evangelist.objects.filter(
        organisation_id=membership.organisation_id, membership=membership
    ).first()


def _materials() -> Prefetch[Any]:
    """Materials without their file content, which only the download reads."""
    return Prefetch("materials", queryset=Material.objects.defer("content"))


def track_list(*, organisation: Organisation, skill: str | None = None) -> QuerySet[Track]:
    """The tracks with their modules; with ``skill`` (a key of the Strategy app's skills), only
    the modules that train it and the tracks that have one."""
    modules = Module.objects.prefetch_related(_materials())
    tracks = Track.objects.filter(organisation=organisation)
    if skill is not None:
        # JSON lists cannot be searched alike on SQLite and PostgreSQL: filter the keys here.
        ids = [
            pk
            for pk, skills in Module.objects.filter(organisation=organisation).values_list(
                "pk", "skills"
            )
            if skill in (skills or [])
        ]
        modules = modules.filter(pk__in=ids)
        tracks = tracks.filter(modules__in=ids).distinct()
    return tracks.prefetch_related(Prefetch("modules", queryset=modules))


def skill_name(*, organisation: Organisation, key: str) -> str:
    """The organisation's name for a skill of the Strategy app, or the key when it has none."""
    found = skill_list(organisation=organisation).filter(key=key).first()
    return found.name if found is not None else key


def skills_catalogued(*, organisation: Organisation) -> bool:
    """Whether the organisation has its skills catalogue (Strategy) to choose from."""
    return skill_list(organisation=organisation).exists()


def skill_choices(*, organisation: Organisation, module: Module) -> list[tuple[str, str]]:
    """The skills a module can name: the organisation's skills catalogue (Strategy), and any
    key the module names already that the catalogue lacks."""
    choices = [(s.key, s.name) for s in skill_list(organisation=organisation)]
    known = {key for key, _name in choices}
    return choices + [(key, key) for key in module.skills or [] if key not in known]


def module_list(*, organisation: Organisation) -> QuerySet[Module]:
    return Module.objects.filter(organisation=organisation).select_related("track")


def module_get(*, organisation: Organisation, pk: int) -> Module:
    return module_list(organisation=organisation).prefetch_related(_materials()).get(pk=pk)


def material_get(*, organisation: Organisation, pk: int) -> Material:
    """A material of the organisation that is an uploaded file."""
    return (
        Material.objects.filter(module__organisation=organisation).exclude(filename="").get(pk=pk)
    )


def session_list(*, organisation: Organisation) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(organisation=organisation)
        .select_related("module__track", "trainer__membership__user")
        .annotate(
            registered=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True))
        )
    )


def session_get(*, organisation: Organisation, pk: int) -> TrainingSession:
    return session_list(organisation=organisation).get(pk=pk)


def sessions_upcoming(*, organisation: Organisation, limit: int = 20) -> list[TrainingSession]:
    return list(session_list(organisation=organisation).filter(starts_at__gte=clock.now())[:limit])


def sessions_past(*, organisation: Organisation, limit: int = 50) -> list[TrainingSession]:
    """The latest sessions that started, newest first, each with ``completed``: how many
    people its trainer marked as having completed it (the latest record of each counts)."""
    sessions = list(
        session_list(organisation=organisation)
        .filter(starts_at__lt=clock.now())
        .order_by("-starts_at")[:limit]
    )
    current: dict[tuple[int, int], bool] = {}
    for session_id, learner_id, completed in (
        Attendance.objects.filter(session__in=sessions)
        .order_by("pk")
        .values_list("session_id", "learner_id", "completed")
    ):
        current[(session_id, learner_id)] = completed
    counts: Counter[int] = Counter(s for (s, _l), ok in current.items() if ok)
    for session in sessions:
        session.completed = counts[session.pk]  # type: ignore[attr-defined]
    return sessions


def trainer_name(session: TrainingSession) -> str:
    trainer = session.trainer
    if trainer is not None and trainer.membership is not None:
        return str(trainer.membership.user)
    return session.trainer_label or "-"


def is_registered(*, session: TrainingSession, membership: Membership) -> bool:
    return Registration.objects.filter(
        session=session, learner__membership=membership, cancelled_at__isnull=True
    ).exists()


def members_of(*, organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation, is_active=True).select_related(
        "user", "department"
    )


def department_list(*, organisation: Organisation) -> QuerySet[Department]:
    return Department.objects.filter(organisation=organisation)


@dataclass(frozen=True)
class Mark:
    membership: Membership
    registered: bool
    completed: bool | None  # None: nothing recorded


def attendance_sheet(*, session: TrainingSession) -> list[Mark]:
    """Who is registered or recorded for the session, with their current mark."""
    current: dict[int, bool] = {}
    for learner_id, completed in (
        Attendance.objects.filter(session=session)
        .order_by("pk")
        .values_list("learner_id", "completed")
    ):
        current[learner_id] = completed
    registered = set(
        Registration.objects.filter(session=session, cancelled_at__isnull=True).values_list(
            "learner_id", flat=True
        )
    )
    learners = Learner.objects.filter(
        pk__in=registered | set(current), membership__isnull=False
    ).select_related("membership__user", "membership__department")
    marks = [
        Mark(learner.membership, learner.pk in registered, current.get(learner.pk))
        for learner in learners
        if learner.membership is not None
    ]
    return sorted(marks, key=lambda m: str(m.membership.user).casefold())


def session_completions(*, session: TrainingSession) -> dict[int, bool]:
    """Each learner's current mark for the session (the latest record counts)."""
    current: dict[int, bool] = {}
    for learner_id, completed in (
        Attendance.objects.filter(session=session)
        .order_by("pk")
        .values_list("learner_id", "completed")
    ):
        current[learner_id] = completed
    return current


def session_completed_by(*, session: TrainingSession, membership: Membership) -> bool:
    learner = Learner.objects.filter(membership=membership).first()
    return learner is not None and session_completions(session=session).get(learner.pk, False)


def attendance_history(*, session: TrainingSession) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(session=session)
        .select_related("learner__membership__user", "recorded_by")
        .order_by("-pk")
    )


# --- small groups -----------------------------------------------------------------------------


def min_group_of(organisation: Organisation) -> int:
    """The scan's k (never below 3): ratings are shown only from this many."""
    return max(3, min_respondents_of(organisation.pk))


@dataclass(frozen=True)
class RatingSummary:
    count: int
    shown: bool
    mean: float | None = None
    comments: list[tuple[str, int]] = field(default_factory=list)  # each once, with its count


def ratings_of(*, organisation: Organisation, sessions: list[int] | None = None) -> RatingSummary:
    """The ratings of some sessions (or all), as an aggregate, shown from k ratings on."""
    rows = Rating.objects.filter(session__organisation=organisation)
    if sessions is not None:
        rows = rows.filter(session_id__in=sessions)
    scores = list(rows.values_list("score", "comment"))
    k = min_group_of(organisation)
    if len(scores) < k:
        return RatingSummary(count=len(scores), shown=False)
    comments = sorted(Counter(c.strip() for _s, c in scores if c.strip()).items())
    return RatingSummary(
        count=len(scores),
        shown=True,
        mean=round(sum(s for s, _c in scores) / len(scores), 1),
        comments=comments,
    )


def rating_of(*, session: TrainingSession, membership: Membership) -> Rating | None:
    return Rating.objects.filter(session=session, learner__membership=membership).first()


# --- assessments ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gate:
    """What a completed session needs besides the trainer's mark before it counts for the
    cascade (reach, generations, the tree), per module: nothing for attendance (and a quiz module
    without questions), an approved assignment, or a passed quiz. Completing a *module* (levels,
    hours, literacy, leaders, certificates) is ``completions_of``: there the assessment alone
    counts."""

    open_modules: frozenset[int]
    passed: frozenset[tuple[int, int]]  # (learner, module)

    def counts(self, learner_id: int, module_id: int) -> bool:
        return module_id in self.open_modules or (learner_id, module_id) in self.passed


def assessment_gate(*, organisation: Organisation) -> Gate:
    open_modules = frozenset(
        pk
        for pk, assessment, quiz in Module.objects.filter(organisation=organisation).values_list(
            "pk", "assessment", "quiz"
        )
        if assessment == Module.Assessment.ATTENDANCE
        or (assessment == Module.Assessment.QUIZ and not quiz)
    )
    latest: dict[int, tuple[int, int, bool]] = {}  # submission → (learner, module, approved)
    for submission_id, learner_id, module_id, approved in (
        Review.objects.filter(submission__organisation=organisation)
        .order_by("pk")
        .values_list("submission_id", "submission__learner_id", "submission__module_id", "approved")
    ):
        latest[submission_id] = (learner_id, module_id, approved)
    passed = {(learner, module) for learner, module, ok in latest.values() if ok}
    passed |= set(
        QuizAttempt.objects.filter(organisation=organisation, passed=True).values_list(
            "learner_id", "module_id"
        )
    )
    return Gate(open_modules, frozenset(passed))


def submissions_of(*, module: Module, membership: Membership) -> QuerySet[Submission]:
    """A person's submissions for a module, newest first, with their reviews."""
    return (
        Submission.objects.filter(
            organisation_id=module.organisation_id, module=module, learner__membership=membership
        )
        .select_related("learner__membership__user")
        .prefetch_related("reviews__reviewed_by")
    )


def submissions_to_review(*, module: Module) -> list[Submission]:
    """The latest submission of each person for a module that has no review yet."""
    latest: dict[int, Submission] = {}
    for submission in (
        Submission.objects.filter(organisation_id=module.organisation_id, module=module)
        .select_related("learner__membership__user")
        .prefetch_related("reviews__reviewed_by")
        .order_by("pk")
    ):
        latest[submission.learner_id] = submission
    return [s for s in latest.values() if not s.reviews.all() and s.learner.membership_id]


def submission_get(*, organisation: Organisation, pk: int) -> Submission:
    return (
        Submission.objects.select_related("learner__membership__user", "module")
        .prefetch_related("reviews__reviewed_by")
        .get(organisation=organisation, pk=pk)
    )


def quiz_attempts_of(*, module: Module, membership: Membership) -> QuerySet[QuizAttempt]:
    return QuizAttempt.objects.filter(
        organisation_id=module.organisation_id, module=module, learner__membership=membership
    )


def completions_of(
    *, organisation: Organisation, learner: Learner | None = None
) -> dict[tuple[int, int], date]:
    """(learner, module) → the day the learner completed the module by its assessment (the
    kinds are alternatives: a completed session, an approved assignment or a passed quiz; see
    ``progress.py``). Levels, certificates, hours, the literacy evidence and the leaders'
    progress count this; the cascade counts sessions (``reach_data``)."""
    assessment = {
        pk: Module.Assessment.ATTENDANCE.value
        if kind == Module.Assessment.QUIZ and not quiz
        else kind
        for pk, kind, quiz in Module.objects.filter(organisation=organisation).values_list(
            "pk", "assessment", "quiz"
        )
    }
    records = Attendance.objects.filter(session__organisation=organisation)
    reviews = Review.objects.filter(submission__organisation=organisation)
    attempts = QuizAttempt.objects.filter(organisation=organisation, passed=True)
    if learner is not None:
        records = records.filter(learner=learner)
        reviews = reviews.filter(submission__learner=learner)
        attempts = attempts.filter(learner=learner)
    latest: dict[tuple[int, int], tuple[bool, int, date]] = {}
    for session_id, learner_id, completed, module_id, starts_at in records.order_by(
        "pk"
    ).values_list(
        "session_id", "learner_id", "completed", "session__module_id", "session__starts_at"
    ):
        latest[(session_id, learner_id)] = (completed, module_id, starts_at.date())
    attended = [(lid, mid, day) for (_s, lid), (ok, mid, day) in latest.items() if ok]
    verdicts: dict[int, tuple[int, int, bool, date]] = {}  # the latest review of a submission
    for submission_id, learner_id, module_id, approved, at in reviews.order_by("pk").values_list(
        "submission_id",
        "submission__learner_id",
        "submission__module_id",
        "approved",
        "reviewed_at",
    ):
        verdicts[submission_id] = (learner_id, module_id, approved, at.date())
    passed = [(lid, mid, day) for lid, mid, ok, day in verdicts.values() if ok]
    passed += [
        (lid, mid, at.date())
        for lid, mid, at in attempts.values_list("learner_id", "module_id", "created_at")
    ]
    return completions(assessment=assessment, attended=attended, passed=passed)


def modules_completed(ctx: OrgContext) -> set[int]:
    """The modules the acting person completed."""
    learner = Learner.objects.filter(membership=ctx.membership).first()
    if learner is None:
        return set()
    return {m for _l, m in completions_of(organisation=ctx.organisation, learner=learner)}


def my_modules(ctx: OrgContext) -> list[tuple[str, int, date]]:
    """The modules the acting person completed: (title, id, day), oldest first."""
    learner = Learner.objects.filter(membership=ctx.membership).first()
    if learner is None:
        return []
    done = completions_of(organisation=ctx.organisation, learner=learner)
    titles = dict(Module.objects.filter(pk__in=[m for _l, m in done]).values_list("pk", "title"))
    return sorted(((titles[m], m, day) for (_l, m), day in done.items()), key=lambda r: r[2])


def my_sessions(ctx: OrgContext) -> list[TrainingSession]:
    """The upcoming sessions the acting person registered for."""
    return list(
        session_list(organisation=ctx.organisation).filter(
            starts_at__gte=clock.now(),
            registrations__learner__membership=ctx.membership,
            registrations__cancelled_at__isnull=True,
        )
    )


def module_completed_on(*, module: Module, membership: Membership) -> date | None:
    """The day the person completed the module by its assessment, or None."""
    learner = Learner.objects.filter(membership=membership).first()
    if learner is None:
        return None
    done = completions_of(organisation=module.organisation, learner=learner)
    return done.get((learner.pk, module.pk))


# --- reach ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReachData:
    reach: Reach
    summary: dict[str, Any]
    key_of: dict[int, Any]  # learner id → person key in the reach
    names: dict[Any, str]  # person key → name (members only)
    sessions: dict[int, TrainingSession]


def _person(learner: Learner) -> Any:
    return f"m{learner.membership_id}" if learner.membership_id else f"l{learner.pk}"


def reach_data(*, organisation: Organisation) -> ReachData:
    learners = list(
        Learner.objects.filter(organisation=organisation).select_related(
            "membership__user", "membership__department", "department"
        )
    )
    key_of = {learner.pk: _person(learner) for learner in learners}
    sessions = {
        s.pk: s
        for s in TrainingSession.objects.filter(organisation=organisation).select_related(
            "module", "module__track"
        )
    }
    given = [
        Given(
            s.pk,
            key_of[s.trainer_id] if s.trainer_id else f"outside:{s.trainer_label}",
            s.starts_at.date(),
        )
        for s in sessions.values()
    ]
    gate = assessment_gate(organisation=organisation)
    records = [
        Record(session_id, key_of[learner_id], completed and gate.counts(learner_id, module), pk)
        for pk, session_id, learner_id, completed, module in Attendance.objects.filter(
            session__organisation=organisation
        ).values_list("pk", "session_id", "learner_id", "completed", "session__module_id")
    ]
    reach = reach_compute(given, records)
    members = list(members_of(organisation=organisation))
    department_of = {f"m{m.pk}": (m.department.name if m.department else None) for m in members}
    former = {}
    for learner in learners:
        key = key_of[learner.pk]
        if key in department_of:
            continue
        department = (
            learner.membership.department if learner.membership is not None else learner.department
        )
        former[key] = department.name if department else None
    headcount = {d.name: 0 for d in department_list(organisation=organisation)}
    for m in members:
        if m.department is not None:
            headcount[m.department.name] += 1
    evangelists: dict[str, int] = defaultdict(int)
    for name in (
        evangelist_list(organisation=organisation)
        .filter(status=Evangelist.Status.ACCEPTED, department__isnull=False)
        .values_list("department__name", flat=True)
    ):
        evangelists[name] += 1
    summary = reach_summary(
        reach,
        department_of=department_of,
        headcount=headcount,
        evangelists=evangelists,
        former=former,
    )
    names = {f"m{m.pk}": str(m.user) for m in members}
    for learner in learners:
        if learner.membership is not None:
            names.setdefault(key_of[learner.pk], str(learner.membership.user))
    return ReachData(reach, summary, key_of, names, sessions)


def reach_export(*, organisation: Organisation) -> dict[str, Any]:
    """The document of ``koers export reach`` and ``GET /reach``."""
    return reach_data(organisation=organisation).summary


def month_ends(today: date, months: int) -> list[date]:
    ends = []
    year, month = today.year, today.month
    for _i in range(months):
        ends.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    # The last day of each month, and today for the running month.
    points = [today]
    for first in ends[:-1]:
        points.append(first.fromordinal(first.toordinal() - 1))
    return sorted(points)


@dataclass(frozen=True)
class Point:
    day: date
    trained: int
    headcount: int  # the members on that day

    @property
    def share(self) -> float:
        return self.trained / self.headcount if self.headcount else 0.0


def membership_spans(*, organisation: Organisation) -> dict[Any, tuple[date | None, date | None]]:
    """Each person's first and last day as a member, as far as Koers knows: from when they were
    added to the organisation until they were deactivated; an erased person from (their first
    training) until the erasure."""
    spans: dict[Any, tuple[date | None, date | None]] = {}
    for pk, created_at, deactivated_at, active in Membership.objects.filter(
        organisation=organisation
    ).values_list("pk", "created_at", "deactivated_at", "is_active"):
        end = deactivated_at.date() if deactivated_at else None
        if not active and end is None:
            end = created_at.date()  # deactivated before Koers kept the day: not counted
        spans[f"m{pk}"] = (created_at.date(), end)
    for pk, erased_at in Learner.objects.filter(
        organisation=organisation, membership__isnull=True
    ).values_list("pk", "erased_at"):
        spans[f"l{pk}"] = (None, erased_at.date() if erased_at else None)
    return spans


def reach_over_months(
    data: ReachData, *, organisation: Organisation, months: int = 12
) -> list[Point]:
    """The people trained at the end of each month, beside the members of that day."""
    spans = membership_spans(organisation=organisation)
    points = share_over_time(data.reach, membership=spans, until=month_ends(clock.today(), months))
    # From the month before the first training on: the empty months before say nothing.
    started = next((i for i, (_d, _h, n) in enumerate(points) if n), len(points) - 1)
    return [Point(d, n, h) for d, h, n in points[max(0, started - 1) :]]


# --- levels and the cascade ------------------------------------------------------------------


def _level_modules(organisation: Organisation) -> dict[str, list[int]]:
    """The modules of each level of the organisation's evangelist track(s)."""
    by_level: dict[str, list[int]] = defaultdict(list)
    for pk, level in (
        module_list(organisation=organisation)
        .filter(track__kind=Track.Kind.EVANGELIST)
        .exclude(level="")
        .values_list("pk", "level")
    ):
        by_level[level].append(pk)
    return by_level


def levels_reached(*, organisation: Organisation) -> dict[int, str]:
    """Each learner's level on the evangelist track: the highest level all of whose modules
    they completed, with every lower level (see ``progress.level_reached``)."""
    by_level = _level_modules(organisation)
    done: dict[int, set[int]] = defaultdict(set)
    for learner_id, module_id in completions_of(organisation=organisation):
        done[learner_id].add(module_id)
    reached = {learner_id: level_reached(by_level, modules) for learner_id, modules in done.items()}
    return {learner_id: level for learner_id, level in reached.items() if level}


@dataclass(frozen=True)
class Branch:
    name: str
    generation: int
    trained: int
    children: list[Branch]


@dataclass(frozen=True)
class Cascade:
    by_generation: dict[str, int]
    trained: int
    headcount: int
    roots: list[Branch]
    idle_trainers: list[str]
    points: list[Point]


def cascade_of(*, organisation: Organisation) -> Cascade:
    data = reach_data(organisation=organisation)
    reach = data.reach
    # Who trained whom in the tree: each person hangs under the trainer of the session that
    # gave them their generation (the earliest such session).
    parent: dict[Any, Any] = {}
    for record_session, person in _completed_pairs(data, organisation=organisation):
        session = data.sessions[record_session]
        trainer = data.key_of.get(session.trainer_id) if session.trainer_id else None
        want = reach.generation[person] - 1
        fits = (trainer is None and want == 0) or (
            trainer is not None and reach.generation.get(trainer) == want
        )
        if fits and person not in parent:
            parent[person] = trainer or f"outside:{session.trainer_label}"
    children: dict[Any, list[Any]] = defaultdict(list)
    for person, trainer in parent.items():
        children[trainer].append(person)

    def branch(key: Any, depth: int) -> Branch:
        kids = [] if depth > 12 else [branch(c, depth + 1) for c in children.get(key, ())]
        kids = [k for k in kids if k.trained or k.children]
        trained = reach.trained_by.get(key, 0)
        name = data.names.get(key) or (
            key.removeprefix("outside:")
            if isinstance(key, str) and key.startswith("outside:")
            else ""
        )
        return Branch(
            name=name or "-",
            generation=reach.generation.get(key, 0),
            trained=trained,
            children=sorted(kids, key=lambda b: (-b.trained, b.name)),
        )

    roots = [branch(key, 0) for key in children if key not in reach.generation]
    levels = levels_reached(organisation=organisation)
    trainer_levels = {"trainer", "champions"}
    idle = sorted(
        data.names.get(data.key_of[learner_id], "")
        for learner_id, level in levels.items()
        if level in trainer_levels and not reach.trained_by.get(data.key_of[learner_id])
    )
    summary = data.summary
    return Cascade(
        by_generation=summary["by_generation"],
        trained=summary["trained"],
        headcount=summary["headcount"],
        roots=sorted(roots, key=lambda b: (-b.trained, b.name)),
        idle_trainers=[name for name in idle if name],
        points=reach_over_months(data, organisation=organisation),
    )


def _completed_pairs(data: ReachData, *, organisation: Organisation) -> list[tuple[int, Any]]:
    latest: dict[tuple[int, Any], bool] = {}
    gate = assessment_gate(organisation=organisation)
    for session_id, learner_id, completed, module_id in (
        Attendance.objects.filter(session__in=list(data.sessions))
        .order_by("pk")
        .values_list("session_id", "learner_id", "completed", "session__module_id")
    ):
        latest[(session_id, data.key_of[learner_id])] = completed and gate.counts(
            learner_id, module_id
        )
    pairs = [pair for pair, completed in latest.items() if completed]
    return sorted(pairs, key=lambda p: (data.sessions[p[0]].starts_at, p[0]))


# --- coverage and the dashboard ----------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    department: str
    headcount: int
    evangelists: int
    target: int
    trained: int

    @property
    def none(self) -> bool:
        return self.evangelists == 0 and self.headcount > 0

    @property
    def short(self) -> int:
        return max(0, self.target - self.evangelists)


def coverage_of(
    *, organisation: Organisation, summary: dict[str, Any] | None = None
) -> list[Coverage]:
    summary = summary or reach_export(organisation=organisation)
    ratio = academy_settings_of(organisation).people_per_evangelist
    return [
        Coverage(
            department=name,
            headcount=d["headcount"],
            evangelists=d["evangelists"],
            target=math.ceil(d["headcount"] / ratio) if d["headcount"] else 0,
            trained=d["trained"],
        )
        for name, d in summary["by_department"].items()
    ]


@dataclass(frozen=True)
class Dashboard:
    evangelists: int
    candidates: int
    trained: int
    headcount: int
    hours: Decimal
    ratings: RatingSummary
    coverage: list[Coverage]
    gaps: list[Coverage]
    upcoming: list[TrainingSession]
    ratio: int


def dashboard_of(ctx: OrgContext) -> Dashboard:
    organisation = ctx.organisation
    summary = reach_export(organisation=organisation)
    coverage = coverage_of(organisation=organisation, summary=summary)
    evangelists = evangelist_list(organisation=organisation)
    module_hours = dict(Module.objects.filter(organisation=organisation).values_list("pk", "hours"))
    # Each module a person completed counts its expected hours once.
    hours = sum(
        (module_hours[m] for _l, m in completions_of(organisation=organisation)), Decimal(0)
    )
    return Dashboard(
        evangelists=evangelists.filter(status=Evangelist.Status.ACCEPTED).count(),
        candidates=evangelists.filter(status=Evangelist.Status.CANDIDATE).count(),
        trained=summary["trained"],
        headcount=summary["headcount"],
        hours=hours,
        ratings=ratings_of(organisation=organisation),
        coverage=coverage,
        gaps=[c for c in coverage if c.short],
        upcoming=sessions_upcoming(organisation=organisation, limit=5),
        ratio=academy_settings_of(organisation).people_per_evangelist,
    )


# --- AI-literacy evidence ----------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    department: str
    name: str
    email: str
    module: str
    completed_on: date


@dataclass(frozen=True)
class DepartmentLiteracy:
    department: str
    headcount: int
    covered: int

    @property
    def share(self) -> float:
        return self.covered / self.headcount if self.headcount else 0.0


@dataclass(frozen=True)
class Literacy:
    rows: list[Evidence]
    departments: list[DepartmentLiteracy]
    modules: list[str]
    made_at: datetime


def literacy_evidence(*, organisation: Organisation) -> Literacy:
    """Who completed which AI-literacy module when, per department, and the share of each
    department that completed every literacy module (the AI Act's Art. 4 evidence)."""
    modules = list(module_list(organisation=organisation).filter(track__kind=Track.Kind.LITERACY))
    literacy = {m.pk for m in modules}
    done: dict[int, dict[int, date]] = defaultdict(dict)  # learner → module → completed on
    for (learner_id, module_id), day in completions_of(organisation=organisation).items():
        if module_id in literacy:
            done[learner_id][module_id] = day
    learners = Learner.objects.filter(pk__in=list(done), membership__isnull=False).select_related(
        "membership__user", "membership__department"
    )
    titles = {m.pk: m.title for m in modules}
    rows = []
    covered: dict[str, int] = defaultdict(int)
    for learner in learners:
        membership = learner.membership
        assert membership is not None
        department = membership.department.name if membership.department else ""
        for module_id, day in sorted(done[learner.pk].items(), key=lambda m: m[1]):
            rows.append(
                Evidence(
                    department, str(membership.user), membership.user.email, titles[module_id], day
                )
            )
        if membership.is_active and len(done[learner.pk]) == len(modules):
            covered[department] += 1
    headcount: dict[str, int] = defaultdict(int)
    for m in members_of(organisation=organisation):
        headcount[m.department.name if m.department else ""] += 1
    return Literacy(
        rows=sorted(rows, key=lambda r: (r.department, r.name.casefold(), r.completed_on)),
        departments=[
            DepartmentLiteracy(name, n, covered.get(name, 0))
            for name, n in sorted(headcount.items())
        ],
        modules=[m.title for m in modules],
        made_at=clock.now(),
    )


# --- leaders: their track beside their calibration result ----------------------------------------


def modules_for_statements(*, organisation: Organisation, statements: list[str]) -> list[Module]:
    """The leadership modules that cover these calibration statements (those a leader missed)."""
    wanted = set(statements)
    return [
        m
        for m in module_list(organisation=organisation).filter(track__kind=Track.Kind.LEADERSHIP)
        if wanted & set(m.calibration or [])
    ]


@dataclass(frozen=True)
class LeaderModule:
    module: Module
    completed: bool
    recommended: bool  # it covers a statement the leader got wrong in the calibration quiz


@dataclass(frozen=True)
class LeaderProgress:
    modules: list[LeaderModule]
    quiz: Any  # the calibration quiz's PersonalResult, or None before the first answer

    @property
    def completed(self) -> int:
        return sum(m.completed for m in self.modules)


def leader_progress(ctx: OrgContext) -> LeaderProgress | None:
    """A leader's progress on the leadership track beside their calibration result: the modules
    that cover the statements they got wrong come first. None for everyone else."""
    if not is_leader(ctx) or ctx.membership.pk is None:
        return None
    modules = list(
        module_list(organisation=ctx.organisation).filter(track__kind=Track.Kind.LEADERSHIP)
    )
    if not modules:
        return None
    learner = Learner.objects.filter(membership=ctx.membership).first()
    done = (
        {m for _l, m in completions_of(organisation=ctx.organisation, learner=learner)}
        if learner is not None
        else set()
    )
    quiz = latest_result_of(ctx.membership)
    # Answered wrong or "unsure": a statement left out says nothing.
    missed = {
        row.statement.id for row in (quiz.statements if quiz else []) if row.given and not row.right
    }
    rows = [LeaderModule(m, m.pk in done, bool(missed & set(m.calibration or []))) for m in modules]
    rows.sort(key=lambda r: (r.completed, not r.recommended))
    return LeaderProgress(rows, quiz)


@dataclass(frozen=True)
class Certificate:
    name: str
    level: str  # the Module.Level label
    modules: list[tuple[str, date]]  # the evangelist track's modules completed, with the day


def certificate_of(ctx: OrgContext) -> Certificate | None:
    """The level the person reached on the evangelist track, with the modules behind it (those
    of that level and the levels below); None before they reached the first level."""
    learner = Learner.objects.filter(membership=ctx.membership).first()
    if learner is None:
        return None
    done = completions_of(organisation=ctx.organisation, learner=learner)
    by_level = _level_modules(ctx.organisation)
    level = level_reached(by_level, {m for _l, m in done})
    if level is None:
        return None
    behind = [pk for name in LEVELS[: LEVELS.index(level) + 1] for pk in by_level.get(name, [])]
    titles = dict(
        module_list(organisation=ctx.organisation).filter(pk__in=behind).values_list("pk", "title")
    )
    modules = sorted(
        ((titles[m], day) for (_l, m), day in done.items() if m in titles), key=lambda r: r[1]
    )
    return Certificate(str(ctx.user), str(Module.Level(level).label), modules)
