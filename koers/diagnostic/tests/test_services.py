"""Running a wave: one-time links, anonymous responses, drafts, nominations and reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from koers.core import clock
from koers.diagnostic import services
from koers.diagnostic.instruments import load_default_scan
from koers.diagnostic.models import Instrument, Invitation, Nomination, Response, Tally, Wave
from koers.diagnostic.services import answers as answers_services
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

DEFINITION = load_default_scan().model_dump(mode="json")
PRIORITIES = "priorities_more_important_now"  # other_priorities, agreeing = stronger barrier
REVERSED = "priorities_leadership_says_ai_matters"  # other_priorities, reverse-coded


@pytest.fixture
def lead(org):
    return make_member(org, Role.LEAD, department=org.departments.get(name="HR"))


@pytest.fixture
def open_wave(org, lead):
    ctx = ctx_for(lead, org)
    instrument = services.instrument_create(ctx, name="Scan", kind="scan", definition=DEFINITION)
    today = clock.today()
    wave = services.wave_create(
        ctx,
        version=instrument.versions.get(),
        name="Wave 1",
        opens_on=today,
        closes_on=today + dt.timedelta(days=14),
    )
    wave.status = Wave.Status.OPEN
    wave.save()
    return wave


@pytest.fixture
def staff(org):
    finance = org.departments.get(name="Finance")
    return [make_member(org, Role.MEMBER, department=finance) for _ in range(3)]


def test_a_response_cannot_be_linked_to_a_person_or_an_invitation():
    links = {
        f.related_model
        for f in Response._meta.get_fields()
        if isinstance(f, models.ForeignKey | models.OneToOneField)
    }
    from koers.orgs.models import Department

    assert links == {Wave, Department}
    assert isinstance(Response._meta.get_field("submitted_on"), models.DateField)
    assert not isinstance(Response._meta.get_field("submitted_on"), models.DateTimeField)
    assert "id" not in Response._meta.ordering  # insertion order is not the listing order


def test_everyone_in_the_audience_gets_one_link_and_only_its_hash_is_kept(
    org, lead, open_wave, staff
):
    issued = services.invitations_issue(ctx_for(lead, org), wave=open_wave)
    assert len(issued) == 4  # the lead and three colleagues
    assert all(inv.token_hash != token and len(inv.token_hash) == 64 for inv, token in issued)
    assert services.invitations_issue(ctx_for(lead, org), wave=open_wave) == []  # no second link
    roles = {inv.membership.user: inv.role_group for inv, _ in issued}
    assert roles[lead] == "leadership" and roles[staff[0]] == "staff"


def test_answering_stores_department_and_role_group_but_not_the_person(org, lead, open_wave, staff):
    issued = dict(
        (inv.membership.user, token)
        for inv, token in services.invitations_issue(ctx_for(lead, org), wave=open_wave)
    )
    token = issued[staff[0]]
    services.draft_save(token, {"q1": 2})
    assert Invitation.objects.get(membership__user=staff[0]).draft == {"q1": 2}
    response = services.response_submit(token, {"q1": 4}, language="nl")
    assert (response.department.name, response.role_group, response.answers) == (
        "Finance",
        "staff",
        {"q1": 4},
    )
    invitation = Invitation.objects.get(membership__user=staff[0])
    assert invitation.used and invitation.draft == {}  # the answers left the invitation
    with pytest.raises(ValidationError, match="used already"):
        services.response_submit(token, {"q1": 1})
    assert Response.objects.count() == 1


def test_answering_adds_to_the_tallies_of_the_cell_and_a_rebuild_gives_the_same(
    org, lead, open_wave, staff
):
    issued = dict(
        (inv.membership.user, token)
        for inv, token in services.invitations_issue(ctx_for(lead, org), wave=open_wave)
    )
    answers = {PRIORITIES: 4, REVERSED: 2, "open_worries": " none "}
    for person in staff[:2]:
        services.response_submit(issued[person], answers)
    services.response_submit(issued[staff[2]], {PRIORITIES: 2, "open_worries": "  "})

    def tallies() -> dict[tuple[str, str], tuple[int, float, float]]:
        return {
            (t.key, t.value): (t.count, t.total, t.squares)
            for t in Tally.objects.filter(wave=open_wave, role_group="staff")
        }

    found = tallies()
    assert {t.department.name for t in Tally.objects.filter(wave=open_wave)} == {"Finance"}
    assert found["respondents", ""] == (3, 0.0, 0.0)
    assert found[f"item:{PRIORITIES}", "4"][0] == 2 and found[f"item:{PRIORITIES}", "2"][0] == 1
    assert found["barrier:other_priorities", "4"] == (2, 8.0, 32.0)  # strengths 4 and 4
    assert found["barrier:other_priorities", "2"] == (1, 2.0, 4.0)
    assert found["text:open_worries", ""][0] == 2  # blank text is not written
    services.tallies_rebuild(open_wave)
    assert tallies() == found


def test_answers_without_a_department_add_to_the_oldest_row_of_their_cell(
    org, lead, open_wave, staff
):
    issued = [
        token for _inv, token in services.invitations_issue(ctx_for(lead, org), wave=open_wave)
    ]
    Invitation.objects.filter(wave=open_wave).update(department=None, role_group="staff")
    services.response_submit(issued[0], {PRIORITIES: 4})
    # A deleted department leaves its rows without one: now two rows share a value in this cell.
    Tally.objects.create(
        wave=open_wave, department=None, role_group="staff", key=f"item:{PRIORITIES}", value="4"
    )
    services.response_submit(issued[1], {PRIORITIES: 4})
    rows = Tally.objects.filter(wave=open_wave, key=f"item:{PRIORITIES}", value="4").order_by("pk")
    assert [row.count for row in rows] == [2, 0]
    assert Tally.objects.get(wave=open_wave, key="respondents").count == 2


def test_an_invitation_looked_up_before_it_was_used_cannot_answer_again(
    org, lead, open_wave, staff
):
    token = services.invitations_issue(ctx_for(lead, org), wave=open_wave)[1][1]
    seen = services.invitation_for(token)  # as the page has it, before the first answer lands
    services.response_submit(token, {PRIORITIES: 4})
    with pytest.raises(ValidationError, match="used already"):
        services.response_submit(token, {PRIORITIES: 2}, invitation=seen)
    assert Response.objects.count() == 1
    assert Tally.objects.get(wave=open_wave, key="respondents").count == 1


def test_a_draft_saved_while_the_answers_land_is_refused_and_not_kept(
    org, lead, open_wave, staff, monkeypatch
):
    token = services.invitations_issue(ctx_for(lead, org), wave=open_wave)[1][1]
    seen = services.invitation_for(token)  # the draft's request looked the link up ...
    services.response_submit(token, {PRIORITIES: 4})  # ... then the answers landed
    monkeypatch.setattr(answers_services, "invitation_for", lambda _token: seen)
    with pytest.raises(ValidationError, match="used already"):
        services.draft_save(token, {PRIORITIES: 4})
    assert Invitation.objects.get(pk=seen.pk).draft == {}  # no answers beside the person


def test_helping_colleagues_is_a_nomination_apart_from_the_answers(org, lead, open_wave, staff):
    issued = dict(
        (inv.membership.user, token)
        for inv, token in services.invitations_issue(ctx_for(lead, org), wave=open_wave)
    )
    services.response_submit(issued[staff[1]], {"q1": 5}, help_colleagues=True)
    nomination = Nomination.objects.get()
    assert nomination.membership.user == staff[1]
    assert not any(
        isinstance(f, models.ForeignKey) and f.related_model is Response
        for f in Nomination._meta.get_fields()
    )


def test_reminders_go_only_to_unused_links(org, lead, open_wave, staff):
    issued = dict(
        (inv.membership.user, token)
        for inv, token in services.invitations_issue(ctx_for(lead, org), wave=open_wave)
    )
    services.response_submit(issued[staff[0]], {"q1": 3})
    reminded = {inv.membership.user for inv in services.reminders_due(open_wave)}
    assert reminded == {lead, staff[1], staff[2]}


def test_a_wave_freezes_its_questions_and_edits_make_a_new_version(org, lead, open_wave):
    instrument = Instrument.objects.get()
    version = services.instrument_revise(
        ctx_for(lead, org), instrument=instrument, definition={**DEFINITION, "id": "changed"}
    )
    assert version.number == 2
    open_wave.refresh_from_db()
    assert open_wave.version.number == 1 and open_wave.version.definition == DEFINITION


def test_links_of_a_closed_wave_or_unknown_links_are_refused(org, lead, open_wave, staff):
    issued = services.invitations_issue(ctx_for(lead, org), wave=open_wave)
    with pytest.raises(ValidationError, match="not valid"):
        services.response_submit("made-up", {"q1": 3})
    open_wave.status = Wave.Status.CLOSED
    open_wave.save()
    with pytest.raises(ValidationError, match="not open"):
        services.response_submit(issued[0][1], {"q1": 3})


def test_only_leads_run_scans_and_only_in_their_organisation(org, open_wave):
    member = make_member(org, Role.MEMBER)
    with pytest.raises(PermissionDenied):
        services.invitations_issue(ctx_for(member, org), wave=open_wave)
    other = make_org()
    outsider = make_member(other, Role.LEAD)
    with pytest.raises(ValidationError):
        services.invitations_issue(ctx_for(outsider, other), wave=open_wave)


@pytest.mark.parametrize("kind", ["scan", "calibration"])
def test_a_facilitator_starts_from_the_shipped_instruments(org, lead, kind):
    instrument = services.instrument_copy_shipped(ctx_for(lead, org), kind=kind)
    definition = instrument.versions.get().definition
    assert instrument.copied_from == definition["id"]
    assert definition["sections" if kind == "scan" else "statements"]


def test_the_migration_tallies_the_waves_answered_before_tallies_existed(
    org, lead, open_wave, staff
):
    from importlib import import_module

    from django.apps import apps

    issued = services.invitations_issue(ctx_for(lead, org), wave=open_wave)
    for _invitation, token in issued[:3]:
        services.response_submit(token, {PRIORITIES: 4, REVERSED: 1, "open_worries": "x"})
    kept = sorted(Tally.objects.values_list("department", "role_group", "key", "value", "count"))
    Tally.objects.all().delete()
    import_module("koers.diagnostic.migrations.0002_tally").tally_existing_waves(apps, None)
    assert kept == sorted(
        Tally.objects.values_list("department", "role_group", "key", "value", "count")
    )
