"""Merging duplicates: one use case stays and gathers the votes, comments and history of both."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from koers.backlog.models.usecases import Comment, Stage, UseCase, Vote
from koers.backlog.selectors.usecases import UseCaseFilter, usecase_list
from koers.backlog.services.themes import (
    DUPLICATE_AT,
    usecase_duplicates,
    usecase_similar,
    usecase_text,
)
from koers.backlog.services.usecases import (
    comment_create,
    usecase_change_stage,
    usecase_merge,
    usecase_vote,
)
from koers.core.models import Change
from koers.orgs.models import Role
from koers.testing.api import api_client
from koers.testing.factories import ctx_for, make_member, make_usecase

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(org):
    """Two use cases about the same need, from different departments."""
    finance, hr = org.departments.get(name="Finance"), org.departments.get(name="HR")
    keep = make_usecase(org, title="Match supplier invoices", department_ids=(finance.pk,))
    duplicate = make_usecase(org, title="Invoice matching with AI", department_ids=(hr.pk,))
    return duplicate, keep


def _vote(org, user, usecase):
    usecase_vote(ctx_for(user, org), usecase=usecase)


def _state(*usecases):
    """Everything a merge may change, to prove that a refused one changed nothing."""
    ids = [u.pk for u in usecases]
    return (
        list(UseCase.objects.filter(pk__in=ids).order_by("pk").values()),
        sorted(Vote.objects.filter(usecase__in=ids).values_list("usecase_id", "user_id")),
        sorted(Comment.objects.filter(usecase__in=ids).values_list("usecase_id", "id")),
        sorted(UseCase.departments.through.objects.filter(usecase__in=ids).values_list()),
        Change.objects.count(),
    )


class TestService:
    def test_it_moves_the_votes_and_counts_a_person_who_voted_for_both_once(self, org, lead, pair):
        duplicate, keep = pair
        both, only_duplicate, only_keep = (make_member(org) for _ in range(3))
        for user in (both, only_duplicate):
            _vote(org, user, duplicate)
        for user in (both, only_keep):
            _vote(org, user, keep)

        kept = usecase_merge(ctx_for(lead, org), duplicate=duplicate, keep=keep)

        voters = set(Vote.objects.filter(usecase=keep).values_list("user_id", flat=True))
        assert voters == {both.pk, only_duplicate.pk, only_keep.pk}
        assert kept.vote_count == 3
        duplicate.refresh_from_db()
        assert duplicate.vote_count == 0
        assert not Vote.objects.filter(usecase=duplicate).exists()

    def test_it_moves_the_comments_with_their_author_and_date(self, org, lead, member, pair):
        duplicate, keep = pair
        comment = comment_create(ctx_for(member, org), usecase=duplicate, body="We need this too.")
        comment_create(ctx_for(lead, org), usecase=keep, body="Finance has tried this.")

        kept = usecase_merge(ctx_for(lead, org), duplicate=duplicate, keep=keep)

        moved = Comment.objects.get(pk=comment.pk)
        assert (moved.usecase_id, moved.author, moved.created_at, moved.body) == (
            keep.pk,
            member,
            comment.created_at,
            "We need this too.",
        )
        assert kept.comment_count == 2
        duplicate.refresh_from_db()
        assert duplicate.comment_count == 0

    def test_it_adds_the_departments_of_the_duplicate_to_the_one_that_stays(self, org, lead, pair):
        duplicate, keep = pair
        usecase_merge(ctx_for(lead, org), duplicate=duplicate, keep=keep)
        assert set(keep.departments.values_list("name", flat=True)) == {"Finance", "HR"}

    def test_it_closes_the_duplicate_as_merged_into_the_other(self, org, lead, pair):
        duplicate, keep = pair
        usecase_merge(ctx_for(lead, org), duplicate=duplicate, keep=keep)
        duplicate.refresh_from_db()
        assert duplicate.merged_into == keep
        assert duplicate.stage == Stage.REJECTED
        assert duplicate.rejection_reason == f"Merged into {keep.reference}"

    def test_it_records_the_merge_in_both_histories(self, org, lead, pair):
        duplicate, keep = pair
        usecase_merge(ctx_for(lead, org), duplicate=duplicate, keep=keep, note="Same need.")

        on_duplicate = Change.objects.get(subject_id=duplicate.pk, action="merged_into")
        assert on_duplicate.actor == lead
        assert on_duplicate.fields["merged_into"] == [None, str(keep)]
        assert on_duplicate.fields["stage"] == [Stage.IDEA, Stage.REJECTED]
        assert on_duplicate.note == "Same need."
        on_keep = Change.objects.get(subject_id=keep.pk, action="duplicate_merged")
        assert on_keep.fields["departments"] == [["Finance"], ["Finance", "HR"]]
        assert duplicate.reference in on_keep.note and "Same need." in on_keep.note

    def test_it_leaves_merged_use_cases_out_of_the_register_and_its_search(self, org, lead, pair):
        duplicate, keep = pair
        usecase_merge(ctx_for(lead, org), duplicate=duplicate, keep=keep)
        assert list(usecase_list(organisation=org)) == [keep]
        found = usecase_list(organisation=org, filters=UseCaseFilter(q="invoice"))
        assert list(found) == [keep]
        assert not usecase_list(organisation=org, filters=UseCaseFilter(q=duplicate.reference))

    def test_it_lets_only_leads_and_admins_merge(self, org, pair):
        duplicate, keep = pair
        for role in (Role.MEMBER, Role.EVANGELIST):
            with pytest.raises(PermissionDenied):
                usecase_merge(ctx_for(make_member(org, role), org), duplicate=duplicate, keep=keep)
        usecase_merge(ctx_for(make_member(org, Role.ADMIN), org), duplicate=duplicate, keep=keep)

    def test_it_refuses_a_use_case_of_another_organisation_and_changes_nothing(
        self, org, other_org, lead, pair
    ):
        duplicate, _keep = pair
        foreign = make_usecase(other_org)
        before = _state(duplicate, foreign)
        with pytest.raises(ValidationError):
            usecase_merge(ctx_for(lead, org), duplicate=duplicate, keep=foreign)
        with pytest.raises(ValidationError):
            usecase_merge(ctx_for(lead, org), duplicate=foreign, keep=duplicate)
        assert _state(duplicate, foreign) == before

    def test_it_refuses_to_merge_a_use_case_into_itself(self, org, lead, pair):
        duplicate, _keep = pair
        before = _state(duplicate)
        with pytest.raises(ValidationError):
            usecase_merge(ctx_for(lead, org), duplicate=duplicate, keep=duplicate)
        assert _state(duplicate) == before

    def test_it_refuses_merged_use_cases_on_either_side_and_changes_nothing(
        self, org, lead, member, pair
    ):
        duplicate, keep = pair
        ctx = ctx_for(lead, org)
        usecase_merge(ctx, duplicate=duplicate, keep=keep)
        third = make_usecase(org)
        _vote(org, member, third)
        before = _state(duplicate, keep, third)
        with pytest.raises(ValidationError, match="was merged into"):
            usecase_merge(ctx, duplicate=third, keep=duplicate)
        with pytest.raises(ValidationError, match="was merged into"):
            usecase_merge(ctx, duplicate=duplicate, keep=third)
        assert _state(duplicate, keep, third) == before

    def test_it_refuses_votes_comments_and_stage_changes_on_a_merged_use_case(
        self, org, lead, member, pair
    ):
        duplicate, keep = pair
        usecase_merge(ctx_for(lead, org), duplicate=duplicate, keep=keep)
        duplicate.refresh_from_db()
        with pytest.raises(ValidationError, match=keep.reference):
            usecase_vote(ctx_for(member, org), usecase=duplicate)
        with pytest.raises(ValidationError):
            comment_create(ctx_for(member, org), usecase=duplicate, body="Still needed.")
        with pytest.raises(ValidationError):
            usecase_change_stage(ctx_for(lead, org), usecase=duplicate, stage=Stage.IDEA)
        assert duplicate.vote_count == 0 and not duplicate.comments.exists()


def _detail(org, usecase):
    return reverse("backlog:detail", kwargs={"org_slug": org.slug, "pk": usecase.pk})


def _merge_url(org, usecase):
    return reverse("backlog:merge", kwargs={"org_slug": org.slug, "pk": usecase.pk})


class TestPages:
    def test_it_merges_by_reference_from_the_kept_use_case(self, client, org, lead, pair):
        duplicate, keep = pair
        client.force_login(lead)
        response = client.post(
            _merge_url(org, keep),
            {"other": duplicate.reference.lower(), "direction": "into_this", "note": "Same."},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == _detail(org, keep)
        assert f"{duplicate.reference} is merged into {keep.reference}" in response.text
        duplicate.refresh_from_db()
        assert duplicate.merged_into == keep

    def test_it_merges_the_page_s_use_case_into_the_other(self, client, org, lead, pair):
        duplicate, keep = pair
        client.force_login(lead)
        response = client.post(
            _merge_url(org, duplicate), {"other": keep.reference, "direction": "into_other"}
        )
        assert response.url == _detail(org, keep)
        duplicate.refresh_from_db()
        assert duplicate.merged_into == keep

    def test_it_explains_an_unknown_reference_and_changes_nothing(self, client, org, lead, pair):
        duplicate, keep = pair
        client.force_login(lead)
        before = _state(duplicate, keep)
        response = client.post(
            _merge_url(org, keep), {"other": "UC-999", "direction": "into_this"}, follow=True
        )
        assert "There is no use case UC-999 in this organisation." in response.text
        assert _state(duplicate, keep) == before

    def test_it_does_not_let_a_member_merge(self, client, org, member, pair):
        duplicate, keep = pair
        client.force_login(member)
        response = client.post(
            _merge_url(org, keep), {"other": duplicate.reference, "direction": "into_this"}
        )
        assert response.status_code == 403
        duplicate.refresh_from_db()
        assert duplicate.merged_into is None

    def test_it_shows_leads_the_merge_panel_and_members_not(self, client, org, lead, member, pair):
        _duplicate, keep = pair
        client.force_login(lead)
        assert "Possible duplicates" in client.get(_detail(org, keep)).text
        client.force_login(member)
        assert "Possible duplicates" not in client.get(_detail(org, keep)).text

    def test_it_says_on_the_duplicate_where_it_went_and_offers_no_vote(
        self, client, org, lead, member, pair
    ):
        duplicate, keep = pair
        usecase_merge(ctx_for(lead, org), duplicate=duplicate, keep=keep)
        client.force_login(member)
        response = client.get(_detail(org, duplicate))
        assert response.status_code == 200
        assert "Merged into" in response.text
        assert f'href="{_detail(org, keep)}"' in response.text
        assert "Vote for this idea" not in response.text

    def test_it_shows_the_duplicate_s_history_on_the_kept_one_s_history_page(
        self, client, org, lead, member, pair
    ):
        duplicate, keep = pair
        comment_create(ctx_for(member, org), usecase=duplicate, body="Our team needs this.")
        usecase_merge(ctx_for(lead, org), duplicate=duplicate, keep=keep)
        client.force_login(member)
        url = reverse("backlog:history", kwargs={"org_slug": org.slug, "pk": keep.pk})
        response = client.get(url)
        assert f"History of {duplicate.reference}, merged into this one" in response.text
        assert "Our team needs this." in response.text  # the duplicate's comment entry

    def test_it_keeps_the_duplicate_out_of_the_register_list(self, client, org, lead, member, pair):
        duplicate, keep = pair
        usecase_merge(ctx_for(lead, org), duplicate=duplicate, keep=keep)
        client.force_login(member)
        response = client.get(reverse("backlog:list", kwargs={"org_slug": org.slug}))
        assert keep.title in response.text
        assert duplicate.title not in response.text


class TestApi:
    def _url(self, org, usecase):
        return f"/api/v1/orgs/{org.slug}/usecases/{usecase.pk}/merge"

    def test_it_merges_and_answers_with_the_kept_use_case(self, org, lead, member, pair):
        duplicate, keep = pair
        _vote(org, member, duplicate)
        response = api_client(lead).post(
            self._url(org, duplicate), {"into": keep.pk}, content_type="application/json"
        )
        assert response.status_code == 200
        body = response.json()
        assert (body["id"], body["vote_count"], body["merged_into"]) == (keep.pk, 1, None)
        merged = api_client(lead).get(f"/api/v1/orgs/{org.slug}/usecases/{duplicate.pk}").json()
        assert merged["merged_into"] == keep.pk

    def test_it_answers_422_for_a_use_case_of_another_organisation(
        self, org, other_org, lead, pair
    ):
        duplicate, _keep = pair
        foreign = make_usecase(other_org)
        response = api_client(lead).post(
            self._url(org, duplicate), {"into": foreign.pk}, content_type="application/json"
        )
        assert response.status_code == 422
        assert "into" in response.json()["errors"]
        duplicate.refresh_from_db()
        assert duplicate.merged_into is None

    def test_it_answers_403_to_a_member(self, org, member, pair):
        duplicate, keep = pair
        response = api_client(member).post(
            self._url(org, duplicate), {"into": keep.pk}, content_type="application/json"
        )
        assert response.status_code == 403


def test_a_use_case_s_duplicates_are_those_of_its_text_in_the_backlog(org, lead):
    ctx = ctx_for(lead, org)
    usecases = [
        make_usecase(org, title="Match supplier invoices"),
        make_usecase(org, title="Invoice matching with AI"),
        make_usecase(org, title="Summarise council minutes", problem="Minutes are long."),
        make_usecase(org, title="Matching invoices to orders"),
    ]
    for usecase in usecases:
        by_text = [
            (s.usecase.pk, round(s.score, 5), s.terms)
            for s in usecase_similar(ctx, text=usecase_text(usecase), exclude=usecase)
            if s.score >= DUPLICATE_AT
        ]
        found = usecase_duplicates(ctx, usecase=usecase)
        assert [(s.usecase.pk, round(s.score, 5), s.terms) for s in found] == by_text
    assert usecase_duplicates(ctx, usecase=usecases[0])  # the test has duplicates to compare
