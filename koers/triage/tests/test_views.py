"""The triage page, the register filters, the portfolio and its XLSX export."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org, make_usecase
from koers.triage.models import Status, Triage
from koers.triage.rules import engine
from koers.triage.rules.schema import Facts
from koers.triage.services import triage_save, triage_sign_off
from koers.triage.tests.test_services import CHATBOT, CV_SCREENING, SUMMARISER

pytestmark = pytest.mark.django_db


def form_data(facts: Facts, **extra: Any) -> dict[str, Any]:
    """The triage form as a browser would post it for these facts."""
    data: dict[str, Any] = {}
    for key, value in facts.model_dump().items():
        if value is None:
            data[key] = "unknown"
        elif isinstance(value, bool):
            data[key] = "yes" if value else "no"
        elif isinstance(value, list):
            data[key] = value or ["none_of_these"]
        else:
            data[key] = value
    return {**data, **extra}


@pytest.fixture
def org():
    return make_org("Acme")


@pytest.fixture
def usecase(org):
    return make_usecase(
        org,
        title="CV screening",
        problem="Recruiters read hundreds of CVs per vacancy.",
        solution="A model ranks the candidates for each vacancy.",
    )


def _client(client, org, role):
    user = make_member(org, role)
    client.force_login(user)
    return user


def _url(org, usecase, suffix=""):
    return f"/o/{org.slug}/usecases/{usecase.pk}/triage/{suffix}"


def test_it_shows_the_questions_and_the_outcome_of_knowing_nothing(client, org, usecase):
    _client(client, org, Role.EVANGELIST)
    response = client.get(_url(org, usecase))
    assert response.status_code == 200
    page = response.content.decode()
    assert "What is your organisation" in page and "Don&#x27;t know" in page
    assert "Needs review." in page
    assert 'id="triage-form"' in page


def test_it_hides_the_questions_that_do_not_matter_yet(client, org, usecase):
    _client(client, org, Role.EVANGELIST)
    triage_save(ctx_for(make_member(org, Role.ADMIN), org), usecase=usecase, facts=SUMMARISER)
    response = client.get(_url(org, usecase))
    relevant = response.context["relevant"]
    assert "profiling" not in relevant  # no high-risk area, so profiling does not matter
    assert 'data-question="profiling" hidden' in response.content.decode()


def test_it_answers_which_questions_matter_for_the_script(client, org, usecase):
    _client(client, org, Role.EVANGELIST)
    data = form_data(Facts(annex_iii_area="employment", is_ai_system=True, role="deployer"))
    response = client.get(_url(org, usecase, "relevant/"), data)
    assert "profiling" in response.json()["relevant"]


def test_it_suggests_answers_from_the_text_and_saves_none_of_them(client, org, usecase):
    _client(client, org, Role.EVANGELIST)
    response = client.get(_url(org, usecase))
    suggestions = response.context["suggestions"]
    assert suggestions, "the CV-screening text suggests something"
    assert "Suggested:" in response.content.decode()
    assert "because the text says" in response.content.decode()
    assert not Triage.objects.exists()


def test_a_member_sees_the_outcome_but_cannot_answer(client, org, usecase):
    _client(client, org, Role.MEMBER)
    response = client.get(_url(org, usecase))
    assert response.status_code == 200
    assert 'id="triage-form"' not in response.content.decode()
    response = client.post(_url(org, usecase), form_data(CV_SCREENING, confirm="1"))
    assert response.status_code == 403
    assert not Triage.objects.exists()


def test_it_previews_the_obligations_of_the_first_answers_before_saving(client, org, usecase):
    _client(client, org, Role.EVANGELIST)
    response = client.post(_url(org, usecase), form_data(CV_SCREENING, preview="1"))
    assert response.status_code == 200
    preview = response.context["preview"]
    codes = {o.code for o in preview.added}
    assert {"art26_deployer", "art4_literacy"} <= codes
    assert preview.removed == []
    assert "Obligations that would be added" in response.content.decode()
    assert "AI Act Art. 26" in response.content.decode()
    assert not Triage.objects.exists(), "a preview saves nothing"


def test_it_previews_removed_obligations_when_answers_change(client, org, usecase):
    triage_save(ctx_for(make_member(org, Role.ADMIN), org), usecase=usecase, facts=CV_SCREENING)
    _client(client, org, Role.EVANGELIST)
    changed = CV_SCREENING.model_copy(update={"annex_iii_area": "none", "profiling": None})
    response = client.post(_url(org, usecase), form_data(changed, preview="1"))
    preview = response.context["preview"]
    assert "art26_deployer" in {o.code for o in preview.removed}
    assert Triage.objects.get().facts["annex_iii_area"] == "employment"


def test_confirming_saves_and_the_page_agrees_with_the_engine(client, org, usecase):
    user = _client(client, org, Role.EVANGELIST)
    response = client.post(_url(org, usecase), form_data(CV_SCREENING, confirm="1"))
    assert response.status_code == 302
    triage = Triage.objects.get()
    assert triage.updated_by == user
    assert triage.result == engine.triage(CV_SCREENING).model_dump(mode="json")
    page = client.get(_url(org, usecase))
    assert page.context["result"] == engine.triage(CV_SCREENING)
    assert "High risk" in page.content.decode() and "DPIA required" in page.content.decode()


def test_it_shows_which_answers_would_change_the_outcome(client, org, usecase):
    facts = CV_SCREENING.model_copy(update={"profiling": None, "art6_3_derogation": None})
    triage_save(ctx_for(make_member(org, Role.ADMIN), org), usecase=usecase, facts=facts)
    _client(client, org, Role.MEMBER)
    response = client.get(_url(org, usecase))
    page = response.content.decode()
    assert "Needs review." in page
    assert "These answers would change the outcome" in page
    assert "Does it profile people?" in page


def test_legal_signs_off_and_an_evangelist_reopens(client, org, usecase):
    triage_save(ctx_for(make_member(org, Role.ADMIN), org), usecase=usecase, facts=CV_SCREENING)
    _client(client, org, Role.EVANGELIST)
    assert client.post(_url(org, usecase, "signoff/")).status_code == 403
    _client(client, org, Role.LEGAL)
    assert "Sign off the triage" in client.get(_url(org, usecase)).content.decode()
    client.post(_url(org, usecase, "signoff/"))
    assert Triage.objects.get().status == Status.SIGNED_OFF
    _client(client, org, Role.EVANGELIST)
    client.post(_url(org, usecase, "reopen/"), {"note": "New supplier."})
    assert Triage.objects.get().status == Status.COMPLETE


def test_the_use_case_page_has_a_triage_card(client, org, usecase):
    _client(client, org, Role.MEMBER)
    page = client.get(f"/o/{org.slug}/usecases/{usecase.pk}/").content.decode()
    assert "Not triaged yet" in page
    triage_save(ctx_for(make_member(org, Role.ADMIN), org), usecase=usecase, facts=CV_SCREENING)
    page = client.get(f"/o/{org.slug}/usecases/{usecase.pk}/").content.decode()
    assert "High risk" in page and _url(org, usecase) in page


@pytest.fixture
def portfolio(org, usecase):
    admin = ctx_for(make_member(org, Role.ADMIN), org)
    legal = ctx_for(make_member(org, Role.LEGAL), org)
    summariser = make_usecase(org, title="Customer chatbot")
    unknown = make_usecase(org, title="Something vague")
    make_usecase(org, title="Not looked at yet")
    triage_save(admin, usecase=usecase, facts=CV_SCREENING)
    triage_save(admin, usecase=summariser, facts=CHATBOT)
    triage_sign_off(legal, usecase=summariser)
    triage_save(admin, usecase=unknown, facts=Facts(role="deployer"))
    return {"cv": usecase, "summariser": summariser, "unknown": unknown}


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("risk_group=high_risk", {"CV screening"}),
        ("risk_group=not_triaged", {"Not looked at yet"}),
        ("dpia=required", {"CV screening"}),
        ("transparency=yes", {"Customer chatbot"}),
        ("ai_role=deployer", {"CV screening", "Customer chatbot", "Something vague"}),
        ("triage_status=needs_review", {"Something vague"}),
    ],
)
def test_the_register_filters_on_the_triage(client, org, portfolio, query, titles):
    _client(client, org, Role.MEMBER)
    response = client.get(f"/o/{org.slug}/?{query}")
    assert {uc.title for uc in response.context["page"].object_list} == titles


def test_the_portfolio_counts_and_links_to_the_register(client, org, portfolio):
    _client(client, org, Role.MEMBER)
    response = client.get(f"/o/{org.slug}/triage/")
    counts = response.context["counts"]
    assert counts.total == 4
    assert counts.risk_group["high_risk"] == 1 and counts.risk_group["not_triaged"] == 1
    assert counts.risk_group["needs_review"] == 1 and counts.risk_group["not_high_risk"] == 1
    assert counts.dpia["required"] == 1 and counts.dpia["not_required"] == 1
    assert counts.transparency["yes"] == 1
    assert (counts.needs_review, counts.not_signed_off, counts.open_reviews) == (1, 1, 2)
    assert f'href="/o/{org.slug}/?risk_group=high_risk"' in response.content.decode()


def test_it_exports_one_row_per_use_case_with_facts_and_outcomes(client, org, portfolio):
    _client(client, org, Role.MEMBER)
    response = client.get(f"/o/{org.slug}/triage/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 4
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in body}
    cv = by_title["CV screening"]
    assert cv["Risk group"] == "High risk" and cv["DPIA"] == "DPIA required"
    assert cv["annex_iii_area"] == "employment" and cv["profiling"] == "yes"
    assert "AI Act Art. 26" in cv["Obligations"]
    assert by_title["Something vague"]["profiling"] == "unknown"
    assert by_title["Not looked at yet"]["Triage status"] == "Not triaged"
    assert by_title["Customer chatbot"]["Signed off by"]


def test_it_explains_the_dpia_in_the_readers_language_with_the_criteria(client, org, usecase):
    triage_save(ctx_for(make_member(org, Role.ADMIN), org), usecase=usecase, facts=CV_SCREENING)
    client.force_login(make_member(org, Role.MEMBER))
    client.cookies["django_language"] = "nl"
    page = client.get(_url(org, usecase), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "is een DPIA vereist" in page or "DPIA vereist" in page
    reasons = page.split("<h3>DPIA</h3>")[1].split("</ul>")[0]
    assert "dpia = " not in reasons  # the engine's own English stays under "Why"
    assert 'lang="en"' not in reasons


def test_the_dutch_page_names_the_articles_as_dutch_law_does(client, org, usecase):
    triage_save(ctx_for(make_member(org, Role.ADMIN), org), usecase=usecase, facts=CV_SCREENING)
    client.force_login(make_member(org, Role.MEMBER))
    client.cookies["django_language"] = "nl"
    page = client.get(_url(org, usecase), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "AI-verordening art. 26" in page and "AI-verordening art. 4" in page
    # The engine's own reasons stay English, marked so, under "Why".
    dutch = re.sub(r'<ul class="small" lang="en">.*?</ul>', "", page, flags=re.S)
    assert "AI Act Art." not in dutch
