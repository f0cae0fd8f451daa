"""The demo organisation's Voice: the baseline scan's written worries taken in and mostly
published, a few concerns raised on the form (one naming a colleague, for the moderator to see
redacted), requests for help, answers with actions, and "me too" from colleagues.

Everything goes through Voice's own services, as a moderator and employees would."""

from __future__ import annotations

import datetime as dt
import random

from koers.core import clock
from koers.diagnostic.models import Wave
from koers.orgs.models import Department, Membership, Organisation, Role
from koers.orgs.tenancy import OrgContext, org_context_for
from koers.voice import services
from koers.voice.models import Action, Item, Kind, Status
from koers.voice.services.from_scan import worries_take
from koers.voice.services.themes import themes_recompute

RAISED = [
    # (kind, text, category, department, anonymous)
    (
        Kind.CONCERN,
        "Mijn teamleider Pieter Jansen zei dat ons team na de AI-pilot kleiner wordt. "
        "Klopt dat? Mail me gerust: daan.visser@demo.example",
        "job_security",
        "Financiën",
        True,
    ),
    (
        Kind.CONCERN,
        "Mogen we klantgegevens in Copilot plakken? Niemand weet het precies.",
        "privacy",
        "Klantenservice",
        True,
    ),
    (
        Kind.CONCERN,
        "Ik wil meer tijd om te oefenen met AI, naast mijn gewone werk lukt dat niet.",
        "workload",
        "Bedrijfsvoering",
        False,
    ),
    (
        Kind.HELP,
        "Kan iemand ons team laten zien hoe je notulen laat samenvatten?",
        "skills",
        "HR",
        False,
    ),
    (
        Kind.HELP,
        "Hoe kan ik met AI nagaan of declaraties binnen het declaratiereglement vallen?",
        "tools_access",
        "Financiën",
        True,
    ),
]
ANSWERS = {
    "job_security": (
        "Niemand verliest zijn baan door de AI-pilots. De tijd die vrijkomt gaat naar klantcontact "
        "en naar nieuwe vaardigheden; we leggen dat vast in de AI-visie.",
        Action.ActionKind.COMMITMENT,
        "Afspraak over vrijgekomen tijd in de AI-visie",
    ),
    "privacy": (
        "Klantgegevens gaan niet in openbare AI-tools. In het AI-beleid staat per tool wat wel "
        "mag; het privacyteam beantwoordt vragen binnen een week.",
        Action.ActionKind.POLICY,
        "Tabel 'welke gegevens in welke tool' in het AI-beleid",
    ),
    "skills": (
        "Elke maand is er een inloopsessie met de AI-ambassadeurs; de eerste gaat over samenvatten "
        "en schrijven.",
        Action.ActionKind.TRAINING,
        "Maandelijkse inloopsessie AI",
    ),
}


def voice_load(demo: Organisation, lead: OrgContext, *, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    baseline = Wave.objects.filter(organisation=demo).order_by("opens_on").first()
    taken = worries_take(lead, wave=baseline) if baseline is not None else []
    departments = {d.name: d.pk for d in Department.objects.filter(organisation=demo)}
    members = list(
        Membership.objects.filter(organisation=demo, is_active=True).select_related("user")
    )
    staff = [m for m in members if m.role == Role.MEMBER]
    for kind, text, category, department, anonymous in RAISED:
        if anonymous:
            services.item_raise_anonymously(
                demo, kind=kind, text=text, category=category,
                department_id=departments.get(department),
            )  # fmt: skip
        else:
            author = next(m for m in staff if m.department_id == departments.get(department))
            services.item_raise(
                org_context_for(user=author.user, slug=demo.slug), kind=kind, text=text,
                category=category, department_id=departments.get(department), anonymous=False,
            )  # fmt: skip
    # The moderator publishes most of the scan's worries as they are (redacted) and one form
    # concern; the rest waits in the queue, as in real life.
    for item in taken:
        if rng.random() < 0.8:
            public, _found = services.redact_text(demo, item.text)
            services.item_publish(
                lead, item=item, public_text=public, category=item.category,
                department_id=item.department_id, allow_found=True,
            )  # fmt: skip
    privacy = Item.objects.get(organisation=demo, text__startswith="Mogen we klantgegevens")
    services.item_publish(
        lead, item=privacy, public_text=privacy.text, category="privacy",
        department_id=privacy.department_id,
    )  # fmt: skip
    owner = lead.membership.pk if lead.membership else None
    today = clock.today()
    for index, (category, (body, action_kind, title)) in enumerate(ANSWERS.items()):
        action = services.action_create(
            lead, kind=action_kind, title=title, owner_id=owner,
            due_on=today + dt.timedelta(days=14 * (index + 1)),
        )  # fmt: skip
        if index == 2:
            services.action_set_status(lead, action=action, status=Action.ActionStatus.DONE)
        answered = Item.objects.filter(
            organisation=demo, status=Status.PUBLISHED, category=category
        ).first()
        if answered is not None:
            services.answer_save(lead, item=answered, body=body, action_ids=[action.pk])
    help_request = Item.objects.get(organisation=demo, kind=Kind.HELP, anonymous=False)
    evangelist = next(m for m in members if m.role == Role.EVANGELIST)
    services.help_pick_up(org_context_for(user=evangelist.user, slug=demo.slug), item=help_request)
    published = list(Item.objects.filter(organisation=demo, status=Status.PUBLISHED))
    for member in rng.sample(staff, min(40, len(staff))):
        ctx = org_context_for(user=member.user, slug=demo.slug)
        for item in rng.sample(published, min(len(published), rng.randint(0, 2))):
            services.support_toggle(ctx, item=item)
    themes_recompute(demo)
