from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.backlog.models.usecases import Stage, UseCase
from koers.backlog.services.usecases import (
    usecase_change_stage,
    usecase_update,
    usecase_vote,
)
from koers.core.models import Change
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_usecase

pytestmark = pytest.mark.django_db


def test_it_numbers_use_cases_per_organisation(org, other_org):
    first = make_usecase(org)
    second = make_usecase(org)
    elsewhere = make_usecase(other_org)
    assert (first.reference, second.reference, elsewhere.reference) == ("UC-1", "UC-2", "UC-1")


def test_it_does_not_store_the_author_of_an_anonymous_submission(org, member):
    usecase = make_usecase(org, by=member, anonymous=True)
    assert usecase.submitted_by is None
    change = Change.objects.get(subject="backlog.usecase", subject_id=usecase.pk)
    assert change.actor is None
    assert member.email not in str(change.fields) + change.actor_label


def test_it_stores_data_readiness_and_defaults_it_to_unknown(org):
    assert make_usecase(org).data_readiness == "unknown"
    assert make_usecase(org, data_readiness="ready").data_readiness == "ready"


def test_it_records_a_change_of_data_readiness_in_the_history(org, member):
    usecase = make_usecase(org, by=member, title="Minutes")
    usecase_update(ctx_for(member, org), usecase=usecase, changes={"data_readiness": "missing"})
    change = Change.objects.get(subject_id=usecase.pk, action="updated")
    assert change.fields == {"data_readiness": ["unknown", "missing"]}


def test_an_update_changes_only_the_fields_given(org, member):
    usecase = make_usecase(org, by=member, title="Minutes", hours_saved_per_month=Decimal("4"))
    departments = list(usecase.departments.all())
    usecase_update(ctx_for(member, org), usecase=usecase, changes={"title": "Meeting minutes"})
    usecase.refresh_from_db()
    assert usecase.title == "Meeting minutes" and usecase.hours_saved_per_month == Decimal("4")
    assert list(usecase.departments.all()) == departments
    usecase_update(ctx_for(member, org), usecase=usecase, changes={"hours_saved_per_month": None})
    usecase.refresh_from_db()
    assert usecase.hours_saved_per_month is None


def test_an_update_refuses_to_empty_a_required_field_and_changes_nothing(org, member):
    usecase = make_usecase(org, by=member, title="Minutes")
    with pytest.raises(ValidationError) as caught:
        usecase_update(
            ctx_for(member, org), usecase=usecase, changes={"title": None, "benefits": "Time."}
        )
    assert caught.value.message_dict == {"title": ["This field needs a value."]}
    usecase.refresh_from_db()
    assert usecase.title == "Minutes" and usecase.benefits == ""


def test_it_refuses_an_unknown_data_readiness(org, member):
    with pytest.raises(ValidationError) as caught:
        make_usecase(org, by=member, data_readiness="someday")
    assert "data_readiness" in caught.value.message_dict
    assert not UseCase.objects.exists()


def test_it_refuses_a_department_of_another_organisation(org, other_org, member):
    foreign = other_org.departments.first()
    with pytest.raises(ValidationError):
        make_usecase(org, by=member, department_ids=(foreign.pk,))
    assert not UseCase.objects.exists()


def test_it_lets_a_member_vote_once(org, member):
    usecase = make_usecase(org)
    ctx = ctx_for(member, org)
    usecase_vote(ctx, usecase=usecase)
    usecase_vote(ctx, usecase=usecase)
    usecase.refresh_from_db()
    assert usecase.vote_count == 1


def test_it_lets_only_a_lead_select_a_use_case(org, member, lead):
    usecase = make_usecase(org)
    evangelist = make_member(org, Role.EVANGELIST)
    usecase_change_stage(ctx_for(evangelist, org), usecase=usecase, stage=Stage.ASSESSED)
    with pytest.raises(PermissionDenied):
        usecase_change_stage(ctx_for(member, org), usecase=usecase, stage=Stage.SELECTED)
    usecase_change_stage(ctx_for(lead, org), usecase=usecase, stage=Stage.SELECTED)
    assert usecase.stage == Stage.SELECTED


def test_it_requires_a_reason_to_reject(org, lead):
    usecase = make_usecase(org)
    with pytest.raises(ValidationError):
        usecase_change_stage(ctx_for(lead, org), usecase=usecase, stage=Stage.REJECTED)
    usecase.refresh_from_db()
    assert usecase.stage == Stage.IDEA


def test_it_refuses_to_skip_stages(org, lead):
    usecase = make_usecase(org)
    with pytest.raises(ValidationError):
        usecase_change_stage(ctx_for(lead, org), usecase=usecase, stage=Stage.LIVE)


def test_it_records_who_changed_the_stage_and_from_what(org, lead):
    usecase = make_usecase(org)
    usecase_change_stage(ctx_for(lead, org), usecase=usecase, stage=Stage.ASSESSED)
    change = Change.objects.filter(action="stage_changed").get()
    assert change.actor == lead
    assert change.fields["stage"] == ["idea", "assessed"]
