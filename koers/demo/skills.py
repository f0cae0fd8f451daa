"""The demo organisation's skills matrix: the catalogue, needed levels for a few departments, an
AI ambassador's judgement of a department where too few people answered (HR), and the
self-assessments of last quarter (so the heat map has figures today) plus a few of this quarter.

Last quarter's answers are written as they would have been stored then (the service stores
today's quarter); this quarter's go through the service, as a member would send them."""

from __future__ import annotations

import datetime as dt
import random

from koers.core import clock
from koers.orgs.models import Membership, Organisation, Role
from koers.orgs.tenancy import OrgContext, org_context_for
from koers.strategy.models import SelfAssessmentAnswer, SelfAssessmentTaken
from koers.strategy.services.skills import (
    quarter_of,
    role_group_of,
    self_assessment_submit,
    skill_catalogue_copy,
    skill_judgements_set,
    skill_targets_set,
)

# Department -> {skill key: needed level} the leadership set (others keep the skill's default).
TARGETS = {
    "Klantenservice": {"prompting": 3, "risk_and_ethics": 3},
    "IT": {"working_with_data": 3, "automating_work": 3, "designing_use_cases": 3},
    "Financiën": {"working_with_data": 3, "automating_work": 2},
    "Juridische zaken": {"risk_and_ethics": 4},
}
# Where each department stands, roughly: the centre of its people's answers per skill.
PROFILE = {
    "Klantenservice": 2,
    "Financiën": 1,
    "HR": 1,
    "IT": 3,
    "Juridische zaken": 2,
    "Bedrijfsvoering": 1,
    "Communicatie": 2,
}
# Members (by e-mail) who leave this quarter's self-assessment to the visitor.
LEFT_OPEN = {"member@demo.example", "lead@demo.example", "admin@demo.example"}


def skills_load(demo: Organisation, lead: OrgContext, *, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    skills = skill_catalogue_copy(lead)
    by_key = {s.key: s for s in skills}
    departments = {d.name: d for d in demo.departments.all()}
    for name, levels in TARGETS.items():
        skill_targets_set(
            lead,
            department_id=departments[name].pk,
            role_group="",
            levels={by_key[key].pk: level for key, level in levels.items()},
        )
    members = list(
        Membership.objects.filter(organisation=demo, is_active=True)
        .select_related("department", "user")
        .order_by("user__email")
    )
    ambassador = next(m for m in members if m.role == Role.EVANGELIST)
    skill_judgements_set(
        org_context_for(user=ambassador.user, slug=demo.slug),
        department_id=departments["HR"].pk,
        levels={s.pk: level for s, level in zip(skills, (2, 1, 1, 0, 2, 1), strict=True)},
        note="Na de workshop \u2018AI in HR\u2019 in oktober.",
    )
    this_quarter = quarter_of(clock.today())
    last_quarter = quarter_of(this_quarter - dt.timedelta(days=1))
    answers = []
    for member in members:
        # Not everyone answers; in HR only a few did, so its row shows the ambassador's view.
        share = 0.2 if member.department and member.department.name == "HR" else 0.9
        if member.department is None or rng.random() > share:
            continue
        centre = PROFILE[member.department.name] + (
            1 if member.role in (Role.ADMIN, Role.LEAD) else 0
        )
        SelfAssessmentTaken.objects.create(
            organisation=demo, membership=member, quarter=last_quarter
        )
        for skill in skills:
            answers.append(
                SelfAssessmentAnswer(
                    organisation=demo,
                    skill=skill,
                    department=member.department,
                    role_group=role_group_of(member.role),
                    level=max(0, min(4, centre + rng.choice((-1, 0, 0, 1)))),
                    quarter=last_quarter,
                )
            )
    SelfAssessmentAnswer.objects.bulk_create(answers)
    for member in members[::3]:
        if member.user.email in LEFT_OPEN:
            continue
        ctx = org_context_for(user=member.user, slug=demo.slug)
        self_assessment_submit(ctx, levels={s.pk: rng.randint(1, 3) for s in skills})
