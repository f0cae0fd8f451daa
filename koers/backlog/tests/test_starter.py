"""The starter catalogue on the quick-win page and the empty backlog, and adding from it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.backlog.models.usecases import UseCase
from koers.backlog.services.starter import usecase_add_from_starter
from koers.core.models import Change
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_usecase

pytestmark = pytest.mark.django_db


def add_url(org):
    return reverse("backlog:starter_add", kwargs={"org_slug": org.slug})


def quadrant_url(org):
    return reverse("backlog:quadrant", kwargs={"org_slug": org.slug})


def test_the_quick_win_page_lists_the_catalogue_with_peer_adoption_in_dutch(client, org, member):
    client.force_login(member)
    page = client.get(quadrant_url(org), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Startcatalogus" in page
    assert "Eerste versies van teksten schrijven" in page
    assert "40 van de 45 overheidsdiensten gebruiken dit al" in page
    assert "Aan de backlog toevoegen" in page


def test_the_quick_win_page_lists_the_catalogue_with_peer_adoption_in_english(client, org, member):
    client.force_login(member)
    page = client.get(quadrant_url(org), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Starter catalogue" in page
    assert "Write first drafts" in page
    assert "40 of 45 agencies already use this" in page


def test_an_empty_backlog_offers_the_catalogue_and_a_full_one_does_not(client, org, member):
    client.force_login(member)
    url = reverse("backlog:list", kwargs={"org_slug": org.slug})
    assert (
        "Lange rapporten samenvatten" in client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    )
    make_usecase(org)
    assert (
        "Lange rapporten samenvatten"
        not in client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    )


def test_a_member_adds_a_use_for_their_department_with_its_origin_and_history(client, org):
    hr = org.departments.get(name="HR")
    member = make_member(org, Role.MEMBER, department=hr)
    client.force_login(member)
    page = client.get(quadrant_url(org), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert f'<option value="{hr.pk}" selected>HR</option>' in page
    response = client.post(
        add_url(org),
        {"key": "summarise_reports", "department": hr.pk, "next": quadrant_url(org)},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    usecase = UseCase.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "backlog:detail", kwargs={"org_slug": org.slug, "pk": usecase.pk}
    )
    assert usecase.title == "Lange rapporten samenvatten"
    assert usecase.solution.startswith("AI zet de hoofdpunten")
    assert (
        usecase.benefits == "39 van de 44 Amerikaanse federale overheidsdiensten gebruiken dit al."
    )
    assert usecase.source == {"starter": "summarise_reports"}
    assert usecase.submitted_by == member
    assert list(usecase.departments.all()) == [hr]
    assert Change.objects.filter(subject_id=usecase.pk, action="created").exists()
    page = client.get(quadrant_url(org), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert f'{usecase.reference}</a> <span class="tag">HR</span>' in page


def test_the_same_use_twice_for_the_same_department_is_refused(client, org, member):
    client.force_login(member)
    finance = org.departments.get(name="Finance")
    data = {"key": "generate_code", "department": finance.pk, "next": quadrant_url(org)}
    client.post(add_url(org), data, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(add_url(org), {**data, "add_anyway": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response.url == quadrant_url(org)
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This use is already on the backlog for Finance: UC-1 Write code with AI." in page
    assert UseCase.objects.count() == 1


def test_a_similar_use_case_is_shown_and_linked_instead_of_adding_a_second(client, org, member):
    existing = make_usecase(
        org,
        title="Summarise long reports",
        problem="Reading long reports and policy papers takes hours; we want their key points.",
    )
    client.force_login(member)
    finance = org.departments.get(name="Finance")
    data = {"key": "summarise_reports", "department": finance.pk, "next": quadrant_url(org)}
    response = client.post(add_url(org), data, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Summarise long reports" in page
    assert "already on the backlog?" in page
    assert reverse("backlog:detail", kwargs={"org_slug": org.slug, "pk": existing.pk}) in page
    assert UseCase.objects.count() == 1
    dutch = client.post(add_url(org), data, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "al in de backlog?" in dutch
    assert "Er is nog niets toegevoegd." in dutch
    assert "Toch toevoegen" in dutch
    response = client.post(add_url(org), {**data, "add_anyway": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert UseCase.objects.count() == 2


def test_another_organisations_user_cannot_add(client, org, other_org):
    outsider = make_member(other_org, Role.ADMIN)
    client.force_login(outsider)
    department = org.departments.first()
    response = client.post(add_url(org), {"key": "generate_code", "department": department.pk})
    assert response.status_code == 404
    assert not UseCase.objects.exists()
    assert not Change.objects.filter(action="created").exists()


@pytest.mark.parametrize("department", ["", "abc", "0", "-3", "999999", "other-org"])
def test_a_bad_department_gives_a_clear_error_and_changes_nothing(
    client, org, other_org, member, department
):
    if department == "other-org":
        department = other_org.departments.get().pk
    client.force_login(member)
    response = client.post(
        add_url(org),
        {"key": "generate_code", "department": department, "next": quadrant_url(org)},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 302
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Kies een afdeling van deze organisatie." in page
    assert not UseCase.objects.exists()
    assert not Change.objects.filter(action="created").exists()


def test_an_unknown_catalogue_key_is_refused(client, org, member):
    client.force_login(member)
    response = client.post(
        add_url(org),
        {"key": "mind_reading", "department": org.departments.first().pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Choose a use from the starter catalogue." in page
    assert not UseCase.objects.exists()


def test_other_catalogue_uses_do_not_count_as_similar_but_the_same_use_elsewhere_does(org, member):
    ctx = ctx_for(member, org)
    finance, hr = org.departments.order_by("name")
    first = usecase_add_from_starter(
        ctx, key="first_drafts", department_id=finance.pk, language="en"
    ).usecase
    # "AI assistant in the word processor" shares words with "Write first drafts", but the
    # catalogue lists them as two uses: no question asked.
    added = usecase_add_from_starter(
        ctx, key="word_processor", department_id=finance.pk, language="en"
    )
    assert added.usecase is not None
    again = usecase_add_from_starter(ctx, key="first_drafts", department_id=hr.pk, language="en")
    assert again.usecase is None
    assert [s.usecase for s in again.similar] == [first]
