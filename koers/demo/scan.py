"""The demo organisation's readiness scan: a baseline wave half a year ago and a pulse that
closed yesterday, answered by ~150 colleagues in seven departments, with a pattern a facilitator
would recognise (customer service fears for jobs, IT misses data and time, legal worries about
privacy) and a pulse in which some barriers went down.

The answers are stored as the answering page stores them (an anonymous ``Response`` per person,
added to the wave's tallies, the invitation marked used); only the dates are set by hand, so
that the baseline lies in the past."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.hashers import make_password

from koers.core import clock
from koers.diagnostic import services
from koers.diagnostic.instruments.schema import (
    Instrument,
    LikertQuestion,
    MatrixQuestion,
    MultipleChoiceQuestion,
    Scale10Question,
    SingleChoiceQuestion,
    TextQuestion,
)
from koers.diagnostic.models import Invitation, Nomination, Response, RoleGroup, Wave
from koers.orgs.models import Department, Membership, Organisation, Role, User
from koers.orgs.tenancy import OrgContext

# Extra colleagues so departments are big enough to show figures (k = 5): a head per department
# (leadership) and staff.
STAFF_PER_DEPARTMENT = 18
FIRST = [
    "Anna", "Bas", "Chantal", "Dirk", "Elif", "Gijs", "Hanna", "Ivo", "Jasmijn", "Koen",
    "Lieke", "Mohammed", "Nina", "Olaf", "Priya", "Quinten", "Roos", "Stijn", "Tamara", "Wouter",
]  # fmt: skip
LAST = [
    "Bakker", "van Dijk", "Janssen", "de Vries", "van den Berg", "Willems", "Claassen",
    "Koster", "Prins", "Yilmaz", "Huisman", "Postma", "van der Linden", "Kramer", "Schouten",
]  # fmt: skip

# How strongly each barrier holds per department: -1 (weak) .. +1 (strong); unnamed barriers 0.
PROFILES: dict[str, dict[str, float]] = {
    "Klantenservice": {"job_displacement": 0.9, "talent_shortage": 0.4, "pace_of_change": 0.3},
    "Financiën": {"privacy_ethics": 0.3, "not_good_enough": 0.6, "other_priorities": 0.5},
    "HR": {"privacy_ethics": 0.7, "job_displacement": 0.4, "talent_shortage": 0.5},
    "IT": {"data_infrastructure": 0.8, "other_priorities": 0.6, "not_good_enough": -0.5},
    "Juridische zaken": {"privacy_ethics": 0.9, "not_good_enough": 0.5, "pace_of_change": 0.2},
    "Bedrijfsvoering": {
        "other_priorities": 0.7,
        "data_infrastructure": 0.4,
        "talent_shortage": 0.3,
    },
    "Communicatie": {"pace_of_change": 0.6, "job_displacement": 0.3, "not_good_enough": -0.2},
}
# Leaders see fewer barriers than their staff, and think GenAI is less capable than it is.
LEADERSHIP = {"job_displacement": -0.6, "talent_shortage": -0.3, "not_good_enough": 0.4}
# Between the baseline and the pulse: what the programme worked on went down.
PULSE_CHANGE = {"talent_shortage": -0.4, "privacy_ethics": -0.3, "pace_of_change": -0.2}

WORRIES_ANY = "worries_any"  # the scan's "Do you have worries about AI at work?"
WORRIES = [
    "Ik ben bang dat mijn functie over een paar jaar niet meer bestaat.",
    "Wat gebeurt er met klantgegevens als we die in een AI-tool plakken?",
    "Niemand vertelt ons wat wel en niet mag met ChatGPT.",
    "Ik heb geen tijd om dit naast mijn gewone werk te leren.",
    "De antwoorden van AI kloppen vaak niet, wie is er dan verantwoordelijk?",
    "Worden we straks beoordeeld op hoeveel we met AI doen?",
    "Ik mis uitleg en training, ik weet niet waar ik moet beginnen.",
    "Collega's gebruiken al tools die niet zijn goedgekeurd, dat vind ik riskant.",
    "Ik maak me zorgen over vooroordelen in AI bij het beoordelen van sollicitanten.",
    "Minder mensen nodig op de klantenservice betekent minder banen.",
    "Als AI mijn werk doet, wat blijft er dan over voor mij?",
    "Ik ben bang dat ervaring straks niets meer waard is.",
    "Privacy van burgers en klanten moet voorop staan.",
    "Het gaat allemaal zo snel, ik kan het niet bijhouden.",
]
# What the colleagues who answer in English wrote.
WORRIES_EN = [
    "Will my job change without anyone asking me?",
    "I worry that confidential contracts end up in a public AI model.",
    "We don't have the data in order to do anything useful with AI.",
    "Leadership talks about AI but gives us no time to try it.",
]
HELPS = [
    "Samenvatten van lange klantgesprekken en e-mails.",
    "Eerste versie van standaardbrieven en antwoorden op veelgestelde vragen.",
    "Notulen maken van overleggen.",
    "Facturen controleren en coderen.",
    "Vacatureteksten schrijven die iedereen aanspreken.",
    "Zoeken in ons eigen beleid en procedures.",
    "Contracten doorlezen op afwijkende clausules.",
    "Rapportages en dashboards toelichten in gewone taal.",
    "Vertalen van berichten voor klanten die geen Nederlands spreken.",
    "Klachten sorteren en naar de juiste afdeling sturen.",
    "Planning van diensten en roosters.",
    "Code reviewen en testen schrijven.",
    "Persberichten en nieuwsbrieven opstellen.",
    "Onboarding van nieuwe collega's: vragen beantwoorden.",
]
HELPS_EN = [
    "Drafting replies to customer complaints.",
    "Checking expense claims against the policy.",
]


def scan_load(demo: Organisation, lead: OrgContext, *, seed: int) -> None:
    """The scan's people, instrument, two waves and their answers."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    _colleagues(demo, rng)
    instrument = services.instrument_copy_shipped(lead, kind="scan")
    version = instrument.versions.get()
    definition = Instrument.model_validate(version.definition)
    instrument.name = definition.title.nl  # a Dutch organisation's copy
    instrument.save(update_fields=["name"])
    today = clock.today()
    # Every department: the consultant, who belongs to none, is not asked.
    departments = list(Department.objects.filter(organisation=demo))
    baseline = services.wave_create(
        lead,
        version=version,
        name="Eerste ronde",
        opens_on=today - dt.timedelta(days=240),
        closes_on=today - dt.timedelta(days=219),
        departments=departments,
    )
    pulse = services.wave_create(
        lead,
        version=version,
        name="Tweede ronde",
        opens_on=today - dt.timedelta(days=22),
        closes_on=today - dt.timedelta(days=1),
        departments=departments,
    )
    for wave, share, change in ((baseline, 0.78, {}), (pulse, 0.58, PULSE_CHANGE)):
        wave.status = Wave.Status.OPEN
        wave.save(update_fields=["status"])
        services.invitations_issue(lead, wave=wave)
        _answer(wave, definition, rng, share=share, change=change)
        # Both have closed, so their figures rest on every answer (``services.release``).
        wave.status = Wave.Status.CLOSED
        wave.save(update_fields=["status"])


def _colleagues(demo: Organisation, rng: random.Random) -> None:
    hashed = make_password(None)  # these colleagues do not log in
    number = 0
    for department in Department.objects.filter(organisation=demo).order_by("name"):
        for index in range(STAFF_PER_DEPARTMENT + 1):
            number += 1
            name = f"{FIRST[number % len(FIRST)]} {LAST[(number * 7) % len(LAST)]}"
            user = User.objects.create(
                email=f"staff{number}@demo.example",
                password=hashed,
                name=name,
                language="nl" if rng.random() < 0.85 else "en",
            )
            Membership.objects.create(
                organisation=demo,
                user=user,
                role=Role.LEAD if index == 0 else Role.MEMBER,
                department=department,
            )


def _answer(
    wave: Wave,
    definition: Instrument,
    rng: random.Random,
    *,
    share: float,
    change: Mapping[str, float],
) -> None:
    answered_on = min(wave.closes_on, clock.today())
    days = max(0, (answered_on - wave.opens_on).days)
    invitations = list(wave.invitations.select_related("department", "membership").order_by("pk"))
    rng.shuffle(invitations)
    # The share of each role group answers, so that the leaders' figures (and the gap between
    # leaders and staff) show whatever the random draws: the leadership group is small.
    chosen = [
        invitation
        for group in RoleGroup.values
        for invitation in [i for i in invitations if i.role_group == group][
            : round(sum(1 for i in invitations if i.role_group == group) * share)
        ]
    ]
    for invitation in chosen:
        department = invitation.department.name if invitation.department else ""
        leans = dict(PROFILES.get(department, {}))
        if invitation.role_group == "leadership":
            for barrier, shift in LEADERSHIP.items():
                leans[barrier] = leans.get(barrier, 0.0) + shift
        for barrier, shift in change.items():
            leans[barrier] = leans.get(barrier, 0.0) + shift
        language = "en" if rng.random() < 0.15 else "nl"
        answers = _answers(definition, rng, leans, language=language)
        helps = answers.pop("_help", False)
        response = Response.objects.create(
            wave=wave,
            department=invitation.department,
            role_group=invitation.role_group,
            submitted_on=wave.opens_on + dt.timedelta(days=rng.randint(0, days)),
            language=language,
            answers=answers,
        )
        services.tallies_add(response)
        Invitation.objects.filter(pk=invitation.pk).update(used=True)
        if helps and invitation.membership_id:
            Nomination.objects.get_or_create(
                wave=wave,
                membership_id=invitation.membership_id,
                defaults={"created_on": response.submitted_on},
            )


def _answers(
    definition: Instrument, rng: random.Random, leans: Mapping[str, float], *, language: str
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    motivated = rng.random() < 0.25
    for question in definition.questions():
        if isinstance(question, LikertQuestion):
            if question.dont_know and rng.random() < 0.04:
                answers[question.id] = None
                continue
            lean = leans.get(question.barrier or "", 0.0)
            if question.motivation:
                lean = 0.8 if motivated else -0.2
            if question.reverse:
                lean = -lean
            middle = (question.points + 1) / 2 + lean * (question.points - 1) / 3
            point = round(rng.gauss(middle, question.points / 5))
            answers[question.id] = min(question.points, max(1, point))
        elif isinstance(question, SingleChoiceQuestion):
            if question.evangelist_opt_in:
                # Not an answer: a "yes" becomes a named nomination, kept apart.
                answers["_help"] = motivated and rng.random() < 0.5
                continue
            options = [o.id for o in question.options]
            answers[question.id] = rng.choices(options, weights=range(len(options), 0, -1))[0]
        elif isinstance(question, MultipleChoiceQuestion):
            options = [o.id for o in question.options if o.id != "none"]
            answers[question.id] = rng.sample(options, rng.randint(1, 3))
        elif isinstance(question, MatrixQuestion):
            answers[question.id] = {
                r.id: rng.randint(1, len(question.scale)) for r in question.rows
            }
        elif isinstance(question, Scale10Question):
            answers[question.id] = min(10, max(0, round(rng.gauss(6.5 if motivated else 5, 2))))
        elif isinstance(question, TextQuestion) and rng.random() < 0.35:
            if question.destination == "voice":
                pool = WORRIES_EN if language == "en" else WORRIES
            else:
                pool = HELPS_EN if language == "en" else HELPS
            answers[question.id] = rng.choice(pool)
            if question.destination == "voice" and WORRIES_ANY in answers:
                answers[WORRIES_ANY] = "yes"  # who writes a worry down has one
    return answers
