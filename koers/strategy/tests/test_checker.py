"""The checker page, tool requests and the programme team's answers, as members and the
programme team meet them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from koers.core.models import Change, OutgoingMail
from koers.orgs.models import Role
from koers.strategy.models import ToolRequest
from koers.strategy.services.checker import tool_request_answer, tool_request_create
from koers.testing.factories import ctx_for, make_member, make_org
from koers.testing.policies import make_published_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org()


@pytest.fixture
def lead(org):
    return make_member(org, Role.LEAD)


@pytest.fixture
def member(org):
    return make_member(org)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, org, **kwargs):
    return reverse(f"strategy:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_without_a_published_policy_the_checker_says_so_kindly(org, member):
    response = client_for(member).get(url("checker", org))
    assert response.status_code == 200
    assert "not published an AI policy yet" in response.content.decode()


def test_every_member_finds_the_checker_in_the_navigation(org, member):
    make_published_policy(org)
    page = client_for(member).get(reverse("backlog:list", kwargs={"org_slug": org.slug}))
    assert url("checker", org) in page.content.decode()


def test_the_checker_answers_in_dutch_with_the_condition_and_section(org, member):
    make_published_policy(org)
    client = client_for(member)
    client.cookies["django_language"] = "nl"
    response = client.get(
        url("checker", org), {"tool": "chat gpt enterprise", "data_class": "internal"}
    )
    page = response.content.decode()
    assert response.context["result"].answer == "conditional"
    assert "Ja, onder een voorwaarde: ChatGPT Enterprise voor dit soort gegevens (Intern)." in page
    assert "Alleen zonder persoonsgegevens" in page
    assert "Onderdeel 4.2 van het AI-beleid lezen" in page
    assert 'list="checker-tools"' in page and '<option value="DeepL">' in page


def test_an_unlisted_tool_gets_a_one_click_request(org, member):
    make_published_policy(org)
    client = client_for(member)
    client.cookies["django_language"] = "nl"
    response = client.get(url("checker", org), {"tool": "Gemini", "data_class": "public"})
    page = response.content.decode()
    assert "Nog niet goedgekeurd — vraag het programmateam" in page
    assert url("tool_request_new", org) in page


def test_an_unknown_data_class_on_the_page_is_a_form_error(org, member):
    make_published_policy(org)
    response = client_for(member).get(url("checker", org), {"tool": "DeepL", "data_class": "x"})
    assert response.context["result"] is None and response.context["form"].errors


def test_a_request_mails_the_programme_team_in_their_language_and_thanks_the_member(
    org, member, lead
):
    make_published_policy(org)
    admin = make_member(org, Role.ADMIN)
    admin.language = "en"
    admin.save()
    make_member(org, Role.LEGAL)  # not the programme team
    response = client_for(member).post(
        url("tool_request_new", org),
        {"tool": "Gemini", "data_class": "public", "purpose": "Vertalingen"},
        follow=True,
    )
    assert "was sent to the programme team" in response.content.decode() or (
        "is naar het programmateam gestuurd" in response.content.decode()
    )
    request = ToolRequest.objects.get()
    assert (request.tool, request.data_class, request.requested_by.user) == (
        "Gemini",
        "public",
        member,
    )
    mails = {mail.to: mail for mail in OutgoingMail.objects.all()}
    assert set(mails) == {lead.email, admin.email}
    assert mails[admin.email].subject.startswith("Request to approve an AI tool: Gemini")
    assert mails[admin.email].language == "en"
    assert Change.objects.filter(organisation=org, action="created").exists()


def test_the_programme_team_answers_and_the_member_gets_it_by_email(org, member, lead, mailoutbox):
    make_published_policy(org)
    request = tool_request_create(ctx_for(member, org), tool="Gemini")
    mailoutbox.clear()
    client = client_for(lead)
    listing = client.get(url("tool_requests", org))
    assert "Gemini" in listing.content.decode()
    client.post(url("tool_request_answer", org, pk=request.pk), {"answer": "Ja, zonder klantdata."})
    request.refresh_from_db()
    assert request.status == ToolRequest.Status.ANSWERED and request.answered_at
    [mail] = mailoutbox
    assert mail.to == [member.email] and "Ja, zonder klantdata." in mail.body
    assert Change.objects.filter(organisation=org, action="answered").exists()


def test_an_answered_request_is_not_answered_twice(org, member, lead):
    request = tool_request_create(ctx_for(member, org), tool="Gemini")
    tool_request_answer(ctx_for(lead, org), tool_request=request, answer="Nee.")
    with pytest.raises(ValidationError):
        tool_request_answer(ctx_for(lead, org), tool_request=request, answer="Toch ja.")


def test_a_member_cannot_answer_or_list_requests(org, member):
    request = tool_request_create(ctx_for(member, org), tool="Gemini")
    with pytest.raises(PermissionDenied):
        tool_request_answer(ctx_for(member, org), tool_request=request, answer="Ja.")
    assert client_for(member).get(url("tool_requests", org)).status_code == 403


def test_a_member_sees_only_their_own_requests(org, member):
    make_published_policy(org)
    tool_request_create(ctx_for(member, org), tool="Gemini")
    tool_request_create(ctx_for(make_member(org), org), tool="Perplexity")
    page = client_for(member).get(url("checker", org)).content.decode()
    assert "Gemini" in page and "Perplexity" not in page


def test_bad_requests_change_nothing(org, member):
    make_published_policy(org)
    ctx = ctx_for(member, org)
    for bad in ({"tool": "  "}, {"tool": "x" * 121}, {"tool": "A", "data_class": "secret"}):
        with pytest.raises(ValidationError):
            tool_request_create(ctx, **bad)
    with pytest.raises(ValidationError):
        tool_request_create(ctx, tool="A", purpose="x" * 2001)
    assert not ToolRequest.objects.exists() and not OutgoingMail.objects.exists()


def test_hostile_text_is_escaped_on_the_pages(org, member, lead):
    make_published_policy(org)
    tool_request_create(ctx_for(member, org), tool="<script>alert(1)</script>", purpose="<b>x</b>")
    page = client_for(lead).get(url("tool_requests", org)).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    checked = client_for(member).get(
        url("checker", org), {"tool": "<img src=x onerror=alert(1)>", "data_class": "public"}
    )
    assert "<img src=x" not in checked.content.decode()


def test_a_member_asks_about_a_tool_once_while_it_is_open(org, member, lead, mailoutbox):
    ctx = ctx_for(member, org)
    tool_request_create(ctx, tool="Gemini Pro")
    with pytest.raises(ValidationError):
        tool_request_create(ctx, tool="gemini-pro")
    assert ToolRequest.objects.count() == 1 and len(mailoutbox) == 1


def test_the_programme_team_reads_the_kind_of_data_by_its_label(org, member, lead):
    make_published_policy(org)
    tool_request_create(ctx_for(member, org), tool="Gemini", data_class="personal")
    page = client_for(lead).get(url("tool_requests", org)).content.decode()
    assert "<td>Persoonsgegevens</td>" in page
