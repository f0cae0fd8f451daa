"""The wall of wins' pages as members meet them: who sees and does what."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from PIL import Image

from koers.orgs.models import Role
from koers.sprints.models import Story
from koers.sprints.selectors.stories import pdf_available
from koers.sprints.services import stories as services
from koers.sprints.tests.test_stories import STORY, consent_all, deliver
from koers.testing.factories import ctx_for, make_member, make_org, make_usecase
from koers.testing.mail import outbox_commits

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, org, **kwargs):
    return reverse(f"sprints:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def org():
    return make_org(departments=("Klantenservice", "Financiën"))


def test_a_lead_writes_a_story_with_an_image_records_consent_and_publishes(org):
    service = org.departments.get(name="Klantenservice")
    usecase = deliver(org, make_usecase(org, department_ids=(service.pk,)))
    lead = client_for(make_member(org, Role.LEAD))
    chooser = lead.get(url("story_new", org))
    assert usecase.title in chooser.content.decode()
    image = io.BytesIO()
    Image.new("RGB", (30, 20), "green").save(image, format="PNG")
    image.seek(0)
    image.name = "team.png"
    form = {
        "usecase": usecase.pk,
        "title": "Minder typen",
        "problem": "Veel werk.",
        "built": "Een assistent.",
        "result": "8 uur per week.",
        "quote": "Top!",
        "quote_by": "Noor Kok",
        "image": image,
        "image_alt": "Het team",
    }
    saved = lead.post(url("story_new", org), form)
    story = Story.objects.get()
    assert saved.status_code == 302 and saved.url == url("story", org, pk=story.pk)
    assert lead.get(url("story_image", org, pk=story.pk))["Content-Type"] == "image/jpeg"
    page = lead.get(url("story", org, pk=story.pk)).content.decode()
    assert "Noor Kok" in page and "<h2>" in page
    refused = lead.post(url("story_publish", org, pk=story.pk))
    assert refused.status_code == 302
    story.refresh_from_db()
    assert story.state == Story.State.DRAFT
    person = story.people.get()
    lead.post(url("story_consent", org, pk=story.pk), {"person": person.pk, "how": "mondeling"})
    lead.post(url("story_publish", org, pk=story.pk))
    story.refresh_from_db()
    assert story.state == Story.State.PUBLISHED
    wall = lead.get(url("wins", org)).content.decode()
    assert "Minder typen" in wall and "Top!" in wall
    start = lead.get(reverse("home:start", kwargs={"org_slug": org.slug})).content.decode()
    assert "Minder typen" in start  # the latest win


def test_a_colleague_reads_reacts_and_asks_for_it_but_does_not_see_drafts(org):
    service, finance = (org.departments.get(name=n) for n in ("Klantenservice", "Financiën"))
    usecase = deliver(org, make_usecase(org, department_ids=(service.pk,)))
    lead = ctx_for(make_member(org, Role.LEAD), org)
    story = services.story_create(lead, usecase=usecase, data=STORY)
    colleague = client_for(make_member(org, Role.MEMBER, department=finance))
    assert colleague.get(url("story", org, pk=story.pk)).status_code == 404
    assert colleague.get(url("story_edit", org, pk=story.pk)).status_code == 404
    consent_all(lead, story)
    services.story_publish(lead, story=story)
    assert colleague.get(url("story", org, pk=story.pk)).status_code == 200
    colleague.post(url("story_react", org, pk=story.pk), {"kind": "inspiring"})
    assert story.reactions.get().kind == "inspiring"
    asked = colleague.post(url("story_want", org, pk=story.pk))
    request = story.requests.get()
    assert request.department == finance
    assert asked.url == reverse(
        "backlog:detail", kwargs={"org_slug": org.slug, "pk": request.usecase.pk}
    )
    page = colleague.get(url("story", org, pk=story.pk)).content.decode()
    assert "1 department asked for this too." in page
    assert colleague.get(url("newsletter", org)).status_code == 403


def test_the_lead_previews_downloads_and_sends_the_newsletter(org):
    usecase = deliver(org, make_usecase(org))
    lead_user = make_member(org, Role.LEAD)
    lead = ctx_for(lead_user, org)
    story = services.story_create(lead, usecase=usecase, data=STORY)
    consent_all(lead, story)
    services.story_publish(lead, story=story)
    client = client_for(lead_user)
    preview = client.get(url("newsletter", org), {"days": "7"})
    assert STORY.title in preview.content.decode()
    if pdf_available():
        pdf = client.get(url("newsletter_pdf", org))
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    with outbox_commits():
        sent = client.post(url("newsletter", org), {"since": ""})
    assert sent.status_code == 302
    assert len(mail.outbox) == org.memberships.count()


def test_asking_for_what_the_department_already_has_shows_it_and_offers_to_ask_anyway(org):
    service, finance = (org.departments.get(name=n) for n in ("Klantenservice", "Financiën"))
    usecase = deliver(org, make_usecase(org, department_ids=(service.pk,)))
    alike = make_usecase(
        org, title=usecase.title, problem=usecase.problem, department_ids=(finance.pk,)
    )
    lead = ctx_for(make_member(org, Role.LEAD), org)
    story = services.story_create(lead, usecase=usecase, data=STORY)
    consent_all(lead, story)
    services.story_publish(lead, story=story)
    colleague = client_for(make_member(org, Role.MEMBER, department=finance))
    shown = colleague.post(url("story_want", org, pk=story.pk))
    assert shown.status_code == 200 and alike.reference in shown.content.decode()
    assert not story.requests.exists()
    asked = colleague.post(url("story_want", org, pk=story.pk), {"add_anyway": "1"})
    assert asked.status_code == 302 and story.requests.get().department == finance
