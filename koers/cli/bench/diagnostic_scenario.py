"""``koers bench diagnostic``: generating the organisation, its people and one full wave of answers
(``build_scenario``), answers posted as the answer page's form, and deleting it all again."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from typing import Any

from koers.core import clock

SEED = 20260301


def random_answers(instrument: Any, rng: random.Random, *, lean: float) -> dict[str, Any]:
    """A complete, valid set of answers in the stored shape (``answer_forms``): every required
    question, about half of the optional ones; ``lean`` (-1..1) tilts the Likert answers."""
    from koers.diagnostic.instruments.schema import (
        LikertQuestion,
        MatrixQuestion,
        MultipleChoiceQuestion,
        Scale10Question,
        SingleChoiceQuestion,
        TextQuestion,
    )

    answers: dict[str, Any] = {}
    for question in instrument.questions():
        if not question.required and rng.random() < 0.5:
            continue
        if isinstance(question, LikertQuestion):
            if question.dont_know and rng.random() < 0.05:
                answers[question.id] = None
                continue
            middle = (question.points + 1) / 2 + lean * (question.points - 1) / 4
            point = round(rng.gauss(middle, question.points / 4))
            answers[question.id] = min(question.points, max(1, point))
        elif isinstance(question, SingleChoiceQuestion):
            if not question.evangelist_opt_in:
                answers[question.id] = rng.choice(question.options).id
        elif isinstance(question, MultipleChoiceQuestion):
            count = rng.randint(1, len(question.options))
            answers[question.id] = [o.id for o in rng.sample(question.options, count)]
        elif isinstance(question, MatrixQuestion):
            answers[question.id] = {
                r.id: rng.randint(1, len(question.scale)) for r in question.rows
            }
        elif isinstance(question, Scale10Question):
            answers[question.id] = rng.randint(0, 10)
        elif isinstance(question, TextQuestion):
            answers[question.id] = f"Benchmark answer {rng.randint(1, 10_000)}."
    return answers


def form_fields(instrument: Any, answers: dict[str, Any]) -> list[tuple[str, str]]:
    """Stored answers as the answer page's form posts them."""
    from koers.diagnostic.forms.answer import DONT_KNOW
    from koers.diagnostic.instruments.schema import LikertQuestion, MatrixQuestion

    fields: list[tuple[str, str]] = []
    for question in instrument.questions():
        if question.id not in answers:
            continue
        value = answers[question.id]
        if isinstance(question, MatrixQuestion):
            for row_id, point in value.items():
                fields.append((f"{question.id}__{row_id}", str(point)))
        elif isinstance(question, LikertQuestion) and value is None:
            fields.append((question.id, DONT_KNOW))
        elif isinstance(value, list):
            fields.extend((question.id, item) for item in value)
        else:
            fields.append((question.id, str(value)))
    return fields


class Scenario:
    """The generated organisation: its admin, wave, instrument and the unused tokens."""

    def __init__(self, *, slug: str, admin: Any, wave: Any, instrument: Any) -> None:
        self.slug = slug
        self.admin = admin
        self.wave = wave
        self.instrument = instrument
        self.fresh_tokens: list[str] = []


def build_scenario(*, respondents: int, departments: int, submissions: int) -> Scenario:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from koers.diagnostic import services
    from koers.diagnostic.instruments.schema import Instrument as Definition
    from koers.diagnostic.models import Invitation, Response, Wave
    from koers.orgs.models import Department, Membership, Role, User
    from koers.orgs.services import organisation_create
    from koers.orgs.tenancy import org_context_for

    rng = random.Random(SEED)  # noqa: S311 - benchmark data, not security
    slug = f"bench-diagnostic-{secrets.token_hex(4)}"
    domain = f"{slug}.bench.example.org"
    admin = User.objects.create_user(f"admin@{domain}", name="Bench admin")
    organisation_create(name="Bench diagnostic", slug=slug, admin=admin)
    ctx = org_context_for(user=admin, slug=slug)
    instrument = services.instrument_copy_shipped(ctx, kind="scan")
    version = instrument.versions.get()
    today = clock.today()
    wave = services.wave_create(
        ctx,
        version=version,
        name="Bench wave",
        opens_on=today,
        closes_on=today + dt.timedelta(days=30),
    )
    wave.status = Wave.Status.OPEN
    wave.save(update_fields=["status"])
    definition = Definition.model_validate(version.definition)

    with transaction.atomic():
        units = Department.objects.bulk_create(
            Department(organisation=ctx.organisation, name=f"Department {i + 1:02d}")
            for i in range(departments)
        )
        unusable = make_password(None)
        users = User.objects.bulk_create(
            (
                User(email=f"person{i}@{domain}", name=f"Person {i}", password=unusable)
                for i in range(respondents)
            ),
            batch_size=2_000,
        )
        # About 1 in 20 leads and 1 in 100 admins, so both role groups fill every department.
        roles = [
            Role.ADMIN if i % 100 == 7 else Role.LEAD if i % 20 == 3 else Role.MEMBER
            for i in range(respondents)
        ]
        memberships = Membership.objects.bulk_create(
            (
                Membership(
                    organisation=ctx.organisation,
                    user=user,
                    role=roles[i],
                    department=units[i % departments],
                )
                for i, user in enumerate(users)
            ),
            batch_size=2_000,
        )
        leans = [rng.uniform(-1, 1) for _ in units]
        Invitation.objects.bulk_create(
            (
                Invitation(
                    wave=wave,
                    membership=membership,
                    token_hash=services.token_hash(secrets.token_urlsafe(24)),
                    department=membership.department,
                    role_group=services.role_group(membership.role),
                    sent_on=today,
                    used=True,
                )
                for membership in memberships
            ),
            batch_size=2_000,
        )
        Response.objects.bulk_create(
            (
                Response(
                    wave=wave,
                    department=membership.department,
                    role_group=services.role_group(membership.role),
                    submitted_on=today,
                    language="nl" if i % 3 else "en",
                    answers=random_answers(definition, rng, lean=leans[i % departments]),
                )
                for i, membership in enumerate(memberships)
            ),
            batch_size=1_000,
        )
        services.tallies_rebuild(wave)  # bulk_create bypasses response_submit and its tallies
        # Links for the load test: people who have not answered yet (no account needed).
        scenario = Scenario(slug=slug, admin=admin, wave=wave, instrument=definition)
        fresh = []
        for i in range(submissions):
            token = secrets.token_urlsafe(24)
            scenario.fresh_tokens.append(token)
            fresh.append(
                Invitation(
                    wave=wave,
                    token_hash=services.token_hash(token),
                    department=units[i % departments],
                    role_group=services.role_group(roles[i % respondents]),
                    sent_on=today,
                )
            )
        Invitation.objects.bulk_create(fresh, batch_size=2_000)
    return scenario


def drop_scenario(scenario: Scenario) -> None:
    """Delete everything the benchmark made (a PostgreSQL run shares the database)."""
    from django.db import transaction

    from koers.diagnostic.models import Instrument, Wave
    from koers.orgs.models import Organisation, User

    with transaction.atomic():
        organisation = Organisation.objects.get(slug=scenario.slug)
        Wave.objects.filter(organisation=organisation).delete()  # before their versions
        Instrument.objects.filter(organisation=organisation).delete()
        organisation.delete()
        User.objects.filter(email__endswith=f"@{scenario.slug}.bench.example.org").delete()
