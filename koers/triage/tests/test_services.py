"""Saving a triage: the engine's outcome, the history, sign-off and re-opening."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.core.models import Change
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org, make_usecase
from koers.triage.models import Status, Triage
from koers.triage.rules import engine
from koers.triage.rules.schema import Facts
from koers.triage.services import triage_reopen, triage_save, triage_sign_off

pytestmark = pytest.mark.django_db

# A CV-screening model a company buys and uses: high risk, a DPIA.
CV_SCREENING = Facts(
    role="deployer",
    is_ai_system=True,
    gpai="none",
    art2_exclusion=False,
    prohibited_practice=False,
    annex_i="none",
    annex_iii_area="employment",
    profiling=True,
    art50=[],
    edpb_criteria=["evaluation_scoring", "vulnerable_subjects", "innovative_technology"],
    dutch_dpa_list=[],
)
# A bought meeting summariser: not high risk, no DPIA.
SUMMARISER = Facts(
    role="deployer",
    is_ai_system=True,
    gpai="system",
    art2_exclusion=False,
    prohibited_practice=False,
    annex_i="none",
    annex_iii_area="none",
    art50=["synthetic_content"],
    art50_exception=False,
    intimate_content="no",
    edpb_criteria=[],
    dutch_dpa_list=[],
)

# A customer-service chatbot bought and used as it is: a transparency duty.
CHATBOT = SUMMARISER.model_copy(
    update={"art50": ["interacts_with_people"], "intimate_content": None}
)


def _history(triage: Triage) -> list[Change]:
    return list(Change.objects.filter(subject="triage.triage", subject_id=triage.pk).order_by("id"))


def test_it_stores_the_engines_outcome_and_the_columns_for_filtering(org, evangelist):
    usecase = make_usecase(org)
    triage = triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    result = engine.triage(CV_SCREENING)
    assert triage.result == result.model_dump(mode="json")
    assert (triage.risk_group, triage.dpia, triage.role) == ("high_risk", "required", "deployer")
    assert triage.transparency == "no"
    assert triage.status == Status.COMPLETE
    assert triage.updated_by == evangelist.user


def test_it_records_who_answered_what(org, evangelist):
    triage = triage_save(evangelist, usecase=make_usecase(org), facts=CV_SCREENING)
    (change,) = _history(triage)
    assert change.action == "triaged" and change.actor == evangelist.user
    assert change.fields["annex_iii_area"] == [None, "employment"]
    assert change.fields["risk_group"] == [None, "high_risk"]


def test_it_records_nothing_when_the_answers_did_not_change(org, evangelist):
    usecase = make_usecase(org)
    triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    triage = triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    assert len(_history(triage)) == 1


def test_it_fails_closed_on_unknown_answers(org, evangelist):
    facts = CV_SCREENING.model_copy(update={"profiling": None, "art6_3_derogation": None})
    triage = triage_save(evangelist, usecase=make_usecase(org), facts=facts)
    assert triage.risk_group == "needs_review"
    assert triage.status == Status.NEEDS_REVIEW


def test_it_is_a_draft_while_nothing_is_answered(org, evangelist):
    triage = triage_save(evangelist, usecase=make_usecase(org), facts=Facts())
    assert triage.status == Status.DRAFT


def test_members_cannot_triage(org):
    member = ctx_for(make_member(org, Role.MEMBER), org)
    with pytest.raises(PermissionDenied):
        triage_save(member, usecase=make_usecase(org), facts=CV_SCREENING)
    assert not Triage.objects.exists()


def test_it_refuses_another_organisations_use_case(org, evangelist):
    other = make_usecase(make_org("Other"))
    with pytest.raises(PermissionDenied):
        triage_save(evangelist, usecase=other, facts=CV_SCREENING)


def test_legal_signs_a_complete_triage_off(org, evangelist, legal):
    usecase = make_usecase(org)
    triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    triage = triage_sign_off(legal, usecase=usecase)
    assert triage.status == Status.SIGNED_OFF
    assert triage.signed_off_by == legal.user and triage.signed_off_at is not None
    assert _history(triage)[-1].action == "signed_off"


def test_an_evangelist_cannot_sign_off(org, evangelist):
    usecase = make_usecase(org)
    triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    with pytest.raises(PermissionDenied):
        triage_sign_off(evangelist, usecase=usecase)


def test_a_triage_that_needs_review_cannot_be_signed_off(org, evangelist, legal):
    usecase = make_usecase(org)
    triage_save(evangelist, usecase=usecase, facts=Facts(role="deployer"))
    with pytest.raises(ValidationError):
        triage_sign_off(legal, usecase=usecase)
    assert Triage.objects.get().signed_off_by is None


def test_changing_answers_after_sign_off_clears_it_and_says_so(org, evangelist, legal):
    usecase = make_usecase(org)
    triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    triage_sign_off(legal, usecase=usecase)
    triage = triage_save(evangelist, usecase=usecase, facts=SUMMARISER)
    assert triage.status == Status.COMPLETE
    assert triage.signed_off_by is None and triage.signed_off_at is None
    actions = [change.action for change in _history(triage)]
    assert actions == ["triaged", "signed_off", "reopened", "triaged"]


def test_re_opening_clears_the_sign_off_with_a_note(org, evangelist, legal):
    usecase = make_usecase(org)
    triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    triage_sign_off(legal, usecase=usecase)
    triage = triage_reopen(evangelist, usecase=usecase, note="The vendor changed the model.")
    assert triage.status == Status.COMPLETE and triage.signed_off_by is None
    change = _history(triage)[-1]
    assert change.action == "reopened" and change.note == "The vendor changed the model."
    assert change.fields == {"status": ["signed_off", "complete"]}


def test_only_a_signed_off_triage_can_be_re_opened(org, evangelist):
    usecase = make_usecase(org)
    triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    with pytest.raises(ValidationError):
        triage_reopen(evangelist, usecase=usecase)
