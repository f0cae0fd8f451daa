"""A signed-off triage outranks the pre-screen's guess from the text: in the quick-win score, the
quadrant, the register's tags, the analysis and the API (issue: UC-57 showed "low risk 0.00 /
high (from the risk pre-screen)" beside a signed-off "not high risk")."""

from __future__ import annotations

import pytest

from koers.backlog.selectors.analysis import usecase_item
from koers.backlog.selectors.prescreen import usecases_flagged
from koers.backlog.selectors.scoring import usecase_score
from koers.testing.factories import make_usecase
from koers.triage.services import assessed_risk, triage_reopen, triage_save, triage_sign_off
from koers.triage.tests.test_services import CV_SCREENING, SUMMARISER

pytestmark = pytest.mark.django_db

# A text the pre-screen reads as possibly high impact (recruitment), though it is a summariser.
HIRING_TEXT = {
    "title": "Samenvatten van sollicitatiegesprekken",
    "problem": "Recruiters schrijven na elk sollicitatiegesprek een verslag over de kandidaat.",
    "solution": "Een taalmodel vat het gesprek samen; de recruiter beoordeelt zelf.",
    "effort": "days",
    "hours_saved_per_month": 40,
}


def test_the_pre_screen_guesses_until_a_triage_is_signed_off(org, evangelist, legal):
    usecase = make_usecase(org, **HIRING_TEXT)
    before = usecase_score(evangelist, usecase)
    assert (before.risk, before.risk_source) == ("high", "prescreen")
    assert usecases_flagged([usecase]) == {usecase.pk}

    triage_save(evangelist, usecase=usecase, facts=SUMMARISER)
    assert usecase_score(evangelist, usecase).risk_source == "prescreen"  # not signed off yet

    triage_sign_off(legal, usecase=usecase)
    usecase.refresh_from_db()
    after = usecase_score(evangelist, usecase)
    assert (after.risk, after.risk_source) == ("low", "triage")
    assert after.score.total > before.score.total
    assert usecases_flagged([usecase]) == set()
    assert usecase_item(usecase).inputs.risk == "low"


def test_re_opening_or_changing_the_answers_hands_the_risk_back_to_the_pre_screen(
    org, evangelist, legal
):
    usecase = make_usecase(org, **HIRING_TEXT)
    triage_save(evangelist, usecase=usecase, facts=SUMMARISER)
    triage_sign_off(legal, usecase=usecase)
    triage_reopen(evangelist, usecase=usecase)
    usecase.refresh_from_db()
    assert usecase.assessed_risk == ""
    assert usecase_score(evangelist, usecase).risk_source == "prescreen"

    triage_sign_off(legal, usecase=usecase)
    triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    usecase.refresh_from_db()
    assert usecase.assessed_risk == ""


def test_the_change_is_in_the_use_cases_history(org, evangelist, legal):
    from koers.core.models import Change

    usecase = make_usecase(org, **HIRING_TEXT)
    triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    triage_sign_off(legal, usecase=usecase)
    change = Change.objects.filter(subject_id=usecase.pk, action="risk_assessed").get()
    assert change.fields == {"assessed_risk": ["", "high"]}


@pytest.mark.parametrize(
    "risk_group, transparency, dpia, risk",
    [
        ("prohibited", "no", "not_required", "high"),
        ("high_risk", "no", "required", "high"),
        ("not_high_risk", "yes", "not_required", "medium"),
        ("not_high_risk", "no", "recommended", "medium"),
        ("not_high_risk", "no", "not_required", "low"),
        ("out_of_scope", "no", "not_required", "low"),
    ],
)
def test_the_triage_outcome_becomes_a_risk_level(risk_group, transparency, dpia, risk):
    assert assessed_risk(risk_group=risk_group, transparency=transparency, dpia=dpia) == risk


def test_the_api_says_where_the_risk_comes_from(org, evangelist, legal):
    from koers.testing.api import api_client

    usecase = make_usecase(org, **HIRING_TEXT)
    triage_save(evangelist, usecase=usecase, facts=SUMMARISER)
    triage_sign_off(legal, usecase=usecase)
    response = api_client(legal.user).get(f"/api/v1/orgs/{org.slug}/usecases/scores")
    assert response.status_code == 200, response.content
    row = next(r for r in response.json()["items"] if r["reference"] == usecase.reference)
    assert (row["risk"], row["risk_source"]) == ("low", "triage")


def test_the_register_export_carries_the_triaged_risk(org, evangelist, legal):
    from koers.backlog.services.transfer.exporting import export_records

    usecase = make_usecase(org, **HIRING_TEXT)
    triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    triage_sign_off(legal, usecase=usecase)
    usecase.refresh_from_db()
    (record,) = export_records([usecase])
    assert record["assessed_risk"] == "high"
