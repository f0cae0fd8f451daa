from __future__ import annotations

import pytest
from django.urls import reverse

from koers.backlog.models.usecases import Stage, UseCase
from koers.core.models import Change
from koers.orgs.models import Role
from koers.testing.factories import make_member, make_usecase

pytestmark = pytest.mark.django_db


def list_url(org, **params):
    from urllib.parse import urlencode

    url = reverse("backlog:list", kwargs={"org_slug": org.slug})
    return f"{url}?{urlencode(params)}" if params else url


def test_it_sends_visitors_to_the_login_page(client, org):
    response = client.get(list_url(org))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_lets_a_member_submit_an_idea_in_dutch(client, org, member):
    client.force_login(member)
    department = org.departments.first()
    response = client.post(
        reverse("backlog:new", kwargs={"org_slug": org.slug}),
        {
            "title": "Notulen automatisch samenvatten",
            "problem": "Het uitwerken van notulen kost elke week uren.",
            "solution": "Een taalmodel maakt een eerste versie van de notulen.",
            "hours_saved_per_month": "12.5",
            "departments": [department.pk],
            "data_readiness": "partial",
            "personal_data": "unknown",
            "technique": "generative",
            "effort": "days",
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    usecase = UseCase.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "backlog:detail", kwargs={"org_slug": org.slug, "pk": usecase.pk}
    )
    assert usecase.submitted_by == member
    assert list(usecase.departments.all()) == [department]
    assert str(usecase.hours_saved_per_month) == "12.5"
    assert usecase.data_readiness == "partial"


def test_it_shows_the_form_again_with_errors_and_saves_nothing(client, org, member):
    client.force_login(member)
    response = client.post(
        reverse("backlog:new", kwargs={"org_slug": org.slug}),
        {
            "title": "",
            "hours_saved_per_month": "-3",
            "personal_data": "maybe",
            "data_readiness": "soon",
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {
        "title",
        "problem",
        "solution",
        "departments",
        "hours_saved_per_month",
        "personal_data",
        "data_readiness",
    } <= set(form.errors)
    assert "Dit veld is verplicht." in response.content.decode()
    assert not UseCase.objects.exists()


def test_it_keeps_an_anonymous_submitter_out_of_the_database(client, org, member):
    client.force_login(member)
    client.post(
        reverse("backlog:new", kwargs={"org_slug": org.slug}),
        {
            "title": "Anoniem idee",
            "problem": "Iets",
            "solution": "Iets anders",
            "departments": [org.departments.first().pk],
            "data_readiness": "unknown",
            "personal_data": "no",
            "technique": "other",
            "effort": "unknown",
            "anonymous": "on",
        },
    )
    usecase = UseCase.objects.get()
    assert usecase.anonymous and usecase.submitted_by is None
    assert not Change.objects.filter(actor=member).exists()
    page = client.get(reverse("backlog:detail", kwargs={"org_slug": org.slug, "pk": usecase.pk}))
    assert member.name not in page.content.decode()


def test_it_searches_filters_and_sorts_the_register(client, org, member):
    finance, hr = org.departments.order_by("name")
    make_usecase(
        org, title="Invoice coding", department_ids=(finance.pk,), technique="classical_ml"
    )
    chatbot = make_usecase(org, title="HR chatbot", department_ids=(hr.pk,), technique="generative")
    chatbot.vote_count = 5
    chatbot.save()
    client.force_login(member)

    def titles(**params):
        return [uc.title for uc in client.get(list_url(org, **params)).context["page"].object_list]

    assert titles(q="invoice") == ["Invoice coding"]
    assert titles(department=finance.pk) == ["Invoice coding"]
    assert titles(technique="generative") == ["HR chatbot"]
    assert titles(sort="votes")[0] == "HR chatbot"
    assert titles(sort="title") == ["HR chatbot", "Invoice coding"]
    assert titles(q="UC-1") == ["Invoice coding"]


def test_it_paginates_the_register(client, org, member, settings):
    settings.KOERS_PAGE_SIZE = 2
    for _ in range(5):
        make_usecase(org)
    client.force_login(member)
    response = client.get(list_url(org, page=3))
    assert response.context["page"].number == 3
    assert len(response.context["page"].object_list) == 1


def test_it_counts_a_vote_and_takes_it_back(client, org, member):
    usecase = make_usecase(org)
    client.force_login(member)
    url = reverse("backlog:vote", kwargs={"org_slug": org.slug, "pk": usecase.pk})
    client.post(url, {"vote": "1"})
    usecase.refresh_from_db()
    assert usecase.vote_count == 1
    client.post(url, {"vote": "0"})
    usecase.refresh_from_db()
    assert usecase.vote_count == 0


def test_it_refuses_votes_by_get(client, org, member):
    usecase = make_usecase(org)
    client.force_login(member)
    response = client.get(reverse("backlog:vote", kwargs={"org_slug": org.slug, "pk": usecase.pk}))
    assert response.status_code == 405


def test_it_lets_a_lead_move_a_use_case_and_records_it(client, org, lead):
    usecase = make_usecase(org)
    client.force_login(lead)
    client.post(
        reverse("backlog:stage", kwargs={"org_slug": org.slug, "pk": usecase.pk}),
        {"stage": "assessed"},
    )
    usecase.refresh_from_db()
    assert usecase.stage == Stage.ASSESSED
    history = client.get(
        reverse("backlog:history", kwargs={"org_slug": org.slug, "pk": usecase.pk})
    )
    assert "Assessed" in history.content.decode()


def test_it_does_not_let_a_member_change_the_stage(client, org, member):
    usecase = make_usecase(org)
    client.force_login(member)
    detail = client.get(reverse("backlog:detail", kwargs={"org_slug": org.slug, "pk": usecase.pk}))
    assert detail.context["stage_form"] is None
    response = client.post(
        reverse("backlog:stage", kwargs={"org_slug": org.slug, "pk": usecase.pk}),
        {"stage": "assessed"},
    )
    assert response.status_code == 403
    usecase.refresh_from_db()
    assert usecase.stage == Stage.IDEA


def test_it_explains_why_a_rejection_needs_a_reason(client, org, lead):
    usecase = make_usecase(org)
    client.force_login(lead)
    response = client.post(
        reverse("backlog:stage", kwargs={"org_slug": org.slug, "pk": usecase.pk}),
        {"stage": "rejected", "reason": ""},
        follow=True,
    )
    assert "Give a reason" in response.content.decode()
    usecase.refresh_from_db()
    assert usecase.stage == Stage.IDEA


def test_it_lets_the_author_edit_their_idea_and_records_what_changed(client, org, member):
    usecase = make_usecase(org, by=member, title="Old title")
    client.force_login(member)
    url = reverse("backlog:edit", kwargs={"org_slug": org.slug, "pk": usecase.pk})
    client.post(
        url,
        {
            "title": "New title",
            "problem": usecase.problem,
            "solution": usecase.solution,
            "departments": [d.pk for d in usecase.departments.all()],
            "data_readiness": "ready",
            "personal_data": "unknown",
            "technique": "other",
            "effort": "unknown",
        },
    )
    change = Change.objects.get(action="updated")
    assert change.fields == {
        "title": ["Old title", "New title"],
        "data_readiness": ["unknown", "ready"],
    }
    assert change.actor == member


def test_it_asks_whether_the_data_is_available_right_after_which_data(client, org, member):
    client.force_login(member)
    response = client.get(reverse("backlog:new", kwargs={"org_slug": org.slug}))
    fields = list(response.context["form"].fields)
    assert fields.index("data_readiness") == fields.index("data_used") + 1
    page = response.content.decode()
    assert "Is the data it needs available?" in page
    assert 'type="radio" name="data_readiness" value="unknown"' in page
    assert "Available, needs work" in page


def test_it_shows_the_data_readiness_on_the_use_case_page(client, org, member):
    usecase = make_usecase(org, data_readiness="missing")
    client.force_login(member)
    page = client.get(reverse("backlog:detail", kwargs={"org_slug": org.slug, "pk": usecase.pk}))
    assert "<dt>Data readiness</dt><dd>Not available yet</dd>" in page.content.decode()


def test_it_hides_the_edit_page_from_other_members(client, org, member):
    usecase = make_usecase(org)
    client.force_login(member)
    response = client.get(reverse("backlog:edit", kwargs={"org_slug": org.slug, "pk": usecase.pk}))
    assert response.status_code == 404


def test_it_adds_a_comment(client, org, member):
    usecase = make_usecase(org)
    client.force_login(member)
    client.post(
        reverse("backlog:comment", kwargs={"org_slug": org.slug, "pk": usecase.pk}),
        {"body": "Goed idee!"},
    )
    usecase.refresh_from_db()
    assert usecase.comment_count == 1
    assert usecase.comments.get().author == member


def test_it_shows_the_register_in_dutch(client, org, member):
    make_usecase(org)
    member.language = "nl"
    member.save()
    client.force_login(member)
    page = client.get(list_url(org)).content.decode()
    assert "Idee" in page
    assert "Idee indienen" in page


def test_it_lets_an_evangelist_assess_but_not_select(client, org):
    evangelist = make_member(org, Role.EVANGELIST)
    usecase = make_usecase(org)
    client.force_login(evangelist)
    url = reverse("backlog:stage", kwargs={"org_slug": org.slug, "pk": usecase.pk})
    client.post(url, {"stage": "assessed"})
    assert client.post(url, {"stage": "selected"}).status_code == 403
    usecase.refresh_from_db()
    assert usecase.stage == Stage.ASSESSED
