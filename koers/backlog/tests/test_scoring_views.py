"""The quadrant page, the weights page and the score on a use case's page."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from koers.backlog.models.scoring import ScoringWeights
from koers.backlog.models.usecases import Effort, Stage, UseCase
from koers.core.models import Change
from koers.orgs.models import Role
from koers.testing.factories import make_member, make_usecase

pytestmark = pytest.mark.django_db

TIMES = "\N{MULTIPLICATION SIGN}"


def _url(name, org):
    return reverse(f"backlog:{name}", kwargs={"org_slug": org.slug})


VALID = {
    "hourly_cost_eur": "80",
    "weight_value": "50",
    "weight_effort": "30",
    "weight_risk": "10",
    "weight_data_readiness": "10",
}


class TestQuadrant:
    def test_it_shows_the_open_backlog_as_linked_points_and_a_table(self, client, org, member):
        quick = make_usecase(org, title="Draft minutes", effort=Effort.DAYS)
        rejected = make_usecase(org, title="Rejected idea")
        UseCase.objects.filter(pk=rejected.pk).update(stage=Stage.REJECTED)
        client.force_login(member)
        response = client.get(_url("quadrant", org))
        assert response.status_code == 200
        page = response.content.decode()
        detail = reverse("backlog:detail", kwargs={"org_slug": org.slug, "pk": quick.pk})
        assert page.count(f'href="{detail}"') == 3  # the dot, the list of dots, the table row
        assert "<svg" in page and "<table" in page
        assert "Draft minutes" in page
        assert "Rejected idea" not in page

    def test_it_writes_out_the_formula_with_the_current_weights(self, client, org, member):
        make_usecase(org, hours_saved_per_month=Decimal(10))
        client.force_login(member)
        page = client.get(_url("quadrant", org)).content.decode()
        terms = ["40% _ value", "30% _ low effort", "15% _ low risk", "15% _ data readiness"]
        assert " + ".join(terms).replace("_", TIMES) in page
        assert f"{TIMES} € 60.00" in page
        assert "Days 1 · Weeks 0.67 · Months 0.33 · More than three months 0" in page

    def test_it_sorts_the_table_by_score_both_ways(self, client, org, member):
        low = make_usecase(org, title="Slow one", effort=Effort.QUARTERS)
        high = make_usecase(org, title="Fast one", effort=Effort.DAYS)
        client.force_login(member)
        first = client.get(_url("quadrant", org)).context["quadrant"].items
        flipped = client.get(_url("quadrant", org), {"sort": "score_asc"}).context["quadrant"]
        assert [s.usecase for s in first] == [high, low]
        assert [s.usecase for s in flipped.items] == [low, high]

    def test_it_links_to_the_weights_only_for_leads_and_admins(self, client, org, member, lead):
        weights = _url("weights", org)
        client.force_login(member)
        assert weights not in client.get(_url("quadrant", org)).content.decode()
        client.force_login(lead)
        assert weights in client.get(_url("quadrant", org)).content.decode()

    def test_it_is_linked_from_the_backlog(self, client, org, member):
        client.force_login(member)
        page = client.get(reverse("backlog:list", kwargs={"org_slug": org.slug}))
        assert _url("quadrant", org) in page.content.decode()


class TestWeights:
    @pytest.mark.parametrize("role", [Role.MEMBER, Role.EVANGELIST])
    def test_it_refuses_members_and_evangelists(self, client, org, role):
        client.force_login(make_member(org, role))
        assert client.get(_url("weights", org)).status_code == 403
        assert client.post(_url("weights", org), VALID).status_code == 403
        assert not ScoringWeights.objects.filter(weight_value=50).exists()

    def test_it_hides_the_page_from_non_members(self, client, org, other_org):
        client.force_login(make_member(other_org, Role.ADMIN))
        assert client.get(_url("weights", org)).status_code == 404

    def test_it_shows_the_current_weights(self, client, org, lead):
        client.force_login(lead)
        form = client.get(_url("weights", org)).context["form"]
        assert form.initial["weight_value"] == 40
        assert form.initial["hourly_cost_eur"] == Decimal("60.00")

    @pytest.mark.parametrize("role", [Role.LEAD, Role.ADMIN])
    def test_it_saves_new_weights_and_goes_to_the_quadrant(self, client, org, role):
        user = make_member(org, role)
        client.force_login(user)
        response = client.post(_url("weights", org), VALID)
        assert response.status_code == 302
        assert response.url == _url("quadrant", org)
        weights = ScoringWeights.objects.get(organisation=org)
        assert (weights.hourly_cost_eur, weights.weight_value) == (Decimal("80.00"), 50)
        assert Change.objects.get(subject="backlog.scoringweights").actor == user

    @pytest.mark.parametrize(
        ("bad", "field"),
        [
            ({"weight_effort": "-1"}, "weight_effort"),
            ({"weight_value": "lots"}, "weight_value"),
            ({"hourly_cost_eur": ""}, "hourly_cost_eur"),
            ({"weight_risk": "101"}, "weight_risk"),
            (
                {
                    "weight_value": "0",
                    "weight_effort": "0",
                    "weight_risk": "0",
                    "weight_data_readiness": "0",
                },
                "__all__",
            ),
        ],
    )
    def test_it_shows_the_form_again_with_errors_and_changes_nothing(
        self, client, org, lead, bad, field
    ):
        client.force_login(lead)
        response = client.post(_url("weights", org), {**VALID, **bad})
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert 'class="errorlist' in response.content.decode()
        assert ScoringWeights.objects.get(organisation=org).weight_value == 40
        assert not Change.objects.filter(subject="backlog.scoringweights").exists()


class TestOnTheUseCasePage:
    def test_it_shows_the_score_its_components_and_quadrant(self, client, org, member):
        usecase = make_usecase(org, effort=Effort.DAYS, hours_saved_per_month=Decimal(20))
        client.force_login(member)
        response = client.get(
            reverse("backlog:detail", kwargs={"org_slug": org.slug, "pk": usecase.pk})
        )
        page = response.content.decode()
        assert "Quick-win score" in page
        assert "Quick win" in page
        assert "Low effort" in page
        assert _url("quadrant", org) in page


def test_the_chart_leaves_out_use_cases_without_any_estimate_and_says_so(client, org, member):
    make_usecase(org, title="Estimated", hours_saved_per_month=Decimal("10"), effort=Effort.DAYS)
    make_usecase(org, title="Not estimated")
    client.force_login(member)
    page = client.get(reverse("backlog:quadrant", kwargs={"org_slug": org.slug})).content.decode()
    assert page.count("<circle") == 1
    assert "1 use case has no estimate of its value or its effort yet" in page
    assert "Not estimated" in page  # still in the table


def test_use_cases_whose_points_meet_share_one_numbered_dot_and_the_list_names_them(
    client, org, member
):
    same = {"hours_saved_per_month": Decimal("10"), "effort": Effort.DAYS}
    first = make_usecase(org, title="First twin", **same)
    second = make_usecase(org, title="Second twin", **same)
    client.force_login(member)
    page = client.get(reverse("backlog:quadrant", kwargs={"org_slug": org.slug})).content.decode()
    assert page.count('r="2.9"') == 1  # one dot, drawn as a stack of two
    assert 'href="#dot-1"' in page
    dot = page[page.index('<li id="dot-1">') :]
    dot = dot[: dot.index("</li>")]
    assert "First twin" in dot and "Second twin" in dot
    for usecase in (first, second):
        assert reverse("backlog:detail", kwargs={"org_slug": org.slug, "pk": usecase.pk}) in dot


def test_the_dots_hints_write_scores_the_dutch_way(client, org, member):
    make_usecase(org, title="Notulen", hours_saved_per_month=Decimal("10"), effort=Effort.DAYS)
    member.language = "nl"
    member.save(update_fields=["language"])
    client.force_login(member)
    page = client.get(reverse("backlog:quadrant", kwargs={"org_slug": org.slug})).content.decode()
    hint = page[page.index("<title>1: ") :]
    hint = hint[: hint.index("</title>")]
    assert re.search(r"Notulen \(\d,\d\d\)", hint), hint
