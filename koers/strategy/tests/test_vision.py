"""The AI vision: guided questions, a composed text, edits, versions and who may do what."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from koers.core.models import Change
from koers.orgs.models import Role
from koers.strategy.models import VisionVersion
from koers.strategy.selectors.vision import vision_blocks, vision_current
from koers.strategy.services.vision import MAX_ANSWER, vision_compose, vision_edit
from koers.testing.factories import ctx_for, make_member, make_org

pytestmark = pytest.mark.django_db

ANSWERS = {
    "ambition": "Over twee jaar gebruikt elk team GenAI dagelijks.",
    "value": "Klantenservice en offertes.",
    "not_doing": "Geen beslissingen over mensen door AI.",
    "people": "Niemand verliest zijn baan door AI; iedereen krijgt training.",
    "measures": "Uren bespaard per maand en de scan elk halfjaar.",
}


@pytest.fixture
def org():
    organisation = make_org("Demo BV")
    organisation.language = "nl"
    organisation.save(update_fields=["language"])
    return organisation


@pytest.fixture
def lead(org):
    return make_member(org, Role.LEAD)


def url(name, org, **kwargs):
    return reverse(f"strategy:{name}", kwargs={"org_slug": org.slug, **kwargs})


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(user)
    return client


def test_answers_compose_a_vision_in_the_organisations_language(org, lead):
    with translation.override("en"):
        version = vision_compose(ctx_for(lead, org), answers=ANSWERS)
    assert version.number == 1 and version.composed and version.created_by == lead
    blocks = vision_blocks(version.text)
    headings = [b.text for b in blocks if b.heading]
    assert headings == [
        "AI-visie van Demo BV",
        "Onze ambitie",
        "Waar AI waarde moet opleveren",
        "Wat we niet doen",
        "Hoe we met onze mensen omgaan",
        "Hoe we weten dat het werkt",
    ]
    assert ANSWERS["people"] in version.text
    change = Change.objects.get(subject="strategy.visionversion", subject_id=version.pk)
    assert change.action == "created" and change.actor == lead


def test_an_unanswered_question_gets_no_heading(org, lead):
    version = vision_compose(ctx_for(lead, org), answers={"ambition": "Sneller helpen."})
    assert [b.text for b in vision_blocks(version.text) if b.heading][1:] == ["Onze ambitie"]


def test_every_save_is_a_new_version_and_an_unchanged_save_is_not(org, lead):
    ctx = ctx_for(lead, org)
    first = vision_compose(ctx, answers=ANSWERS)
    assert vision_compose(ctx, answers=ANSWERS) == first
    edited = vision_edit(ctx, text=first.text + "\n\nEen extra alinea.")
    assert edited.number == 2 and not edited.composed
    assert edited.ambition == ANSWERS["ambition"]
    assert vision_current(org) == edited
    assert VisionVersion.objects.filter(organisation=org).count() == 2
    assert Change.objects.filter(subject="strategy.visionversion").count() == 2


@pytest.mark.parametrize(
    "answers",
    [{"ambition": ""}, {**ANSWERS, "people": "x" * (MAX_ANSWER + 1)}],
)
def test_bad_answers_are_refused_and_change_nothing(org, lead, answers):
    with pytest.raises(ValidationError):
        vision_compose(ctx_for(lead, org), answers=answers)
    assert not VisionVersion.objects.exists() and not Change.objects.exists()


def test_editing_needs_a_vision_and_some_text(org, lead):
    ctx = ctx_for(lead, org)
    with pytest.raises(ValidationError):
        vision_edit(ctx, text="Tekst")
    vision_compose(ctx, answers=ANSWERS)
    with pytest.raises(ValidationError):
        vision_edit(ctx, text="   ")
    assert VisionVersion.objects.count() == 1


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EVANGELIST, Role.LEGAL])
def test_only_the_leadership_team_writes_the_vision(org, role):
    with pytest.raises(PermissionDenied):
        vision_compose(ctx_for(make_member(org, role), org), answers=ANSWERS)


def test_headings_and_paragraphs_are_plain_text():
    blocks = vision_blocks("## Kop\nregel een\nregel twee\n\n\n##geen kop\n")
    assert [(b.heading, b.text) for b in blocks] == [
        (True, "Kop"),
        (False, "regel een\nregel twee"),
        (False, "##geen kop"),
    ]


def test_hostile_text_is_shown_escaped(org, lead):
    ctx = ctx_for(lead, org)
    vision_compose(ctx, answers={"ambition": "<script>alert(1)</script>"})
    vision_edit(ctx, text='## <img src=x onerror="alert(2)">\n\n<b>vet</b>')
    page = client_for(make_member(org)).get(url("vision", org)).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>vet" not in page
    assert "&lt;img src=x" in page and "&lt;b&gt;vet&lt;/b&gt;" in page


def test_a_lead_writes_edits_and_reads_the_history_through_the_pages(org, lead):
    client = client_for(lead)
    assert client.get(url("vision_questions", org)).status_code == 200
    response = client.post(url("vision_questions", org), ANSWERS)
    assert response.status_code == 302 and response.url == url("vision", org)
    page = client.get(url("vision", org)).content.decode()
    assert "Onze ambitie" in page and ANSWERS["ambition"] in page
    text = vision_current(org).text
    response = client.post(url("vision_text", org), {"text": text + "\n\nNog iets."})
    assert response.status_code == 302
    history = client.get(url("vision_history", org)).content.decode()
    assert "Versie 2" in history and "Versie 1" in history
    first = VisionVersion.objects.get(organisation=org, number=1)
    old = client.get(url("vision_version", org, pk=first.pk)).content.decode()
    assert "Nog iets." not in old and "eerdere versie" in old


def test_a_bad_answer_on_the_page_shows_the_error_and_saves_nothing(org, lead):
    response = client_for(lead).post(url("vision_questions", org), {**ANSWERS, "ambition": ""})
    assert response.status_code == 200 and "ambitie" in response.content.decode()
    assert not VisionVersion.objects.exists()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EVANGELIST, Role.LEGAL, Role.ADMIN])
def test_everyone_reads_the_vision(org, lead, role):
    vision_compose(ctx_for(lead, org), answers=ANSWERS)
    client = client_for(make_member(org, role))
    page = client.get(url("vision", org)).content.decode()
    assert ANSWERS["ambition"] in page
    # the way to the scenarios only for those who may read them
    assert (url("scenarios", org) in page) == (role in (Role.EVANGELIST, Role.ADMIN))
    first = VisionVersion.objects.get(organisation=org, number=1)
    assert client.get(url("vision_version", org, pk=first.pk)).status_code == 200
    assert client.get(url("vision_history", org)).status_code == 200


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EVANGELIST, Role.LEGAL])
def test_others_cannot_open_the_writing_pages(org, lead, role):
    vision_compose(ctx_for(lead, org), answers=ANSWERS)
    client = client_for(make_member(org, role))
    assert client.get(url("vision_questions", org)).status_code == 403
    assert client.post(url("vision_text", org), {"text": "Weg ermee"}).status_code == 403
    assert VisionVersion.objects.count() == 1


def test_a_member_of_another_organisation_gets_not_found(org, lead):
    version = vision_compose(ctx_for(lead, org), answers=ANSWERS)
    outsider = make_member(make_org(), Role.LEAD)
    client = client_for(outsider)
    for name, kwargs in [
        ("vision", {}),
        ("vision_history", {}),
        ("vision_questions", {}),
        ("vision_version", {"pk": version.pk}),
    ]:
        assert client.get(url(name, org, **kwargs)).status_code == 404
    # nor is a version of another organisation found from one's own
    mine = make_org()
    vision_compose(ctx_for(make_member(mine, Role.LEAD), mine), answers=ANSWERS)
    own = client_for(make_member(mine, Role.MEMBER))
    assert own.get(url("vision_version", mine, pk=version.pk)).status_code == 404


def test_an_unknown_version_is_not_found(org, lead):
    assert client_for(lead).get(url("vision_version", org, pk=99999)).status_code == 404
