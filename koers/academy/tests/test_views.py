"""The Academy's pages as people meet them: who may open which, and that each one renders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from koers.academy import services
from koers.academy.models import (
    Attendance,
    Evangelist,
    Module,
    QuizAttempt,
    Review,
    Submission,
    TrainingSession,
)
from koers.core import clock
from koers.orgs.models import Department, Membership, Role
from koers.testing.factories import ctx_for, make_member, make_org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def org():
    organisation = make_org(departments=("Sales", "HR"))
    lead = make_member(organisation, Role.LEAD)
    services.tracks_install(ctx_for(lead, organisation), language="en")
    organisation.lead = lead
    return organisation


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, org, **kwargs):
    return reverse(f"academy:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_every_member_sees_the_overview_sessions_tracks_and_coverage(org):
    assert client_for(org.lead).get(url("dashboard", org)).context["leader"].modules
    member = client_for(make_member(org))
    assert member.get(url("dashboard", org)).context["leader"] is None
    for name in ("dashboard", "sessions", "tracks", "coverage", "evangelists"):
        assert member.get(url(name, org)).status_code == 200, name
    for name in ("cascade", "literacy", "literacy_xlsx"):
        assert member.get(url(name, org)).status_code == 403, name
    module = Module.objects.get(organisation=org, key="lead_quality")
    assert b"What GenAI does well" in member.get(url("module", org, pk=module.pk)).content


def test_a_lead_accepts_a_volunteer_and_the_coverage_map_flags_the_department_without(org):
    hr, sales = (Department.objects.get(organisation=org, name=n) for n in ("HR", "Sales"))
    volunteer = make_member(org, department=hr)
    make_member(org, department=sales)
    client_for(volunteer).post(
        url("evangelists", org), {"motivation": "Graag!", "hours_per_month": 4}
    )
    evangelist = Evangelist.objects.get()
    lead = client_for(org.lead)
    lead.post(
        url("evangelist_decide", org, pk=evangelist.pk),
        {"decision": "accept", "message": "Welkom!"},
    )
    assert Membership.objects.get(user=volunteer).role == Role.EVANGELIST
    page = lead.get(url("coverage", org)).content.decode()
    assert "academy-none" in page and "Sales" in page
    mine = client_for(volunteer).get(url("evangelists", org)).content.decode()
    assert "Welkom!" in mine


def test_a_trainer_records_attendance_and_the_evidence_exports(org):
    sales = Department.objects.get(organisation=org, name="Sales")
    learner = make_member(org, department=sales)
    lead = client_for(org.lead)
    module = Module.objects.get(organisation=org, key="literacy_responsible")
    response = lead.post(
        url("sessions", org),
        {
            "module": module.pk,
            "trainer_label": "Outside trainer",
            "starts_at": (clock.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "minutes": 60,
            "place": "Room 1",
            "capacity": 10,
        },
    )
    session = TrainingSession.objects.get()
    assert response.status_code == 302
    member_pk = Membership.objects.get(user=learner).pk
    lead.post(url("session_attendance", org, pk=session.pk), {"add": [member_pk]})
    assert Attendance.objects.get().completed
    assert b"BEGIN:VCALENDAR" in lead.get(url("session_ics", org, pk=session.pk)).content
    assert str(learner) in lead.get(url("literacy", org)).content.decode()
    workbook = load_workbook(__import__("io").BytesIO(lead.get(url("literacy_xlsx", org)).content))
    rows = list(workbook.active.values)
    assert rows[1][1] == str(learner) and rows[1][3] == module.title
    assert "Outside trainer" in lead.get(url("cascade", org)).content.decode()
    pdf = lead.get(url("literacy_pdf", org))
    assert pdf.status_code in (200, 503)
    if pdf.status_code == 200:
        assert pdf.content.startswith(b"%PDF")


def test_the_api_reports_the_same_reach_as_the_command_line(org):
    from koers.academy.selectors import reach_export

    lead = client_for(org.lead)
    answer = lead.get(f"/api/v1/orgs/{org.slug}/academy/reach")
    assert answer.status_code == 200 and answer.json() == reach_export(organisation=org)
    tracks = lead.get(f"/api/v1/orgs/{org.slug}/academy/tracks").json()
    assert [t["key"] for t in tracks] == ["leadership", "evangelist", "employee", "literacy"]


def test_a_certificate_for_the_level_reached_and_none_before(org):
    learner = make_member(org)
    client = client_for(learner)
    assert client.get(url("my_certificate", org)).status_code == 404
    assert client.get(url("dashboard", org)).context["certificate"] is None
    session = services.session_schedule(
        ctx_for(org.lead, org),
        module=Module.objects.get(organisation=org, key="evangelist_foundation"),
        starts_at=clock.now() - timedelta(days=1),
        trainer_label="Outside trainer",
        place="Room 1",
    )
    services.attendance_record(
        ctx_for(org.lead, org),
        session=session,
        marks={Membership.objects.get(user=learner): True},
    )
    # The trainer module's approved assignment alone does not make a trainer: the levels below
    # (practitioner) are not all completed.
    submission = services.assignment_hand_in(
        ctx_for(learner, org),
        module=Module.objects.get(organisation=org, key="evangelist_trainer"),
        text="Mijn trainingsplan",
    )
    services.assignment_review(ctx_for(org.lead, org), submission=submission, approve=True)
    certificate = client.get(url("dashboard", org)).context["certificate"]
    assert certificate.level == "foundation"
    assert [title for title, _day in certificate.modules] == ["Foundation: GenAI in your own work"]
    pdf = client.get(url("my_certificate", org))
    assert pdf.status_code in (200, 503)
    if pdf.status_code == 200:
        assert pdf.content.startswith(b"%PDF")


def test_an_uploaded_material_is_served_to_members_only_through_the_academy(org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    module = Module.objects.get(organisation=org, key="employee_start")
    material = services.material_add(
        ctx_for(org.lead, org),
        module=module,
        title="Slides",
        upload=SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides"),
    )
    member = client_for(make_member(org))
    page = member.get(url("module", org, pk=module.pk)).content.decode()
    assert url("material", org, pk=material.pk) in page
    response = member.get(url("material", org, pk=material.pk))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    outsider = client_for(make_member(make_org()))
    assert outsider.get(url("material", org, pk=material.pk)).status_code == 404


def test_a_member_hands_in_an_assignment_and_a_trainer_approves_it_on_its_page(org):
    learner = make_member(org)
    module = Module.objects.get(organisation=org, key="evangelist_practitioner")
    page = url("assignment", org, pk=module.pk)
    mine = client_for(learner)
    assert mine.post(page, {"text": "https://example.org/plan"}).status_code == 302
    submission = Submission.objects.get()
    assert "https://example.org/plan" in mine.get(page).content.decode()
    assert (
        mine.post(url("submission_review", org, pk=submission.pk), {"approve": "yes"}).status_code
        == 403
    )
    lead = client_for(org.lead)
    assert str(learner) in lead.get(page).content.decode()
    lead.post(url("submission_review", org, pk=submission.pk), {"approve": "yes"})
    assert Review.objects.get().approved
    start = Module.objects.get(organisation=org, key="employee_start")
    assert "no assignment" in mine.get(url("assignment", org, pk=start.pk)).content.decode()


def test_a_member_takes_the_quiz_on_its_page(org):
    learner = make_member(org)
    module = Module.objects.get(organisation=org, key="literacy_basics")
    page = url("quiz", org, pk=module.pk)
    client = client_for(learner)
    assert "70%" in client.get(page).content.decode()
    answers = {f"q{i}": str(q["correct"][0]) for i, q in enumerate(module.quiz)}
    response = client.post(page, answers)
    assert response.status_code == 200 and response.context["result"].passed
    assert QuizAttempt.objects.get().right == 4


def test_the_tracks_page_shows_only_the_modules_that_train_a_skill(org):
    from koers.strategy.services.skills import skill_catalogue_copy

    skill_catalogue_copy(ctx_for(org.lead, org))
    client = client_for(make_member(org))
    page = client.get(url("tracks", org) + "?skill=prompting")
    html = page.content.decode()
    assert "Asking good questions" in html and "Getting started with GenAI" not in html
    assert "Prompting and verifying output" in html  # the skill's name from the Strategy app
    empty = client.get(url("tracks", org) + "?skill=no_such_skill").content.decode()
    assert "No module trains this skill yet." in empty and "Asking good questions" not in empty


def test_a_lead_edits_the_quiz_questions_on_the_module_page(org):
    module = Module.objects.get(organisation=org, key="literacy_basics")
    page = url("module", org, pk=module.pk)
    lead = client_for(org.lead)
    forms = lead.get(page).context["quiz_forms"]
    assert len(forms.forms) == 5  # the four shipped questions and an empty one to add
    post = {"part": "quiz", "q-TOTAL_FORMS": "3", "q-INITIAL_FORMS": "2"}
    post |= {"q-MIN_NUM_FORMS": "0", "q-MAX_NUM_FORMS": "20"}
    post |= {"q-0-question": "Kept?", "q-0-option_0": "Yes", "q-0-option_1": "No"}
    post |= {"q-0-right_0": "on", "q-1-question": "Gone", "q-1-option_0": "a", "q-1-DELETE": "on"}
    post |= {"q-2-question": "Which are tools?", "q-2-option_0": "A chatbot"}
    post |= {"q-2-option_2": "A chair", "q-2-option_4": "A model"}
    refused = lead.post(page, post)  # the new question has no right option: nothing is saved
    assert "Mark at least one option as right." in refused.content.decode()
    module.refresh_from_db()
    assert len(module.quiz) == 4
    assert lead.post(page, post | {"q-2-right_0": "on", "q-2-right_4": "on"}).status_code == 302
    module.refresh_from_db()
    assert module.quiz == [
        {"question": "Kept?", "options": ["Yes", "No"], "correct": [0]},
        {"question": "Which are tools?", "options": ["A chatbot", "A chair", "A model"]}
        | {"correct": [0, 2]},
    ]
    member = client_for(make_member(org))
    assert member.post(page, post).status_code == 403
