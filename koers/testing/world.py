"""An organisation with one object of every kind, for the tests that walk every page or API
operation (tests/test_isolation.py, tests/test_api_fuzz.py)."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from koers.academy import services as academy_services
from koers.academy.models import Module as AcademyModule
from koers.backlog.models.themes import Theme
from koers.backlog.services.themes import themes_recompute
from koers.backlog.services.usecases import comment_create, usecase_vote
from koers.core import clock
from koers.core.models import Upload
from koers.diagnostic.services import instrument_copy_shipped, shared_link_create, wave_create
from koers.diagnostic.services.calibration import round_start
from koers.orgs.models import Department, Membership, Organisation, Role, User
from koers.orgs.services import api_token_create, invitation_create
from koers.sprints.models.stories import Story
from koers.sprints.services import sprints as sprint_services
from koers.sprints.services import stories as story_services
from koers.strategy.services.checker import tool_request_create
from koers.strategy.services.policy import draft_start
from koers.strategy.services.scenarios import scenario_create
from koers.strategy.services.vision import vision_compose
from koers.testing.factories import ctx_for, make_member, make_usecase
from koers.testing.policies import make_published_policy
from koers.voice import services as voice_services
from koers.voice.models import Theme as VoiceTheme
from koers.voice.services import themes as voice_themes
from koers.voice.services.links import link_create


def objects_of(org: Organisation, admin: User) -> dict[str, models.Model]:
    """One object of every kind an API operation or page addresses, made in ``org`` through the
    services, by kind (the names of ``tests/test_isolation.py``'s ``OBJECT_BY_SEGMENT``)."""
    department = org.departments.order_by("pk")[0]
    submitter = make_member(org, Role.MEMBER, department=department)
    usecase = make_usecase(org, by=submitter)
    usecase_vote(ctx_for(submitter, org), usecase=usecase)
    comment_create(ctx_for(submitter, org), usecase=usecase, body="Nice.")
    invitation, _secret = invitation_create(
        ctx_for(admin, org), email=f"new@{org.slug}.example", role=Role.MEMBER, department=None
    )
    token, _secret = api_token_create(user=submitter, name="script")
    # Before the themes are computed: its use cases (and the request) are in them.
    story = _published_story(org, admin, department)
    themes_recompute(org)
    scan = instrument_copy_shipped(ctx_for(admin, org), kind="scan")
    today = clock.today()
    wave = wave_create(
        ctx_for(admin, org),
        version=scan.versions.get(),
        name="Wave",
        opens_on=today,
        closes_on=today,
    )
    shared_link, _token = shared_link_create(ctx_for(admin, org), wave=wave, department=department)
    raised = voice_services.item_raise(
        ctx_for(submitter, org),
        kind="concern",
        text="Ik maak me zorgen over mijn baan.",
        category="job_security",
        department_id=None,
        anonymous=True,
    )
    voice_item = voice_services.item_publish(
        ctx_for(admin, org),
        item=raised.item,
        public_text="Zorgen over banen.",
        category="job_security",
        department_id=None,
    )
    voice_themes.themes_recompute(org)
    make_published_policy(org)
    academy_services.tracks_install(ctx_for(admin, org))
    academy_module = AcademyModule.objects.filter(organisation=org).order_by("pk")[0]
    return {
        **_sprint_objects(org, admin, submitter),
        "story": story,
        "evangelist": academy_services.evangelist_nominate(
            ctx_for(submitter, org),
            membership=Membership.objects.get(organisation=org, user=submitter),
        ),
        "academy_module": academy_module,
        "academy_material": academy_services.material_add(
            ctx_for(admin, org),
            module=academy_module,
            title="Probe",
            upload=SimpleUploadedFile("probe.pdf", b"%PDF-1.4 probe"),
        ),
        "academy_session": academy_services.session_schedule(
            ctx_for(admin, org),
            module=academy_module,
            starts_at=clock.now() + timedelta(days=7),
            trainer_label="Probe",
            place="Room 1",
        ),
        "academy_submission": academy_services.assignment_hand_in(
            ctx_for(submitter, org),
            module=AcademyModule.objects.filter(organisation=org, assessment="assignment")[0],
            text="Probe",
        ),
        "tool_request": tool_request_create(ctx_for(submitter, org), tool="Probe tool"),
        "vision_version": vision_compose(ctx_for(admin, org), answers={"ambition": "Probe"}),
        "scenario": scenario_create(ctx_for(admin, org), name="Probe", gaps={"price_gap_pct": 10}),
        "policy_version": draft_start(ctx_for(admin, org)),  # beside the published one
        "voice_item": voice_item,
        "voice_theme": VoiceTheme.objects.filter(organisation=org).order_by("pk")[0],
        "voice_action": voice_services.action_create(
            ctx_for(admin, org), kind="commitment", title="Probe"
        ),
        "voice_link": link_create(ctx_for(admin, org))[0],
        "wave": wave,
        "instrument": scan,
        "shared_link": shared_link,
        "calibration_round": round_start(ctx_for(admin, org), name="Round", closes_on=today),
        "theme": Theme.objects.filter(organisation=org).order_by("pk")[0],
        "usecase": usecase,
        "department": department,
        "membership": Membership.objects.get(organisation=org, user=submitter),
        "invitation": invitation,
        "token": token,
        "upload": Upload.objects.create(
            organisation=org,
            kind=Upload.Kind.USECASES,
            filename="usecases.csv",
            content=b"title\nProbe\n",
            uploaded_by=admin,
        ),
    }


def _sprint_objects(org: Organisation, admin: User, member: User) -> dict[str, models.Model]:
    """A running sprint with a team member, a board item (a use case of its own) and, beside it,
    a dependency between two use cases."""
    ctx = ctx_for(admin, org)
    sprint = sprint_services.sprint_create(ctx, name="Sprint")
    team_member = sprint_services.team_member_add(
        ctx,
        sprint=sprint,
        membership=Membership.objects.get(organisation=org, user=member),
        role="domain_expert",
        capacity_days=5,
    )
    planned = make_usecase(org, by=member, effort="days", title="Sprint probe")
    needed = make_usecase(org, by=member, title="Needed first")
    dependency = sprint_services.dependency_add(ctx, usecase=needed, needs=planned)
    sprint_services.sprint_accept_plan(ctx, sprint=sprint, usecase_ids=[planned.pk])
    return {
        "sprint": sprint,
        "team_member": team_member,
        "sprint_item": sprint.items.get(),
        "dependency": dependency,
    }


# A pixel of a PNG: the story has an image, so its image page answers.
_PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


def _published_story(org: Organisation, admin: User, department: Department) -> Story:
    """A story on the wall of wins, of a use case taken to pilot, naming one person who
    consented, with a reaction and a "can we have this too?" from another department."""
    from koers.backlog.services.usecases import usecase_change_stage

    lead = ctx_for(admin, org)
    usecase = make_usecase(org, by=admin, department_ids=(department.pk,))
    for stage in ("assessed", "selected", "in_sprint", "pilot"):
        usecase_change_stage(lead, usecase=usecase, stage=stage)
    story = story_services.story_create(
        lead,
        usecase=usecase,
        data=story_services.StoryData(
            title="Probe win",
            problem="Slow.",
            built="A bot.",
            result="Fast.",
            quote="Great.",
            quote_by="Probe Person",
            image=_PIXEL_PNG,
        ),
    )
    story_services.consent_record(lead, person=story.people.get(), how="in person")
    story = story_services.story_publish(lead, story=story)
    other = org.departments.exclude(pk=department.pk).order_by("pk")[0]
    asker = make_member(org, Role.MEMBER, department=other)
    story_services.reaction_toggle(ctx_for(asker, org), story=story, kind="applause")
    story_services.story_request(ctx_for(asker, org), story=story)
    return story
