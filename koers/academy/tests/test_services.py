"""The Academy's services and selectors: evangelists, sessions, the append-only attendance, the
cascade's reach and coverage, ratings behind k, and erasing a person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.academy import selectors, services
from koers.academy.models import Attendance, Evangelist, Module
from koers.core import clock
from koers.orgs.models import Department, Membership, Role
from koers.testing.factories import ctx_for, make_member, make_org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def world():
    org = make_org(departments=("Finance", "HR", "Sales"))
    finance, hr, _sales = (
        Department.objects.get(organisation=org, name=n) for n in ("Finance", "HR", "Sales")
    )
    lead = make_member(org, Role.LEAD, department=finance)
    eva = make_member(org, department=finance)
    colleagues = [make_member(org, department=hr) for _ in range(3)]
    lead_ctx = ctx_for(lead, org)
    services.tracks_install(lead_ctx, language="nl")
    return org, lead_ctx, eva, colleagues


def membership(user, org):
    return Membership.objects.get(user=user, organisation=org)


def module(org, key):
    return Module.objects.get(organisation=org, key=key)


def past(days):
    return clock.now() - timedelta(days=days)


def test_a_lead_accepts_an_evangelist_who_then_runs_a_cascade_session(world):
    org, lead_ctx, eva, colleagues = world
    eva_ctx = ctx_for(eva, org)
    candidate = services.evangelist_nominate(
        eva_ctx, membership=membership(eva, org), motivation="Ik wil helpen", hours_per_month=6
    )
    assert candidate.source == Evangelist.Source.SELF and candidate.status == "candidate"
    services.evangelist_decide(lead_ctx, evangelist=candidate, accept=True)
    assert membership(eva, org).role == Role.EVANGELIST
    assert "Welcome" in Evangelist.objects.get().message or Evangelist.objects.get().message

    trainer_session = services.session_schedule(
        lead_ctx,
        module=module(org, "evangelist_trainer"),
        starts_at=past(30),
        trainer_label="Bureau Buiten",
        place="Zaal 1",
    )
    services.attendance_record(
        lead_ctx, session=trainer_session, marks={membership(eva, org): True}
    )
    eva_ctx = ctx_for(eva, org)  # their role changed
    handed_in = services.assignment_hand_in(
        eva_ctx, module=module(org, "evangelist_trainer"), text="https://example.org/my-plan"
    )
    services.assignment_review(lead_ctx, submission=handed_in, approve=True)
    cascade = services.session_schedule(
        eva_ctx, module=module(org, "employee_start"), starts_at=past(2), place="Kantine"
    )
    assert cascade.trainer.membership == membership(eva, org)
    services.attendance_record(
        eva_ctx, session=cascade, marks={membership(c, org): True for c in colleagues}
    )
    summary = selectors.reach_export(organisation=org)
    assert summary["trained"] == 4 and summary["headcount"] == 5
    assert summary["by_generation"] == {"1": 1, "2": 3}
    assert summary["by_department"]["HR"] == {
        "headcount": 3,
        "trained": 3,
        "evangelists": 0,
        "by_generation": {"2": 3},
    }
    assert summary["by_department"]["Finance"]["evangelists"] == 1
    coverage = {c.department: c for c in selectors.coverage_of(organisation=org)}
    assert coverage["HR"].none and not coverage["Finance"].none
    cascade_view = selectors.cascade_of(organisation=org)
    assert cascade_view.roots[0].name == "Bureau Buiten"
    assert cascade_view.roots[0].children[0].trained == 3
    assert cascade_view.idle_trainers == []


def test_an_evangelist_may_not_record_someone_elses_session(world):
    org, lead_ctx, eva, _colleagues = world
    make_member(org, Role.EVANGELIST, user=None)
    other = Membership.objects.filter(organisation=org, role=Role.EVANGELIST).get()
    session = services.session_schedule(
        lead_ctx,
        module=module(org, "employee_start"),
        starts_at=past(1),
        trainer=membership(eva, org),
        place="A",
    )
    with pytest.raises(PermissionDenied):
        services.attendance_record(ctx_for(other.user, org), session=session, marks={})


def test_attendance_is_append_only_and_a_correction_names_who_made_it(world):
    org, lead_ctx, _eva, colleagues = world
    session = services.session_schedule(
        lead_ctx,
        module=module(org, "literacy_responsible"),
        starts_at=past(3),
        trainer_label="X",
        place="A",
    )
    person = membership(colleagues[0], org)
    assert services.attendance_record(lead_ctx, session=session, marks={person: True}) == 1
    assert services.attendance_record(lead_ctx, session=session, marks={person: True}) == 0
    services.attendance_record(lead_ctx, session=session, marks={person: False})
    records = list(Attendance.objects.order_by("pk").values_list("completed", "recorded_by"))
    assert records == [(True, lead_ctx.user.pk), (False, lead_ctx.user.pk)]
    assert selectors.reach_export(organisation=org)["trained"] == 0


def test_ratings_show_only_from_k_and_only_attendees_rate(world):
    org, lead_ctx, _eva, colleagues = world
    session = services.session_schedule(
        lead_ctx,
        module=module(org, "employee_start"),
        starts_at=past(3),
        trainer_label="X",
        place="A",
    )
    first = ctx_for(colleagues[0], org)
    with pytest.raises(ValidationError):
        services.rating_give(first, session=session, score=5)
    services.attendance_record(
        lead_ctx, session=session, marks={membership(c, org): True for c in colleagues}
    )
    for c in colleagues:
        services.rating_give(ctx_for(c, org), session=session, score=4, comment="Nuttig")
    summary = selectors.ratings_of(organisation=org, sessions=[session.pk])
    assert summary.count == 3 and not summary.shown and summary.mean is None


def test_a_full_session_refuses_one_more_registration(world):
    org, lead_ctx, _eva, colleagues = world
    session = services.session_schedule(
        lead_ctx,
        module=module(org, "employee_start"),
        starts_at=clock.now() + timedelta(days=3),
        trainer_label="X",
        place="A",
        capacity=1,
    )
    services.session_register(ctx_for(colleagues[0], org), session=session)
    with pytest.raises(ValidationError):
        services.session_register(ctx_for(colleagues[1], org), session=session)
    services.session_cancel_registration(ctx_for(colleagues[0], org), session=session)
    services.session_register(ctx_for(colleagues[1], org), session=session)


def test_erasing_a_person_keeps_the_counts_and_drops_the_name(world):
    org, lead_ctx, _eva, colleagues = world
    admin = make_member(org, Role.ADMIN)
    session = services.session_schedule(
        lead_ctx,
        module=module(org, "literacy_responsible"),
        starts_at=past(3),
        trainer_label="X",
        place="A",
    )
    person = membership(colleagues[0], org)
    services.attendance_record(lead_ctx, session=session, marks={person: True})
    services.rating_give(ctx_for(colleagues[0], org), session=session, score=2, comment="Te snel")
    record = services.learner_export(ctx_for(colleagues[0], org), membership=person)
    assert (
        record["attendance"][0]["completed"] is True
        and record["ratings"][0]["comment"] == "Te snel"
    )
    before = selectors.reach_export(organisation=org)
    services.learner_erase(ctx_for(admin, org), membership=person)
    after = selectors.reach_export(organisation=org)
    assert after["trained"] == before["trained"] == 1
    assert after["by_department"]["HR"]["trained"] == 1
    assert selectors.literacy_evidence(organisation=org).rows == []
    assert str(colleagues[0]) not in str(selectors.cascade_of(organisation=org))
    with pytest.raises(PermissionDenied):
        services.learner_erase(lead_ctx, membership=person)


def test_material_files_are_checked_by_type_and_content(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    org, lead_ctx, _eva, _c = world
    target = module(org, "employee_start")
    with pytest.raises(ValidationError):
        services.material_add(
            lead_ctx, module=target, title="Virus", upload=SimpleUploadedFile("x.exe", b"MZ")
        )
    with pytest.raises(ValidationError):
        services.material_add(
            lead_ctx, module=target, title="Nep", upload=SimpleUploadedFile("x.pdf", b"hello")
        )
    material = services.material_add(
        lead_ctx, module=target, title="Link", url="https://example.org/a"
    )
    assert material.url


def test_shipped_tracks_are_copied_once_in_the_organisations_language(world):
    org, lead_ctx, _eva, _c = world
    assert services.tracks_install(lead_ctx) == 0
    assert module(org, "lead_quality").title == "Wat GenAI wel en niet goed kan"
    found = selectors.modules_for_statements(organisation=org, statements=["guarantee_every_fact"])
    assert [m.key for m in found] == ["lead_quality"]


def test_a_leaders_missed_statements_point_to_the_leadership_modules_that_cover_them(world):
    from koers.diagnostic.services.calibration import round_start

    org, lead_ctx, _eva, _c = world
    calibration_round = round_start(lead_ctx, name="Ronde 1", closes_on=clock.today())
    from koers.diagnostic.models import CalibrationAnswer

    CalibrationAnswer.objects.create(
        round=calibration_round,
        membership=lead_ctx.membership,
        answers={"guarantee_every_fact": "true", "summarise_long_report": "true"},
        submitted_on=clock.today(),
    )
    session = services.session_schedule(
        lead_ctx, module=module(org, "lead_agenda"), starts_at=past(5), trainer_label="X", place="A"
    )
    services.attendance_record(lead_ctx, session=session, marks={lead_ctx.membership: True})
    progress = selectors.leader_progress(lead_ctx)
    assert progress.completed == 1 and progress.quiz.right == 1
    first = progress.modules[0]
    assert first.module.key == "lead_quality" and first.recommended and not first.completed
    assert [r.module.key for r in progress.modules if r.completed] == ["lead_agenda"]


def test_inviting_a_department_registers_its_people_as_far_as_the_capacity_allows(world):
    org, lead_ctx, eva, _colleagues = world
    hr = Department.objects.get(organisation=org, name="HR")
    session = services.session_schedule(
        lead_ctx,
        module=module(org, "employee_start"),
        starts_at=clock.now() + timedelta(days=2),
        trainer_label="X",
        place="A",
        capacity=3,
    )
    assert services.session_invite(lead_ctx, session=session, department=hr) == 3
    assert services.session_invite(lead_ctx, session=session, department=hr) == 0
    with pytest.raises(ValidationError):
        services.session_invite(lead_ctx, session=session, memberships=[membership(eva, org)])


def test_the_candidate_receives_the_decision_and_its_kind_message_by_e_mail(world):
    from django.core import mail

    from koers.core.models import OutgoingMail
    from koers.testing.mail import outbox_commits

    org, lead_ctx, eva, colleagues = world
    yes = services.evangelist_nominate(lead_ctx, membership=membership(eva, org))
    no = services.evangelist_nominate(lead_ctx, membership=membership(colleagues[0], org))
    colleagues[0].language = "nl"
    colleagues[0].save(update_fields=["language"])
    with outbox_commits():
        services.evangelist_decide(lead_ctx, evangelist=yes, accept=True, message="Fijn, welkom!")
        services.evangelist_decide(lead_ctx, evangelist=no, accept=False)
    assert [m.to for m in mail.outbox] == [[eva.email], [colleagues[0].email]]
    welcome, declined = mail.outbox
    assert "Fijn, welkom!" in welcome.body and str(lead_ctx.user) in welcome.body
    assert f"/o/{org.slug}/academy/evangelists/" in welcome.body
    # An empty message gets the kind default, in the candidate's own language.
    assert declined.body.startswith("Beste ") and "Dank je wel dat je je hebt aangemeld" in (
        declined.body
    )
    assert OutgoingMail.objects.filter(kind="academy_decision").count() == 2
