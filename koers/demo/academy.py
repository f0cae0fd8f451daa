"""The demo organisation's Academy: evangelists in every department but Juridische zaken (so the
coverage map flags it), the shipped tracks, four months of past sessions with a two-generation
cascade (an outside bureau trains the evangelists, who then train their own colleagues), ratings,
AI-literacy sessions and a few upcoming sessions with registrations.

Everything goes through the Academy's own services, as the programme lead and the evangelists
would."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from koers.academy import services
from koers.academy.models import Module, QuizAttempt, Review, Submission
from koers.core import clock
from koers.orgs.models import Membership, Organisation, Role
from koers.orgs.tenancy import OrgContext, org_context_for

BUREAU = "Bureau Koersvast (Marieke Dijkman)"
WITHOUT_EVANGELIST = "Juridische zaken"
MOTIVATIONS = [
    "Ik gebruik AI al dagelijks voor mijn eigen werk en wil collega's graag op weg helpen.",
    "Bij ons team leven veel vragen over AI. Ik wil het aanspreekpunt zijn.",
    "Ik zie veel kansen om repeterend werk slimmer te doen en wil dat graag uitdragen.",
    "Ik vind het leuk om uitleg te geven en wil zelf ook meer leren.",
]
WELCOME = (
    "Welkom bij de AI-ambassadeurs! Fijn dat je je afdeling op weg wilt helpen. "
    "Je krijgt binnenkort een uitnodiging voor de eerste sessie."
)
COMMENTS = [
    "Heel praktisch, ik kon meteen aan de slag.",
    "Fijn dat het over ons eigen werk ging.",
    "Iets te snel voor mij, maar wel nuttig.",
    "Goede voorbeelden, graag een vervolg.",
    "",
    "",
]
ASSIGNMENT = (
    "Ik heb met twee collega's een AI-toepassing voor ons team uitgewerkt: "
    "https://intranet.demo.example/ai-ambassadeurs/opdracht"
)
PLACES = ["Vergaderzaal De Koers, 2e verdieping", "Kantine begane grond", "Zaal Atlas"]


def academy_load(demo: Organisation, lead: OrgContext, *, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    services.tracks_install(lead, language="nl")
    now = clock.now()
    # Demo BV's people were added to Koers half a year ago (the share of the headcount trained
    # over time divides by the members of each month).
    Membership.objects.filter(organisation=demo).update(created_at=now - dt.timedelta(days=180))
    modules = {m.key: m for m in Module.objects.filter(organisation=demo)}
    members = list(
        Membership.objects.filter(organisation=demo, is_active=True)
        .select_related("user", "department")
        .order_by("pk")
    )
    by_department: dict[str, list[Membership]] = {}
    for m in members:
        if m.department is not None:
            by_department.setdefault(m.department.name, []).append(m)

    evangelists = _evangelists(lead, by_department, rng)
    services.evangelists_from_scan(lead)

    def day(days_ago: int, hour: int = 10) -> dt.datetime:
        moment = timezone.localtime(now) - dt.timedelta(days=days_ago)
        return moment.replace(hour=hour, minute=0, second=0, microsecond=0)

    # Generation 1: the bureau trains the evangelists, level by level, and the leaders.
    for level, days_ago in [
        ("evangelist_foundation", 120),
        ("evangelist_practitioner", 100),
        ("evangelist_trainer", 80),
    ]:
        session = services.session_schedule(
            lead,
            module=modules[level],
            starts_at=day(days_ago),
            trainer_label=BUREAU,
            place=PLACES[0],
            minutes=180,
            capacity=12,
        )
        services.attendance_record(lead, session=session, marks=dict.fromkeys(evangelists, True))
        if modules[level].assessment == Module.Assessment.ASSIGNMENT:
            # Each evangelist hands in the level's assignment; the programme lead approves it.
            for evangelist in evangelists:
                submission = services.assignment_hand_in(
                    org_context_for(user=evangelist.user, slug=demo.slug),
                    module=modules[level],
                    text=ASSIGNMENT,
                )
                services.assignment_review(lead, submission=submission, approve=True)
            # Handed in and approved in the week after the session.
            Submission.objects.filter(module=modules[level]).update(created_at=day(days_ago - 3))
            Review.objects.filter(submission__module=modules[level]).update(
                reviewed_at=day(days_ago - 5)
            )
    leaders = [m for m in members if m.role in (Role.ADMIN, Role.LEAD)]
    for key, days_ago in [("lead_agenda", 110), ("lead_quality", 75)]:
        session = services.session_schedule(
            lead,
            module=modules[key],
            starts_at=day(days_ago, 14),
            trainer_label=BUREAU,
            place=PLACES[2],
        )
        services.attendance_record(lead, session=session, marks=dict.fromkeys(leaders, True))

    # Generation 2: every evangelist but the last trains colleagues of their own department.
    for index, evangelist in enumerate(evangelists[:-1]):
        ctx = org_context_for(user=evangelist.user, slug=demo.slug)
        department = evangelist.department.name if evangelist.department else ""
        colleagues = [
            m for m in by_department.get(department, []) if m not in evangelists and m.is_active
        ]
        session = services.session_schedule(
            ctx,
            module=modules["employee_start"],
            starts_at=day(60 - 8 * index, 13),
            place=PLACES[1],
            capacity=30,
        )
        marks = {m: rng.random() < 0.9 for m in colleagues}
        services.attendance_record(ctx, session=session, marks=marks)
        for attendee, completed in marks.items():
            if completed:
                services.rating_give(
                    org_context_for(user=attendee.user, slug=demo.slug),
                    session=session,
                    score=rng.choice([3, 4, 4, 5, 5]),
                    comment=rng.choice(COMMENTS),
                )

    # AI literacy (Art. 4): two departments complete both modules, one only the first so far.
    for key, days_ago, departments in [
        ("literacy_basics", 45, ["Klantenservice", "Financiën", "HR"]),
        ("literacy_responsible", 30, ["Klantenservice", "Financiën"]),
    ]:
        session = services.session_schedule(
            lead,
            module=modules[key],
            starts_at=day(days_ago, 9),
            trainer=lead.membership,
            online_link="https://meet.demo.example/ai-geletterdheid",
            capacity=40,
        )
        attendees = [m for name in departments for m in by_department.get(name, [])]
        services.attendance_record(lead, session=session, marks=dict.fromkeys(attendees, True))
        right = {i: q["correct"] for i, q in enumerate(modules[key].quiz)}
        for attendee in attendees if right else []:
            # Everyone passes the literacy quiz; some need a second go.
            ctx = org_context_for(user=attendee.user, slug=demo.slug)
            if rng.random() < 0.2:
                services.quiz_take(ctx, module=modules[key], answers={0: right[0]})
            services.quiz_take(ctx, module=modules[key], answers=right)
        # They took the quiz the day after the session.
        QuizAttempt.objects.filter(module=modules[key]).update(created_at=day(days_ago - 1, 9))

    # Upcoming: a basics session by an evangelist, the champions league, and literacy again.
    first = evangelists[0]
    upcoming = [
        services.session_schedule(
            org_context_for(user=first.user, slug=demo.slug),
            module=modules["employee_prompting"],
            starts_at=day(-9, 13),
            place=PLACES[1],
        ),
        services.session_schedule(
            lead,
            module=modules["evangelist_champions"],
            starts_at=day(-16),
            trainer_label=BUREAU,
            place=PLACES[0],
            capacity=8,
        ),
        services.session_schedule(
            lead,
            module=modules["literacy_basics"],
            starts_at=day(-23, 9),
            trainer=lead.membership,
            online_link="https://meet.demo.example/ai-geletterdheid",
            capacity=40,
        ),
    ]
    for session, people in zip(upcoming, [4, 5, 6], strict=True):
        for member in rng.sample([m for m in members if m.role == Role.MEMBER], people):
            services.session_register(
                org_context_for(user=member.user, slug=demo.slug), session=session
            )


def _evangelists(
    lead: OrgContext, by_department: dict[str, list[Membership]], rng: random.Random
) -> list[Membership]:
    """One accepted evangelist per department (the one already in that role, if any), none in
    Juridische zaken; one more candidate waits for an answer."""
    accepted = []
    for name in sorted(by_department):
        if name == WITHOUT_EVANGELIST:
            continue
        people = by_department[name]
        chosen = next((m for m in people if m.role == Role.EVANGELIST), None) or next(
            m for m in people if m.role == Role.MEMBER and not _login(m)
        )
        own = rng.random() < 0.5
        ctx = org_context_for(user=chosen.user, slug=lead.organisation.slug) if own else lead
        evangelist = services.evangelist_nominate(
            ctx,
            membership=chosen,
            motivation=rng.choice(MOTIVATIONS),
            hours_per_month=rng.choice([4, 6, 8]),
        )
        services.evangelist_decide(lead, evangelist=evangelist, accept=True, message=WELCOME)
        chosen.refresh_from_db()
        accepted.append(chosen)
    waiting = next(
        m
        for m in by_department["Financiën"]
        if m.role == Role.MEMBER and m not in accepted and not _login(m)
    )
    services.evangelist_nominate(
        org_context_for(user=waiting.user, slug=lead.organisation.slug),
        membership=waiting,
        motivation="Ik wil graag meedoen, al heb ik maar een paar uur per maand.",
        hours_per_month=2,
    )
    return accepted


def _login(membership: Membership) -> bool:
    """One of the demo's login accounts (``member@`` stays a plain member, as the list of
    logins says)."""
    return not membership.user.email.split("@")[0].startswith(("staff", "colleague", "directie"))
