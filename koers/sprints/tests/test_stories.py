"""The wall of wins: stories of delivered use cases, consent, publishing, reactions, "can we have
this too?" and the newsletter, at the level of the services and selectors."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from koers.backlog.selectors.usecases import usecase_list
from koers.backlog.services.usecases import usecase_change_stage
from koers.core.models import Change
from koers.orgs.models import Role
from koers.sprints.models import Story, StoryRequest
from koers.sprints.selectors import stories as selectors
from koers.sprints.services import stories as services
from koers.testing.factories import ctx_for, make_member, make_org, make_usecase
from koers.testing.mail import outbox_commits

pytestmark = pytest.mark.django_db

STORY = services.StoryData(
    title="Klantmails in de helft van de tijd",
    problem="We beantwoordden **elke** mail met de hand.",
    built="- Een assistent die concepten schrijft\n- Een controle door een collega",
    result="Acht uur per week minder werk.",
    quote="Ik heb eindelijk tijd voor lastige vragen.",
    quote_by="Emma de Jong, klantenservice",
    next_steps="Ook voor WhatsApp.",
    people=("Sem Bos",),
)


def deliver(org, usecase, stage="pilot"):
    lead = ctx_for(make_member(org, Role.LEAD), org)
    for step in ("assessed", "selected", "in_sprint", "pilot", "live"):
        usecase_change_stage(lead, usecase=usecase, stage=step)
        if step == stage:
            return usecase
    return usecase


@pytest.fixture
def world():
    org = make_org(departments=("Klantenservice", "Financiën"))
    service, finance = org.departments.order_by("name").reverse()
    owner = make_member(org, Role.MEMBER, department=service)
    usecase = deliver(org, make_usecase(org, by=owner, department_ids=(service.pk,)))
    lead = make_member(org, Role.LEAD, department=service)
    colleague = make_member(org, Role.MEMBER, department=finance)
    return {
        "org": org,
        "usecase": usecase,
        "owner": ctx_for(owner, org),
        "lead": ctx_for(lead, org),
        "colleague": ctx_for(colleague, org),
        "finance": finance,
        "service": service,
    }


def consent_all(ctx, story):
    for person in story.people.all():
        services.consent_record(ctx, person=person, how="per e-mail")


def published(w):
    story = services.story_create(w["lead"], usecase=w["usecase"], data=STORY)
    consent_all(w["lead"], story)
    return services.story_publish(w["lead"], story=story)


def png(width=40, height=30):
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 10, 10, 128)).save(out, format="PNG")
    return out.getvalue()


def png_claiming(width, height):
    """A small PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""
    data = bytearray(png(1, 1))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


def test_it_tells_a_story_of_a_delivered_use_case_as_a_draft_with_sanitised_parts(world):
    data = services.StoryData(
        title="  Snel  ", problem="<script>alert(1)</script>Te **traag**", quote="x", quote_by="Ik"
    )
    story = services.story_create(world["owner"], usecase=world["usecase"], data=data)
    assert story.state == Story.State.DRAFT
    assert story.title == "Snel"
    assert "<script>" not in story.problem and "<strong>traag</strong>" in story.problem
    assert [p.name for p in story.people.all()] == ["Ik"]  # who said the quote is named
    assert Change.objects.filter(subject="sprints.story", subject_id=story.pk, action="created")


def test_only_a_use_case_in_pilot_or_live_has_a_story(world):
    idea = make_usecase(world["org"])
    with pytest.raises(ValidationError):
        services.story_create(world["lead"], usecase=idea, data=STORY)


def test_only_leads_and_the_owner_write_a_story(world):
    with pytest.raises(PermissionDenied):
        services.story_create(world["colleague"], usecase=world["usecase"], data=STORY)
    assert services.story_create(world["owner"], usecase=world["usecase"], data=STORY).pk


def test_the_team_of_a_sprint_that_took_it_up_writes_its_story_too(world):
    from koers.orgs.models import Membership
    from koers.sprints.services import sprints

    taken = make_usecase(world["org"], by=world["owner"].user, effort="days")
    sprint = sprints.sprint_create(world["lead"], name="Sprint 1")
    sprints.team_member_add(
        world["lead"],
        sprint=sprint,
        membership=Membership.objects.get(user=world["colleague"].user),
        role="it",
        capacity_days=5,
    )
    with pytest.raises(PermissionDenied):
        services.story_create(world["colleague"], usecase=world["usecase"], data=STORY)
    sprints.sprint_accept_plan(world["lead"], sprint=sprint, usecase_ids=[taken.pk])
    taken.refresh_from_db()
    usecase_change_stage(world["lead"], usecase=taken, stage="pilot")
    assert services.story_create(world["colleague"], usecase=taken, data=STORY).pk


def test_publishing_waits_for_every_named_persons_consent(world):
    story = services.story_create(world["lead"], usecase=world["usecase"], data=STORY)
    with pytest.raises(ValidationError, match="Sem Bos"):
        services.story_publish(world["lead"], story=story)
    consent_all(world["lead"], story)
    services.story_publish(world["lead"], story=story)
    story.refresh_from_db()
    assert story.state == Story.State.PUBLISHED and story.published_at
    person = story.people.get(name="Sem Bos")
    assert person.consent_recorded_by == world["lead"].user and person.consent_how == "per e-mail"


def test_withdrawing_consent_takes_the_story_off_the_wall(world):
    story = published(world)
    services.consent_withdraw(world["lead"], person=story.people.get(name="Sem Bos"))
    story.refresh_from_db()
    assert story.state == Story.State.WITHDRAWN
    assert not selectors.wall(organisation=world["org"]).exists()
    actions = set(Change.objects.filter(subject_id=story.pk).values_list("action", flat=True))
    assert {"consent_withdrawn", "withdrawn", "published", "consent_recorded"} <= actions
    with pytest.raises(ValidationError):
        services.story_publish(world["lead"], story=story)


def test_a_published_story_is_not_changed_under_the_consent_given(world):
    story = published(world)
    with pytest.raises(ValidationError):
        services.story_update(world["lead"], story=story, data=STORY)


def test_a_changed_list_of_people_keeps_the_consent_of_those_still_named(world):
    story = services.story_create(world["lead"], usecase=world["usecase"], data=STORY)
    consent_all(world["lead"], story)
    changed = services.StoryData(**{**STORY.__dict__, "people": ("Sem Bos", "Noor Kok")})
    services.story_update(world["lead"], story=story, data=changed)
    consents = {p.name: p.consents for p in story.people.all()}
    assert consents == {"Sem Bos": True, "Emma de Jong, klantenservice": True, "Noor Kok": False}


def test_the_wall_shows_published_stories_newest_first_by_department(world, clock):
    first = published(world)
    clock.advance(hours=1)
    other_usecase = deliver(
        world["org"], make_usecase(world["org"], department_ids=(world["finance"].pk,)), "live"
    )
    second = services.story_create(world["lead"], usecase=other_usecase, data=STORY)
    consent_all(world["lead"], second)
    services.story_publish(world["lead"], story=second)
    services.story_create(world["lead"], usecase=world["usecase"], data=STORY)  # a draft
    org = world["org"]
    assert list(selectors.wall(organisation=org)) == [second, first]
    assert list(selectors.wall(organisation=org, department=world["finance"].pk)) == [second]


def test_reactions_are_one_per_person_and_kind_and_counted(world):
    story = published(world)
    for ctx in (world["colleague"], world["owner"]):
        assert services.reaction_toggle(ctx, story=story, kind="applause")
    services.reaction_set(world["colleague"], story=story, kind="applause", on=True)
    assert not services.reaction_toggle(world["owner"], story=story, kind="applause")
    counts = {
        r.kind: (r.count, r.mine)
        for r in selectors.reaction_counts(story=story, user_id=world["colleague"].user.pk)
    }
    assert counts == {"applause": (1, True), "inspiring": (0, False), "useful": (0, False)}
    with pytest.raises(ValidationError):
        services.reaction_toggle(world["colleague"], story=story, kind="angry")


def test_can_we_have_this_too_puts_a_linked_request_on_the_backlog_for_the_askers_department(
    world,
):
    story = published(world)
    asked = services.story_request(world["colleague"], story=story)
    assert asked.created
    usecase = asked.request.usecase
    assert list(usecase.departments.all()) == [world["finance"]]
    assert usecase.stage == "idea" and usecase.title == world["usecase"].title
    assert usecase in usecase_list(organisation=world["org"])
    again = services.story_request(world["colleague"], story=story)
    assert not again.created and again.request == asked.request
    assert StoryRequest.objects.filter(story=story).count() == 1
    with pytest.raises(ValidationError, match="already has this"):
        services.story_request(world["owner"], story=story)  # the department that built it


def test_the_backlogs_duplicate_check_shows_the_departments_own_like_idea_first(world):
    story = published(world)
    original = world["usecase"]
    alike = make_usecase(
        world["org"],
        title=original.title,
        problem=original.problem,
        solution=original.solution,
        department_ids=(world["finance"].pk,),
    )
    asked = services.story_request(world["colleague"], story=story)
    assert asked.request is None and [m.usecase for m in asked.similar] == [alike]
    assert not StoryRequest.objects.exists()
    anyway = services.story_request(world["colleague"], story=story, add_anyway=True)
    assert anyway.created and anyway.request.department == world["finance"]


def test_nobody_asks_for_a_story_that_is_not_on_the_wall(world):
    draft = services.story_create(world["lead"], usecase=world["usecase"], data=STORY)
    with pytest.raises(ValidationError):
        services.story_request(world["colleague"], story=draft)
    with pytest.raises(ValidationError):
        services.reaction_toggle(world["colleague"], story=draft, kind="applause")


def test_an_image_is_re_encoded_as_a_small_jpeg_without_metadata(world):
    exif = Image.Exif()
    exif[0x010E] = "secret location"
    big = io.BytesIO()
    Image.new("RGB", (3000, 1000), "blue").save(big, format="JPEG", exif=exif)
    cleaned = services.image_clean(big.getvalue())
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.format == "JPEG" and max(image.size) == services.IMAGE_SIDE
        assert not image.getexif() and b"secret" not in cleaned
    assert Image.open(io.BytesIO(services.image_clean(png()))).mode == "RGB"


@pytest.mark.parametrize(
    "data",
    [b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"GIF89a broken", b"\x00" * 100],
)
def test_anything_but_an_image_is_refused(data):
    with pytest.raises(ValidationError):
        services.image_clean(data)


def test_an_image_of_too_many_pixels_or_bytes_is_refused():
    with pytest.raises(ValidationError, match="pixels"):
        services.image_clean(png_claiming(80_000, 60_000))
    with pytest.raises(ValidationError, match="MB"):
        services.image_clean(b"x" * (services.MAX_IMAGE_BYTES + 1))


def test_the_newsletter_mails_recent_wins_to_every_member(world, clock):
    story = published(world)
    digest = selectors.digest_build(organisation=world["org"], days=7)
    assert digest.stories == [story]
    with outbox_commits():
        sent = services.digest_send(world["lead"], digest=digest)
    assert sent == 4 == len(mail.outbox)
    message = mail.outbox[0]
    assert story.title in message.subject or "1" in message.subject
    html = message.alternatives[0][0]
    assert story.title in html and "Emma de Jong" in html
    with pytest.raises(PermissionDenied):
        services.digest_send(world["colleague"], digest=digest)
    later = selectors.digest_build(
        organisation=world["org"], since=clock.today() + timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        services.digest_send(world["lead"], digest=later)


def test_a_newsletter_of_wins_already_sent_is_not_sent_again(world, clock):
    story = published(world)
    digest = selectors.digest_build(organisation=world["org"], days=7)
    with outbox_commits():
        services.digest_send(world["lead"], digest=digest)
    with outbox_commits(), pytest.raises(ValidationError, match="already sent"):
        services.digest_send(world["lead"], digest=digest)
    assert len(mail.outbox) == 4
    newer = published(world)
    with outbox_commits():
        assert (
            services.digest_send(
                world["lead"], digest=selectors.digest_build(organisation=world["org"], days=7)
            )
            == 4
        )
    assert {story.pk, newer.pk} <= {
        s.pk for s in selectors.digest_build(organisation=world["org"], days=7).stories
    }


@pytest.mark.skipif(not selectors.pdf_available(), reason="WeasyPrint cannot load here")
def test_the_newsletter_is_also_a_pdf_with_the_image(world):
    story = services.story_create(
        world["lead"],
        usecase=world["usecase"],
        data=services.StoryData(**{**STORY.__dict__, "image": png()}),
    )
    consent_all(world["lead"], story)
    services.story_publish(world["lead"], story=story)
    pdf = selectors.digest_pdf(selectors.digest_build(organisation=world["org"]), language="nl")
    assert pdf.startswith(b"%PDF") and b"/Image" in pdf
