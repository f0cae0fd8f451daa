"""The demo organisation's AI sprints: one closed six weeks ago, with its outcomes, retrospective
and measurements since, and one running now.

Everything goes through the sprints app's services, as the programme lead and the team would do
it: the planner proposes, the lead accepts, the team moves cards and writes check-ins, the lead
closes and measures. The use cases' stages follow through the backlog's service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from koers.core import clock
from koers.orgs.models import Membership, Organisation, Role
from koers.orgs.tenancy import OrgContext, org_context_for
from koers.sprints.models.sprint import Sprint, SprintItem
from koers.sprints.selectors.sprints import sprint_proposal
from koers.sprints.services.sprints import (
    ItemOutcome,
    checkin_create,
    item_update,
    measurement_record,
    sprint_accept_plan,
    sprint_close,
    sprint_create,
    sprint_set_constraints,
    team_member_add,
)

# (role in the sprint, person-days) for the lead and the first few colleagues of the team.
TEAM = [("evangelist", "4"), ("domain_expert", "5"), ("domain_expert", "4"), ("it", "5")]
# The closed sprint's outcomes, in the order of its items, and the reason where one is needed.
OUTCOMES = [
    ("live", ""),
    ("piloted", ""),
    ("piloted", ""),
    ("stopped", "De brondata bleken te rommelig; eerst opschonen."),
    ("parked", "Schuift door naar een volgende AI-sprint."),
]
# Measured hours saved per month as a share of the estimate, per delivered item, over two dates.
MEASURED = [(0.6, 0.8), (1.2, 1.3), (0.4, 0.5), (0.9, 1.1)]


def _team(ctx: OrgContext, sprint: Sprint, demo: Organisation, offset: int) -> list[Membership]:
    people = list(
        Membership.objects.filter(organisation=demo, is_active=True)
        .exclude(role=Role.LEGAL)
        .order_by("pk")
    )
    chosen = [people[1], *people[6 + offset : 6 + offset + len(TEAM) - 1]]
    for membership, (role, days) in zip(chosen, TEAM, strict=True):
        team_member_add(ctx, sprint=sprint, membership=membership, role=role, capacity_days=days)
    return chosen


def _accept_proposal(ctx: OrgContext, sprint: Sprint) -> list[SprintItem]:
    proposal = sprint_proposal(sprint=sprint)
    sprint_accept_plan(
        ctx, sprint=sprint, usecase_ids=[row.candidate.id for row in proposal.selected]
    )
    return list(sprint.items.select_related("usecase").order_by("pk"))


def sprints_load(demo: Organisation, lead: OrgContext) -> None:
    today = clock.today()
    closed = sprint_create(
        lead,
        name="AI-sprint 1: snelle winst in de backoffice",
        goals="Drie werkende pilots die elk minstens tien uur per maand schelen.",
        starts_on=today - dt.timedelta(days=56),
    )
    team = _team(lead, closed, demo, offset=0)
    items = _accept_proposal(lead, closed)
    member = org_context_for(user=team[1].user, slug=demo.slug)
    for index, item in enumerate(items):
        item_update(
            member,
            item=item,
            column="done" if index < 3 else "testing",
            owner=team[index % len(team)],
        )
    for days, text in (
        (54, "Aftrap gedaan; iedereen heeft toegang tot de testomgeving."),
        (48, "Eerste versie van de notulen-assistent draait op testdata."),
        (45, "Blokkade: de export uit het zaaksysteem duurt lang. IT kijkt mee."),
        (43, "Export werkt; we testen met echte (geanonimiseerde) dossiers."),
    ):
        checkin_create(member, sprint=closed, text=text, on=today - dt.timedelta(days=days))
    outcomes = {
        item.pk: ItemOutcome(*OUTCOMES[min(index, len(OUTCOMES) - 1)])
        for index, item in enumerate(items)
    }
    sprint_close(
        lead,
        sprint=closed,
        went_well="Kleine, vaste groep met een echte gebruiker erbij. Elke dag een korte check-in.",
        went_badly="Toegang tot data regelen kostte de eerste week bijna helemaal.",
        next_steps=(
            "Notulen-assistent breder uitrollen; data voor de gestopte toepassing eerst opschonen."
        ),
        outcomes=outcomes,
    )
    delivered = [
        i
        for i in SprintItem.objects.filter(sprint=closed)
        .select_related("usecase", "sprint")
        .order_by("pk")
        if i.outcome in ("piloted", "live")
    ]
    for item, shares in zip(delivered, MEASURED, strict=False):
        estimate = float(item.usecase.hours_saved_per_month or 10)
        for days, share in zip((28, 7), shares, strict=True):
            measurement_record(
                lead,
                item=item,
                measured_on=today - dt.timedelta(days=days),
                hours_saved_per_month=Decimal(str(round(estimate * share, 1))),
                users=4 + round(estimate * share / 2),
                quality_notes="Collega's controleren elke uitkomst; weinig correcties nodig.",
            )

    running = sprint_create(
        lead,
        name="AI-sprint 2: klantcontact",
        goals="Sneller en beter antwoord op veelgestelde vragen van klanten.",
        starts_on=today - dt.timedelta(days=4),
    )
    team = _team(lead, running, demo, offset=4)
    sprint_set_constraints(lead, sprint=running, max_risk="medium")
    items = _accept_proposal(lead, running)
    member = org_context_for(user=team[1].user, slug=demo.slug)
    for index, item in enumerate(items[:3]):
        item_update(
            member,
            item=item,
            column=("building", "testing", "building")[index],
            owner=team[index],
            blocker="Wachten op een verwerkersovereenkomst met de leverancier."
            if index == 2
            else "",
        )
    checkin_create(
        member,
        sprint=running,
        text="Aftrap gedaan; de eerste twee toepassingen zijn in aanbouw.",
        on=today - dt.timedelta(days=3),
    )
    checkin_create(
        member,
        sprint=running,
        text="Leverancier vraagt een verwerkersovereenkomst; juridische zaken is gevraagd.",
        on=today - dt.timedelta(days=1),
    )
