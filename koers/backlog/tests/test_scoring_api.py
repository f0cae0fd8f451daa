"""Scoring over the JSON API: the same weights, scores and permissions as the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from koers.backlog.models.scoring import ScoringWeights
from koers.backlog.models.usecases import Effort, Stage, UseCase
from koers.core.models import Change
from koers.orgs.models import Role
from koers.testing.api import api_client
from koers.testing.factories import make_member, make_usecase

pytestmark = pytest.mark.django_db


def _weights(org):
    return f"/api/v1/orgs/{org.slug}/scoring/weights"


def _scores(org):
    return f"/api/v1/orgs/{org.slug}/usecases/scores"


def _put(client, url, data):
    return client.put(url, data, content_type="application/json")


# The defaults, as a whole set.
WEIGHTS = {
    "hourly_cost_eur": 60,
    "weight_value": 40,
    "weight_effort": 30,
    "weight_risk": 15,
    "weight_data_readiness": 15,
}


class TestWeights:
    def test_it_gives_every_member_the_weights_and_their_shares(self, org, member):
        body = api_client(member).get(_weights(org)).json()
        assert body["hourly_cost_eur"] == 60
        assert (body["weight_value"], body["weight_effort"]) == (40, 30)
        assert body["shares"] == pytest.approx(
            {"value": 0.4, "low_effort": 0.3, "low_risk": 0.15, "data_ready": 0.15}
        )

    def test_it_lets_a_lead_replace_them(self, org, lead):
        response = _put(
            api_client(lead), _weights(org), {**WEIGHTS, "hourly_cost_eur": 90, "weight_risk": 0}
        )
        assert response.status_code == 200
        assert response.json()["shares"]["low_risk"] == 0
        weights = ScoringWeights.objects.get(organisation=org)
        assert (weights.hourly_cost_eur, weights.weight_risk, weights.weight_value) == (
            Decimal(90),
            0,
            40,
        )
        assert Change.objects.get(subject="backlog.scoringweights").actor == lead

    @pytest.mark.parametrize("role", [Role.MEMBER, Role.EVANGELIST])
    def test_it_refuses_members_and_evangelists(self, org, role):
        response = _put(
            api_client(make_member(org, role)), _weights(org), {**WEIGHTS, "weight_value": 1}
        )
        assert response.status_code == 403
        assert not ScoringWeights.objects.filter(weight_value=1).exists()

    def test_it_answers_404_to_non_members(self, org, other_org):
        client = api_client(make_member(other_org, Role.ADMIN))
        assert client.get(_weights(org)).status_code == 404
        assert _put(client, _weights(org), {}).status_code == 404

    @pytest.mark.parametrize(
        ("bad", "field"),
        [
            ({**WEIGHTS, "weight_value": 101}, "weight_value"),
            ({**WEIGHTS, "hourly_cost_eur": -5}, "hourly_cost_eur"),
            (
                {
                    **WEIGHTS,
                    "weight_value": 0,
                    "weight_effort": 0,
                    "weight_risk": 0,
                    "weight_data_readiness": 0,
                },
                "__all__",
            ),
            # Each of these reset every weight to its default before: a PUT that is not a whole
            # set is refused.
            ({**WEIGHTS, "weight_valeu": 3}, "weight_valeu"),
            ({"weight_valeu": 3}, "hourly_cost_eur"),
            ({}, "weight_value"),
            ({**WEIGHTS, "weight_risk": None}, "weight_risk"),
        ],
    )
    def test_it_refuses_impossible_weights_with_422_and_changes_nothing(
        self, org, lead, bad, field
    ):
        client = api_client(lead)
        _put(client, _weights(org), {**WEIGHTS, "weight_value": 70, "hourly_cost_eur": 80})
        response = _put(client, _weights(org), bad)
        assert response.status_code == 422
        assert field in response.json()["errors"]
        weights = ScoringWeights.objects.get(organisation=org)
        assert (weights.weight_value, weights.hourly_cost_eur) == (70, Decimal(80))
        assert Change.objects.filter(subject="backlog.scoringweights").count() == 1


class TestScores:
    def test_it_scores_the_open_backlog_highest_first(self, org, other_org, member):
        slow = make_usecase(org, effort=Effort.QUARTERS)
        fast = make_usecase(org, effort=Effort.DAYS, hours_saved_per_month=Decimal(30))
        gone = make_usecase(org)
        UseCase.objects.filter(pk=gone.pk).update(stage=Stage.RETIRED)
        make_usecase(other_org)
        body = api_client(member).get(_scores(org)).json()
        assert [item["id"] for item in body["items"]] == [fast.pk, slow.pk]
        top = body["items"][0]
        assert top["quadrant"] == "quick_win"
        assert 0 <= top["quick_win_score"] <= 1
        assert top["value_eur_per_year"] == 30 * 12 * 60
        assert set(top["components"]) == {"value", "low_effort", "low_risk", "data_ready"}
        assert "effort" not in top["unknown"]
        assert "effort" in body["items"][1]["unknown"] or slow.effort == Effort.QUARTERS
        assert top["url"].endswith(f"/usecases/{fast.pk}/")
        assert body["value_scale_eur"] > 0
        assert body["weights"]["weight_value"] == 40

    def test_it_answers_404_to_non_members(self, org, other_org):
        client = api_client(make_member(other_org, Role.ADMIN))
        assert client.get(_scores(org)).status_code == 404
