"""Voice's core pages as users meet them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org
from koers.voice import services
from koers.voice.models import Item, Reply, Status
from koers.voice.views.common import NEW_CODE_COOKIE

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, org, **kwargs):
    return reverse(f"voice:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_raising_suggests_a_category_then_shows_the_case_code_once(org):
    employee = make_member(org)
    client = client_for(employee)
    data = {"kind": "concern", "text": "Ik ben bang dat mijn baan verdwijnt.", "anonymous": "on"}
    check = client.post(url("new", org), data)
    assert check.status_code == 200 and not Item.objects.exists()
    assert check.context["form"]["category"].value() == "job_security"
    done = client.post(url("new", org), {**data, "category": "job_security"})
    assert done.status_code == 302 and done.url == url("raised", org)
    assert "KV-" not in done.url
    item = Item.objects.get()
    assert item.author is None and item.anonymous
    page = client.get(url("raised", org))
    code = page.context["code"]
    assert code.startswith("KV-") and code in page.content.decode()
    assert services.item_for_code(code) == item
    # Shown once: the cookie is gone.
    assert page.cookies[NEW_CODE_COOKIE].value == ""
    client.cookies.pop(NEW_CODE_COOKIE, None)
    assert client.get(url("raised", org)).status_code == 302


def test_raised_by_name_it_appears_under_my_concerns(org):
    employee = make_member(org)
    client = client_for(employee)
    client.post(
        url("new", org), {"kind": "concern", "text": "Te veel werkdruk.", "category": "workload"}
    )
    item = Item.objects.get()
    assert item.author == employee
    assert "Te veel werkdruk." in client.get(url("mine", org)).content.decode()


def test_the_case_page_shows_the_conversation_with_the_code_and_takes_a_reply(org):
    employee = make_member(org)
    lead = make_member(org, Role.LEAD)
    raised = services.item_raise(
        ctx_for(employee, org),
        kind="concern",
        text="Mijn baan verdwijnt.",
        category="job_security",
        department_id=None,
        anonymous=True,
    )
    services.reply_by_team(ctx_for(lead, org), item=raised.item, body="Dank je, we kijken ernaar.")
    client = Client()
    case_url = reverse("voice_public:case")
    response = client.post(case_url, {"code": raised.case_code})
    assert response.status_code == 302 and raised.case_code not in response.url
    page = client.get(case_url).content.decode()
    assert "Mijn baan verdwijnt." in page and "Dank je, we kijken ernaar." in page
    client.post(case_url, {"action": "reply", "body": "Bedankt!"})
    assert Reply.objects.filter(from_submitter=True, body="Bedankt!").exists()
    client.post(case_url, {"action": "forget"})


def test_a_wrong_code_shows_nothing(org):
    employee = make_member(org)
    services.item_raise(
        ctx_for(employee, org),
        kind="concern",
        text="Geheim verhaal.",
        category="other",
        department_id=None,
        anonymous=True,
    )
    client = Client()
    response = client.post(reverse("voice_public:case"), {"code": "KV-0000-0000-0000"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Geheim verhaal." not in body and "not known" in body
    assert not Reply.objects.exists()


def test_the_moderator_publishes_the_redacted_text(org):
    employee = make_member(org)
    lead = make_member(org, Role.LEAD)
    raised = services.item_raise(
        ctx_for(employee, org),
        kind="concern",
        text="Mail jan@example.org: ik vrees voor mijn baan.",
        category="job_security",
        department_id=None,
        anonymous=True,
    )
    client = client_for(lead)
    page = client.get(url("item", org, ref=raised.item.ref))
    prefilled = page.context["publish_form"]["public_text"].value()
    assert "jan@example.org" not in prefilled and "<mark" in page.content.decode()
    client.post(
        url("publish", org, ref=raised.item.ref),
        {"public_text": prefilled, "category": "job_security"},
    )
    item = Item.objects.get()
    assert item.status == Status.PUBLISHED and item.public_text == prefilled


def test_publishing_personal_data_needs_the_tick(org):
    employee = make_member(org)
    lead = make_member(org, Role.LEAD)
    raised = services.item_raise(
        ctx_for(employee, org),
        kind="concern",
        text="x",
        category="other",
        department_id=None,
        anonymous=True,
    )
    client = client_for(lead)
    data = {"public_text": "Mail jan@example.org", "category": "other"}
    client.post(url("publish", org, ref=raised.item.ref), data)
    assert Item.objects.get().status == Status.NEW
    client.post(url("publish", org, ref=raised.item.ref), {**data, "confirm": "on"})
    assert Item.objects.get().status == Status.PUBLISHED


@pytest.mark.parametrize("name", ["moderate", "actions"])
def test_staff_cannot_moderate(org, name):
    assert client_for(make_member(org)).get(url(name, org)).status_code == 403


def test_staff_cannot_open_an_item_or_the_help_list(org):
    employee = make_member(org)
    raised = services.item_raise(
        ctx_for(employee, org),
        kind="help",
        text="Help",
        category="skills",
        department_id=None,
        anonymous=True,
    )
    client = client_for(employee)
    assert client.get(url("item", org, ref=raised.item.ref)).status_code == 403
    assert client.get(url("help", org)).status_code == 403


def test_another_organisations_item_is_404(org):
    employee = make_member(org)
    raised = services.item_raise(
        ctx_for(employee, org),
        kind="concern",
        text="x",
        category="other",
        department_id=None,
        anonymous=True,
    )
    other = make_org()
    outsider = make_member(other, Role.LEAD)
    response = client_for(outsider).get(url("item", other, ref=raised.item.ref))
    assert response.status_code == 404


def test_the_help_list_shows_old_requests_highlighted(org):
    employee = make_member(org)
    evangelist = make_member(org, Role.EVANGELIST)
    raised = services.item_raise(
        ctx_for(employee, org),
        kind="help",
        text="Hoe schrijf ik een prompt?",
        category="skills",
        department_id=None,
        anonymous=True,
    )
    Item.objects.filter(ref=raised.item.ref).update(
        created_on=raised.item.created_on.replace(year=raised.item.created_on.year - 1)
    )
    client = client_for(evangelist)
    page = client.get(url("help", org)).content.decode()
    assert "voice-overdue" in page
    client.post(url("help_pick_up", org, ref=raised.item.ref))
    assert Item.objects.get().status == Status.PICKED_UP
    client.post(url("help_done", org, ref=raised.item.ref))
    assert Item.objects.get().status == Status.HELPED


def test_bad_input_changes_nothing(org):
    employee = make_member(org)
    response = client_for(employee).post(
        url("new", org), {"kind": "concern", "text": "  ", "category": "other"}
    )
    assert response.status_code == 200 and not Item.objects.exists()
