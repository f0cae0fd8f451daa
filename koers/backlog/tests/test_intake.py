"""Duplicate search at intake: while someone types a new idea, Koers shows the existing ones most
like it ("Is yours one of these?") and lets them support one of those instead."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.backlog.models.usecases import UseCase
from koers.backlog.services.usecases import usecase_merge
from koers.testing.api import api_client
from koers.testing.factories import ctx_for, make_member, make_usecase

pytestmark = pytest.mark.django_db

TITLE = "Automatic invoice matching"
PROBLEM = "Matching supplier invoices to purchase orders takes our accounts payable team days."


@pytest.fixture
def invoices(org):
    return make_usecase(
        org,
        title="Match supplier invoices to purchase orders",
        problem="Accounts payable matches every supplier invoice to its purchase order by hand.",
        solution="A model proposes the matching purchase order for each invoice.",
    )


@pytest.fixture
def unrelated(org):
    return make_usecase(
        org,
        title="Summarise council meeting minutes",
        problem="Writing up the minutes of every council meeting takes the clerk hours.",
        solution="A language model drafts the minutes from the recording.",
    )


def _similar(client, org, **params):
    return client.get(reverse("backlog:similar", kwargs={"org_slug": org.slug}), params)


class TestSuggestions:
    def test_it_suggests_the_similar_use_case_with_why(self, client, org, member, invoices):
        client.force_login(member)
        response = _similar(client, org, title=TITLE, problem=PROBLEM)
        assert response.status_code == 200
        html = response.text
        assert "Is yours one of these?" in html
        assert invoices.reference in html and invoices.title in html
        assert "Shared key terms" in html
        assert "invoice" in html.lower().split("shared key terms", 1)[1]
        assert "Finance" in html  # its department
        assert "%" in html  # the similarity as a percentage

    def test_it_offers_to_support_the_existing_one_with_a_csrf_protected_vote(
        self, client, org, member, invoices
    ):
        client.force_login(member)
        html = _similar(client, org, title=TITLE, problem=PROBLEM).text
        vote = reverse("backlog:vote", kwargs={"org_slug": org.slug, "pk": invoices.pk})
        assert "Support this one instead" in html
        assert f'formaction="{vote}"' in html
        assert "csrfmiddlewaretoken" in html

    def test_it_leaves_out_use_cases_that_only_share_an_incidental_word(
        self, client, org, member, invoices, unrelated
    ):
        client.force_login(member)
        html = _similar(client, org, title=TITLE, problem=PROBLEM).text
        assert invoices.title in html
        assert unrelated.title not in html
        other_need = "Plan the maintenance of our delivery trucks"
        assert _similar(client, org, title=other_need).text.strip() == ""

    def test_it_gives_an_empty_region_for_fewer_than_three_words(
        self, client, org, member, invoices
    ):
        client.force_login(member)
        assert _similar(client, org).text.strip() == ""
        assert _similar(client, org, title="Invoice matching").text.strip() == ""

    def test_it_never_suggests_a_merged_use_case(self, client, org, member, lead, invoices):
        copy = make_usecase(org, title=invoices.title, problem=invoices.problem)
        usecase_merge(ctx_for(lead, org), duplicate=copy, keep=invoices)
        client.force_login(member)
        html = _similar(client, org, title=TITLE, problem=PROBLEM).text
        detail = reverse("backlog:detail", kwargs={"org_slug": org.slug, "pk": copy.pk})
        assert invoices.reference in html
        assert detail not in html

    def test_it_never_suggests_another_organisation_s_use_case(
        self, client, org, other_org, member
    ):
        foreign = make_usecase(other_org, title="Match supplier invoices to purchase orders")
        client.force_login(member)
        html = _similar(client, org, title=TITLE, problem=PROBLEM).text
        assert foreign.title not in html

    def test_it_is_for_members_of_the_organisation_only(self, client, org, other_org):
        client.force_login(make_member(other_org))
        assert _similar(client, org, title=TITLE, problem=PROBLEM).status_code == 404
        client.logout()
        response = _similar(client, org, title=TITLE, problem=PROBLEM)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


class TestIntakeForm:
    def test_it_has_a_polite_live_region_that_fetches_the_suggestions(self, client, org, member):
        client.force_login(member)
        html = client.get(reverse("backlog:new", kwargs={"org_slug": org.slug})).text
        similar = reverse("backlog:similar", kwargs={"org_slug": org.slug})
        assert 'aria-live="polite"' in html
        assert f'data-similar-url="{similar}"' in html
        assert "koers/intake.js" in html

    def test_it_shows_the_suggestions_without_javascript_when_the_form_comes_back(
        self, client, org, member, invoices
    ):
        client.force_login(member)
        response = client.post(
            reverse("backlog:new", kwargs={"org_slug": org.slug}),
            {"title": TITLE, "problem": PROBLEM},  # no solution: shown again with errors
        )
        assert response.status_code == 200
        assert "Is yours one of these?" in response.text
        assert invoices.reference in response.text
        assert UseCase.objects.count() == 1

    def test_it_supports_the_existing_one_instead_of_submitting_a_new_one(
        self, client, org, member, invoices
    ):
        client.force_login(member)
        vote = reverse("backlog:vote", kwargs={"org_slug": org.slug, "pk": invoices.pk})
        response = client.post(vote, {"vote": "1", "instead_of_new": "1"}, follow=True)
        detail = reverse("backlog:detail", kwargs={"org_slug": org.slug, "pk": invoices.pk})
        assert response.redirect_chain[-1][0] == detail
        assert (
            f"You support {invoices.reference} now; no new use case was submitted." in response.text
        )
        invoices.refresh_from_db()
        assert invoices.vote_count == 1
        assert UseCase.objects.count() == 1


class TestApi:
    def _url(self, org):
        return f"/api/v1/orgs/{org.slug}/usecases/similar"

    def test_it_answers_with_the_similar_use_cases_and_why(self, org, member, invoices, unrelated):
        response = api_client(member).post(
            self._url(org), {"title": TITLE, "problem": PROBLEM}, content_type="application/json"
        )
        assert response.status_code == 200
        first = response.json()[0]
        assert (first["id"], first["reference"], first["title"]) == (
            invoices.pk,
            invoices.reference,
            invoices.title,
        )
        assert 0 < first["score"] <= 1
        assert any("invoice" in term for term in first["terms"])
        assert first["url"].endswith(f"/o/{org.slug}/usecases/{invoices.pk}/")

    def test_it_answers_an_empty_list_for_fewer_than_three_words(self, org, member, invoices):
        response = api_client(member).post(
            self._url(org), {"title": "Invoices"}, content_type="application/json"
        )
        assert response.status_code == 200
        assert response.json() == []

    def test_it_changes_nothing(self, org, member, invoices):
        api_client(member).post(
            self._url(org), {"title": TITLE, "problem": PROBLEM}, content_type="application/json"
        )
        assert UseCase.objects.count() == 1
        invoices.refresh_from_db()
        assert invoices.vote_count == 0
