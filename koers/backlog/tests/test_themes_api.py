"""Themes and the backlog analysis over the JSON API: the same services and permissions as the
pages."""

from __future__ import annotations

import json

import pytest

from koers.backlog.models.themes import Theme, ThemeMember, ThemeRun
from koers.backlog.services import themes as services
from koers.core.models import Change
from koers.orgs.models import Role
from koers.testing.api import api_client
from koers.testing.factories import make_member, make_usecase

pytestmark = pytest.mark.django_db


@pytest.fixture
def backlog(backlog, org):
    services.themes_recompute(org)
    return backlog


def _theme_of(usecase) -> Theme:
    return ThemeMember.objects.get(usecase=usecase).theme


def _themes(org):
    return f"/api/v1/orgs/{org.slug}/themes"


def _send(client, method, url, data):
    return client.generic(method, url, json.dumps(data), content_type="application/json")


class TestThemeList:
    def test_it_gives_every_member_the_themes_with_their_use_cases(self, org, member, backlog):
        body = api_client(member).get(_themes(org)).json()
        assert body["computed_at"] and body["recompute_queued"] is False
        chat = next(t for t in body["themes"] if t["id"] == _theme_of(backlog[0]).pk)
        assert chat["size"] == 3
        assert chat["departments"] == ["Finance", "HR"] and chat["cross_departmental"] is False
        assert chat["name"] == "" and chat["label"] == chat["name_en"]
        assert chat["name_nl"] == "Vragen beantwoorden met een chatbot"
        assert chat["terms_nl"][: len(chat["terms"])] and "vragen" in chat["terms_nl"]
        assert chat["representative"]["id"] in {u.pk for u in backlog[:3]}
        assert {m["reference"] for m in chat["members"]} == {u.reference for u in backlog[:3]}
        assert set(chat["members"][0]) == {"id", "reference", "title", "weak"}
        assert sum(t["size"] for t in body["themes"]) == len(backlog)

    def test_it_places_a_new_use_case_in_the_theme_of_the_ones_like_it(self, org, member, backlog):
        late = make_usecase(
            org, title="Leave chatbot", problem="Employees ask about leave policies."
        )
        body = api_client(member).get(_themes(org)).json()
        chat = next(t for t in body["themes"] if t["id"] == _theme_of(backlog[0]).pk)
        assert late.pk in {m["id"] for m in chat["members"]}

    def test_it_answers_404_to_non_members(self, org, other_org, backlog):
        client = api_client(make_member(other_org, Role.ADMIN))
        assert client.get(_themes(org)).status_code == 404


class TestRecompute:
    def test_it_lets_a_lead_queue_a_recomputation(self, org, lead, backlog):
        before = ThemeRun.objects.filter(organisation=org).count()
        response = api_client(lead).post(f"{_themes(org)}/recompute")
        assert response.status_code == 202
        assert response.json()["detail"] == "The themes are being recomputed."
        # The tests run tasks immediately; in production `koers worker` picks it up.
        assert ThemeRun.objects.filter(organisation=org).count() == before + 1

    @pytest.mark.parametrize("role", [Role.MEMBER, Role.EVANGELIST])
    def test_it_refuses_members_and_evangelists(self, org, role, backlog):
        before = ThemeRun.objects.filter(organisation=org).count()
        response = api_client(make_member(org, role)).post(f"{_themes(org)}/recompute")
        assert response.status_code == 403
        assert ThemeRun.objects.filter(organisation=org).count() == before


class TestGranularity:
    def test_a_lead_asks_for_coarser_themes_which_is_kept_and_recomputed_with(
        self, org, lead, member, backlog
    ):
        url = f"{_themes(org)}/granularity"
        assert _send(api_client(member), "PUT", url, {"granularity": -2}).status_code == 403
        assert _send(api_client(lead), "PUT", url, {"granularity": 3}).status_code == 422
        assert api_client(member).get(_themes(org)).json()["granularity"] == 0
        before = Theme.objects.filter(organisation=org).count()

        response = _send(api_client(lead), "PUT", url, {"granularity": -2})
        assert response.json() == {"granularity": -2, "recompute_queued": True}
        # The tests run tasks immediately: the themes are recomputed, two rungs coarser.
        run = ThemeRun.objects.filter(organisation=org).first()
        assert run is not None and run.granularity == -2
        assert Theme.objects.filter(organisation=org).count() <= before
        assert api_client(member).get(_themes(org)).json()["granularity"] == -2
        change = Change.objects.get(subject="backlog.themesettings")
        assert (change.actor, change.fields) == (lead, {"granularity": [0, -2]})
        services.themes_recompute(org)  # later recomputations use it too
        assert ThemeRun.objects.filter(organisation=org).first().granularity == -2
        again = _send(api_client(lead), "PUT", url, {"granularity": -2}).json()
        assert again["recompute_queued"] is False


class TestRename:
    def test_a_lead_names_a_theme_and_the_name_survives_recomputation(self, org, lead, backlog):
        theme = _theme_of(backlog[3])
        response = _send(api_client(lead), "PATCH", f"{_themes(org)}/{theme.pk}", {"name": "Inv"})
        assert response.status_code == 200
        body = response.json()
        # A lead's name wins over the computed one, in both languages.
        assert (body["name"], body["label"], body["name_nl"], body["name_en"]) == ("Inv",) * 4
        assert Change.objects.filter(subject="backlog.theme", subject_id=theme.pk).exists()
        services.themes_recompute(org)
        assert _theme_of(backlog[3]).name == "Inv"

    def test_an_empty_name_gives_the_label_back_to_the_computed_name(self, org, lead, backlog):
        theme = _theme_of(backlog[3])
        Theme.objects.filter(pk=theme.pk).update(name="Invoices")
        body = _send(api_client(lead), "PATCH", f"{_themes(org)}/{theme.pk}", {"name": ""}).json()
        assert body["label"] == body["name_en"] == "Checking and processing invoices"

    def test_it_refuses_a_member_and_changes_nothing(self, org, member, backlog):
        theme = _theme_of(backlog[3])
        url = f"{_themes(org)}/{theme.pk}"
        assert _send(api_client(member), "PATCH", url, {"name": "Mine"}).status_code == 403
        theme.refresh_from_db()
        assert theme.name == ""

    def test_it_refuses_a_name_over_120_characters_with_422(self, org, lead, backlog):
        theme = _theme_of(backlog[3])
        response = _send(
            api_client(lead), "PATCH", f"{_themes(org)}/{theme.pk}", {"name": "x" * 121}
        )
        assert response.status_code == 422
        assert "name" in response.json()["errors"]


class TestMerge:
    def test_a_lead_merges_a_theme_into_another_which_is_then_kept(self, org, lead, backlog):
        chat, money = _theme_of(backlog[0]), _theme_of(backlog[3])
        url = f"{_themes(org)}/{money.pk}/merge"
        response = _send(api_client(lead), "POST", url, {"into": chat.pk})
        assert response.status_code == 200
        body = response.json()
        assert (body["id"], body["size"], body["manual"]) == (chat.pk, 6, True)
        assert not Theme.objects.filter(pk=money.pk).exists()

    @pytest.mark.parametrize("into", ["itself", "unknown", "other organisation"])
    def test_it_refuses_a_theme_it_cannot_merge_into_with_422(
        self, org, other_org, lead, backlog, into
    ):
        money = _theme_of(backlog[3])
        make_usecase(other_org, title="Elsewhere")
        services.themes_recompute(other_org)
        target = {
            "itself": money.pk,
            "unknown": Theme.objects.order_by("pk").last().pk + 1,
            "other organisation": Theme.objects.get(organisation=other_org).pk,
        }[into]
        url = f"{_themes(org)}/{money.pk}/merge"
        response = _send(api_client(lead), "POST", url, {"into": target})
        assert response.status_code == 422
        assert ThemeMember.objects.filter(theme=money).count() == 3


class TestSplit:
    def test_a_lead_splits_use_cases_off_into_a_new_kept_theme(self, org, lead, backlog):
        money = _theme_of(backlog[3])
        url = f"{_themes(org)}/{money.pk}/split"
        data = {"usecases": [backlog[5].pk], "name": "Reconciliation"}
        response = _send(api_client(lead), "POST", url, data)
        assert response.status_code == 201
        body = response.json()
        assert (body["name"], body["manual"]) == ("Reconciliation", True)
        assert [m["id"] for m in body["members"]] == [backlog[5].pk]
        services.themes_recompute(org)
        assert _theme_of(backlog[5]).pk == body["id"]

    @pytest.mark.parametrize(
        ("chosen", "name", "field"),
        [
            ("none", "Empty", "usecases"),
            ("all", "Everything", "usecases"),
            ("one", "", "name"),
            ("foreign", "Foreign", "usecases"),
            # Beyond any database integer: a 500 before.
            ("huge", "Huge", "usecases.0"),
            ("one", "x" * 121, "name"),
        ],
    )
    def test_it_refuses_a_split_that_makes_no_sense_with_422(
        self, org, other_org, lead, backlog, chosen, name, field
    ):
        money = _theme_of(backlog[3])
        ids = {
            "none": [],
            "all": [u.pk for u in backlog[3:]],
            "one": [backlog[5].pk],
            "foreign": [make_usecase(other_org).pk, backlog[0].pk],
            "huge": [2**63, backlog[5].pk],
        }[chosen]
        url = f"{_themes(org)}/{money.pk}/split"
        response = _send(api_client(lead), "POST", url, {"usecases": ids, "name": name})
        assert response.status_code == 422
        assert field in response.json()["errors"]
        assert Theme.objects.filter(organisation=org).count() == 2


class TestAnalysis:
    def test_it_gives_a_member_the_analysis_of_the_open_backlog(self, org, member, backlog):
        response = api_client(member).get(f"/api/v1/orgs/{org.slug}/analysis")
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"items", "clusters", "notes"}
        first = body["items"][0]
        assert (first["id"], first["usecase_id"]) == (backlog[0].reference, backlog[0].pk)
        assert first["url"] == f"http://testserver/o/{org.slug}/usecases/{backlog[0].pk}/"
        assert sum(c["size"] for c in body["clusters"]) == len(backlog)

    def test_it_answers_404_to_non_members(self, org, other_org, backlog):
        client = api_client(make_member(other_org, Role.ADMIN))
        assert client.get(f"/api/v1/orgs/{org.slug}/analysis").status_code == 404
