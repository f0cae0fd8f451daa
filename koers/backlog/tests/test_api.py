"""The use-case register over the JSON API: same services, same permissions as the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koers.backlog.models.usecases import Comment, PersonalData, Stage, Technique, UseCase
from koers.backlog.schemas.usecases import Sort
from koers.backlog.selectors.usecases import SORTS
from koers.core import schema_types
from koers.core.models import Change
from koers.orgs.models import Role
from koers.testing.api import api_client
from koers.testing.factories import make_member, make_usecase

pytestmark = pytest.mark.django_db


def _url(org, *parts) -> str:
    return "/".join([f"/api/v1/orgs/{org.slug}/usecases", *map(str, parts)])


def _new(org, **fields) -> dict:
    return {
        "title": "Summarise tender documents",
        "problem": "Reading a tender takes a day.",
        "solution": "An LLM drafts a summary with the key requirements.",
        "department_ids": [org.departments.get(name="Finance").pk],
        **fields,
    }


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def test_the_api_offers_every_order_of_the_register():
    assert {sort.value for sort in Sort} == set(SORTS)


class TestList:
    def test_it_lists_the_use_cases_of_the_organisation_only(self, org, other_org, member):
        mine = make_usecase(org)
        make_usecase(other_org)
        body = api_client(member).get(_url(org)).json()
        assert body["count"] == 1
        assert [u["id"] for u in body["items"]] == [mine.pk]

    def test_it_paginates_with_limit_and_offset_and_gives_the_total(self, org, member):
        created = [make_usecase(org, title=f"Idea {n}") for n in range(5)]
        client = api_client(member)
        body = client.get(_url(org), {"limit": 2, "offset": 2, "sort": "oldest"}).json()
        assert (body["count"], body["limit"], body["offset"]) == (5, 2, 2)
        assert [u["id"] for u in body["items"]] == [created[2].pk, created[3].pk]

    def test_it_reads_a_page_in_the_same_number_of_queries_whatever_its_size(self, org, member):
        client = api_client(member)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(_url(org)).status_code == 200
            return len(captured)

        queries()  # the token's first call of the day notes the day (orgs.services)
        make_usecase(org, anonymous=True)
        few = queries()
        for n in range(4):
            make_usecase(org, by=member if n % 2 else None)
        assert queries() == few

    def test_it_refuses_a_page_size_over_100(self, org, member):
        response = api_client(member).get(_url(org), {"limit": 101})
        assert response.status_code == 422
        assert "limit" in response.json()["errors"]

    def test_it_filters_by_words_department_stage_technique_and_personal_data(
        self, org, member, lead
    ):
        hr = org.departments.get(name="HR")
        target = make_usecase(
            org,
            title="Chatbot for payroll questions",
            department_ids=(hr.pk,),
            technique=Technique.GENERATIVE,
            personal_data=PersonalData.YES,
        )
        make_usecase(org, title="Chatbot for invoices", technique=Technique.GENERATIVE)
        forecast = make_usecase(org, title="Forecast sick leave", department_ids=(hr.pk,))
        client = api_client(member)

        def ids(**params) -> list[int]:
            return [u["id"] for u in client.get(_url(org), params).json()["items"]]

        assert ids(q="chatbot payroll") == [target.pk]
        assert ids(q=target.reference) == [target.pk]
        assert set(ids(department=hr.pk)) == {target.pk, forecast.pk}
        assert len(ids(technique="generative")) == 2
        assert ids(personal_data="yes") == [target.pk]
        assert ids(stage="assessed") == []
        api_client(lead).post(
            _url(org, target.pk, "stage"), {"stage": "assessed"}, "application/json"
        )
        assert ids(stage="assessed") == [target.pk]

    def test_it_sorts_by_votes(self, org, member):
        quiet = make_usecase(org)
        popular = make_usecase(org)
        api_client(member).post(_url(org, popular.pk, "vote"))
        items = api_client(member).get(_url(org), {"sort": "votes"}).json()["items"]
        assert [u["id"] for u in items] == [popular.pk, quiet.pk]
        assert [u["voted_by_me"] for u in items] == [True, False]

    def test_it_refuses_an_unknown_sort_or_stage(self, org, member):
        response = api_client(member).get(_url(org), {"sort": "random", "stage": "done"})
        assert response.status_code == 422
        assert set(response.json()["errors"]) == {"sort", "stage"}


class TestCreate:
    def test_it_creates_a_use_case_with_all_fields(self, org, member):
        data = _new(
            org,
            benefits="Faster bids.",
            hours_saved_per_month="12.5",
            other_value_eur_per_year=4000,
            outputs="A one-page summary.",
            data_used="Tender PDFs.",
            data_readiness="partial",
            personal_data="no",
            technique="generative",
            effort="weeks",
        )
        response = _post(api_client(member), _url(org), data)
        assert response.status_code == 201
        body = response.json()
        usecase = UseCase.objects.get(pk=body["id"])
        assert usecase.organisation == org
        assert usecase.hours_saved_per_month == Decimal("12.5")
        assert usecase.data_readiness == "partial"
        assert body["data_readiness"] == "partial"
        assert body["reference"] == "UC-1"
        assert body["hours_saved_per_month"] == 12.5
        assert body["departments"] == [{"id": data["department_ids"][0], "name": "Finance"}]
        assert body["stage"] == "idea"
        assert body["submitted_by"] == member.name
        assert body["url"] == f"http://testserver/o/{org.slug}/usecases/{usecase.pk}/"
        created = Change.objects.filter(subject="backlog.usecase", subject_id=usecase.pk)
        assert created.filter(action="created").count() == 1

    def test_it_never_reveals_the_submitter_of_an_anonymous_use_case(self, org, member):
        client = api_client(member)
        body = _post(client, _url(org), _new(org, anonymous=True)).json()
        assert body["submitted_by"] is None
        assert body["anonymous"] is True
        assert UseCase.objects.get(pk=body["id"]).submitted_by is None
        again = client.get(_url(org, body["id"])).content.decode()
        history = client.get(_url(org, body["id"], "history")).content.decode()
        for text in (again, history):
            assert member.email not in text
            assert member.name not in text

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"title": "  "}, "title"),
            ({"problem": ""}, "problem"),
            ({"department_ids": []}, "department_ids"),
            ({"hours_saved_per_month": -1}, "hours_saved_per_month"),
            ({"technique": "magic"}, "technique"),
        ],
    )
    def test_it_refuses_invalid_input_per_field_and_creates_nothing(
        self, org, member, change, field
    ):
        response = _post(api_client(member), _url(org), _new(org, **change))
        assert response.status_code == 422
        assert field in response.json()["errors"]
        assert not UseCase.objects.exists()

    def test_it_refuses_a_department_of_another_organisation(self, org, other_org, member):
        foreign = other_org.departments.get()
        response = _post(api_client(member), _url(org), _new(org, department_ids=[foreign.pk]))
        assert response.status_code == 422
        assert response.json()["errors"] == {
            "departments": ["Choose departments of this organisation."]
        }
        assert not UseCase.objects.exists()
        assert not Change.objects.filter(organisation=org).exists()

    def test_it_refuses_a_body_that_is_not_json(self, org, member):
        response = api_client(member).post(_url(org), "title=x", content_type="text/plain")
        assert response.status_code == 400
        assert response.json() == {"detail": "The request body is not valid JSON."}
        assert not UseCase.objects.exists()


class TestRead:
    def test_it_returns_one_use_case(self, org, member):
        usecase = make_usecase(org, title="Draft minutes")
        response = api_client(member).get(_url(org, usecase.pk))
        assert response.status_code == 200
        body = response.json()
        assert body["title"] == "Draft minutes"
        assert body["reference"] == usecase.reference
        assert {"vote_count", "comment_count", "voted_by_me", "created_at", "updated_at"} <= set(
            body
        )

    def test_it_answers_404_for_a_use_case_of_another_organisation(self, org, other_org, member):
        foreign = make_usecase(other_org)
        response = api_client(member).get(_url(org, foreign.pk))
        assert response.status_code == 404

    def test_it_answers_404_to_a_non_member(self, org, other_org):
        usecase = make_usecase(org)
        outsider = make_member(other_org, Role.ADMIN)
        assert api_client(outsider).get(_url(org, usecase.pk)).status_code == 404


class TestUpdate:
    def test_it_changes_only_the_fields_sent(self, org, member):
        usecase = make_usecase(
            org, by=member, benefits="Less work.", hours_saved_per_month=Decimal(3)
        )
        response = _patch(api_client(member), _url(org, usecase.pk), {"title": "Better title"})
        assert response.status_code == 200
        usecase.refresh_from_db()
        assert usecase.title == "Better title"
        assert usecase.benefits == "Less work."
        assert usecase.hours_saved_per_month == Decimal(3)
        assert list(usecase.departments.values_list("name", flat=True)) == ["Finance"]
        change = Change.objects.filter(subject_id=usecase.pk, action="updated").get()
        assert set(change.fields) == {"title"}

    def test_it_clears_a_number_sent_as_null(self, org, member):
        usecase = make_usecase(org, by=member, hours_saved_per_month=Decimal(3))
        response = _patch(
            api_client(member), _url(org, usecase.pk), {"hours_saved_per_month": None}
        )
        assert response.status_code == 200
        usecase.refresh_from_db()
        assert usecase.hours_saved_per_month is None

    def test_it_replaces_the_departments(self, org, member):
        usecase = make_usecase(org, by=member)
        hr = org.departments.get(name="HR")
        body = _patch(api_client(member), _url(org, usecase.pk), {"department_ids": [hr.pk]}).json()
        assert body["departments"] == [{"id": hr.pk, "name": "HR"}]

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"title": None}, "title"),
            ({"title": ""}, "title"),
            ({"effort": "ages"}, "effort"),
            ({"data_readiness": "maybe"}, "data_readiness"),
            ({"data_readiness": None}, "data_readiness"),
        ],
    )
    def test_it_refuses_invalid_input_and_changes_nothing(self, org, member, change, field):
        usecase = make_usecase(org, by=member, title="Original")
        client = api_client(member)  # its token's creation is in the history too
        history = Change.objects.count()
        response = _patch(client, _url(org, usecase.pk), change)
        assert response.status_code == 422
        assert field in response.json()["errors"]
        usecase.refresh_from_db()
        assert usecase.title == "Original"
        assert Change.objects.count() == history

    def test_it_forbids_a_member_to_edit_someone_elses_use_case(self, org, member):
        usecase = make_usecase(org, title="Original")
        response = _patch(api_client(member), _url(org, usecase.pk), {"title": "Mine now"})
        assert response.status_code == 403
        usecase.refresh_from_db()
        assert usecase.title == "Original"

    def test_it_lets_an_evangelist_edit_any_use_case(self, org):
        evangelist = make_member(org, Role.EVANGELIST)
        usecase = make_usecase(org)
        response = _patch(api_client(evangelist), _url(org, usecase.pk), {"effort": "days"})
        assert response.status_code == 200
        assert response.json()["effort"] == "days"

    def test_it_sets_data_readiness_and_records_it(self, org, member):
        usecase = make_usecase(org, by=member)
        response = _patch(api_client(member), _url(org, usecase.pk), {"data_readiness": "ready"})
        assert response.status_code == 200
        assert response.json()["data_readiness"] == "ready"
        usecase.refresh_from_db()
        assert usecase.data_readiness == "ready"
        change = Change.objects.get(subject_id=usecase.pk, action="updated")
        assert change.fields == {"data_readiness": ["unknown", "ready"]}


class TestVote:
    def test_it_casts_and_withdraws_a_vote(self, org, member):
        usecase = make_usecase(org)
        client = api_client(member)
        assert client.post(_url(org, usecase.pk, "vote")).json() == {"voted": True, "vote_count": 1}
        assert client.post(_url(org, usecase.pk, "vote")).json() == {"voted": True, "vote_count": 1}
        assert client.get(_url(org, usecase.pk)).json()["voted_by_me"] is True
        assert client.delete(_url(org, usecase.pk, "vote")).json() == {
            "voted": False,
            "vote_count": 0,
        }


class TestStage:
    def test_it_lets_an_evangelist_assess_an_idea(self, org):
        evangelist = make_member(org, Role.EVANGELIST)
        usecase = make_usecase(org)
        response = _post(
            api_client(evangelist), _url(org, usecase.pk, "stage"), {"stage": "assessed"}
        )
        assert response.status_code == 200
        assert response.json()["stage"] == "assessed"

    def test_it_forbids_a_member_to_assess_an_idea(self, org, member):
        usecase = make_usecase(org)
        response = _post(api_client(member), _url(org, usecase.pk, "stage"), {"stage": "assessed"})
        assert response.status_code == 403
        usecase.refresh_from_db()
        assert usecase.stage == Stage.IDEA

    def test_it_forbids_a_member_or_evangelist_to_select_a_use_case(self, org, member, lead):
        usecase = make_usecase(org)
        _post(api_client(lead), _url(org, usecase.pk, "stage"), {"stage": "assessed"})
        for role in (Role.MEMBER, Role.EVANGELIST):
            client = api_client(make_member(org, role))
            response = _post(client, _url(org, usecase.pk, "stage"), {"stage": "selected"})
            assert response.status_code == 403
        usecase.refresh_from_db()
        assert usecase.stage == Stage.ASSESSED
        response = _post(api_client(lead), _url(org, usecase.pk, "stage"), {"stage": "selected"})
        assert response.json()["stage"] == "selected"

    def test_it_needs_a_reason_to_reject(self, org, lead):
        usecase = make_usecase(org)
        client = api_client(lead)
        refused = _post(client, _url(org, usecase.pk, "stage"), {"stage": "rejected"})
        assert refused.status_code == 422
        assert "reason" in refused.json()["errors"]
        accepted = _post(
            client, _url(org, usecase.pk, "stage"), {"stage": "rejected", "reason": "Duplicate."}
        )
        assert accepted.json()["rejection_reason"] == "Duplicate."

    def test_it_refuses_a_move_the_lifecycle_does_not_allow(self, org, lead):
        usecase = make_usecase(org)
        response = _post(api_client(lead), _url(org, usecase.pk, "stage"), {"stage": "live"})
        assert response.status_code == 422
        assert "stage" in response.json()["errors"]
        usecase.refresh_from_db()
        assert usecase.stage == Stage.IDEA


class TestHistory:
    def test_it_shows_who_changed_what_newest_first(self, org, member, lead):
        usecase = make_usecase(org, by=member)
        _post(api_client(lead), _url(org, usecase.pk, "stage"), {"stage": "assessed"})
        history = api_client(member).get(_url(org, usecase.pk, "history")).json()
        assert [h["action"] for h in history] == ["stage_changed", "created"]
        assert history[0]["actor"] == lead.name
        assert history[0]["fields"]["stage"] == ["idea", "assessed"]


class TestComments:
    def test_it_adds_and_lists_comments(self, org, member):
        usecase = make_usecase(org)
        client = api_client(member)
        response = _post(client, _url(org, usecase.pk, "comments"), {"body": "Great idea!"})
        assert response.status_code == 201
        assert response.json()["author"] == member.name
        listed = client.get(_url(org, usecase.pk, "comments")).json()
        assert [c["body"] for c in listed] == ["Great idea!"]
        assert client.get(_url(org, usecase.pk)).json()["comment_count"] == 1

    def test_it_refuses_an_empty_comment_and_changes_nothing(self, org, member):
        usecase = make_usecase(org)
        response = _post(api_client(member), _url(org, usecase.pk, "comments"), {"body": "  "})
        assert response.status_code == 422
        assert response.json()["errors"] == {"body": ["Write a comment first."]}
        assert not Comment.objects.exists()
        usecase.refresh_from_db()
        assert usecase.comment_count == 0


class TestHostileInput:
    """Input no valid call sends is refused with a 422 that names the field, and nothing is
    stored (the shared bounds of koers/core/schema_types.py)."""

    def test_an_offset_beyond_any_database_integer_is_refused(self, org, member):
        response = api_client(member).get(_url(org), {"offset": 2**63})
        assert response.status_code == 422
        assert "offset" in response.json()["errors"]

    def test_a_department_id_beyond_2_63_is_refused_and_nothing_stored(self, org, member):
        response = _post(api_client(member), _url(org), _new(org, department_ids=[2**63]))
        assert response.status_code == 422
        assert "department_ids.0" in response.json()["errors"]
        assert not UseCase.objects.exists()

    @pytest.mark.parametrize("text", ["Faster\x00tenders", "Faster \ud800 tenders"])
    def test_a_nul_byte_or_lone_surrogate_is_refused_and_nothing_stored(self, org, member, text):
        # PostgreSQL refuses a NUL byte, and no database stores a lone surrogate: both were 500s.
        response = _post(api_client(member), _url(org), _new(org, benefits=text))
        assert response.status_code == 422
        assert "benefits" in response.json()["errors"]
        assert not UseCase.objects.exists()

    def test_a_nul_byte_in_the_search_is_refused(self, org, member):
        response = api_client(member).get(_url(org), {"q": "tender\x00"})
        assert response.status_code == 422
        assert "q" in response.json()["errors"]

    def test_a_text_over_its_maximum_is_refused_and_nothing_stored(self, org, member):
        response = _post(
            api_client(member), _url(org), _new(org, problem="x" * (schema_types.MAX_TEXT + 1))
        )
        assert response.status_code == 422
        assert "problem" in response.json()["errors"]
        assert not UseCase.objects.exists()

    def test_a_misspelt_field_is_refused_rather_than_ignored(self, org, member):
        usecase = make_usecase(org, by=member, title="Before")
        response = _patch(api_client(member), _url(org, usecase.pk), {"titel": "After"})
        assert response.status_code == 422
        assert "titel" in response.json()["errors"]
        usecase.refresh_from_db()
        assert usecase.title == "Before"
