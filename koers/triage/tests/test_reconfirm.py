"""A change in the law: a stored triage keeps the rules version it was made with; the triages made
with older rules are listed with what the current rules would change, and someone who may sign off
triages re-confirms them. The portfolio shows what applies when.

The older triages here are real: the answers and results the first rules (version 2024-08-01)
gave, as the demo keeps them (koers/demo/triage_2024.json)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from openpyxl import load_workbook

from koers.backlog.models import UseCase
from koers.core.models import Change
from koers.orgs.models import Role
from koers.orgs.services import api_token_create
from koers.testing.factories import ctx_for, make_member, make_org, make_usecase
from koers.triage import selectors
from koers.triage.models import Status, Triage
from koers.triage.services import triage_reconfirm, triage_restore, triage_save, triage_sign_off
from koers.triage.tests.test_services import CV_SCREENING

pytestmark = pytest.mark.django_db

EARLIER = json.loads(
    (Path(__file__).parents[2] / "demo" / "triage_2024.json").read_text(encoding="utf-8")
)
# A bought job-ad writer in an Annex III area, assessed as not high-risk (Art. 6(3)), signed off.
JOB_ADS = next(t for t in EARLIER["triages"] if t["title"].startswith("Vacature"))
# A bought summariser of customer calls: a DPIA is recommended.
SUMMARIES = next(t for t in EARLIER["triages"] if t["title"].startswith("Samenvatten"))


def _earlier(ctx, org, item) -> UseCase:
    usecase = make_usecase(org, title=item["title"])
    triage_restore(
        ctx,
        usecase=usecase,
        facts=item["facts"],
        result=item["result"],
        rules_version=EARLIER["rules_version"],
    )
    return usecase


def _history(usecase: UseCase) -> list[Change]:
    triage = Triage.objects.get(usecase=usecase)
    return list(Change.objects.filter(subject="triage.triage", subject_id=triage.pk).order_by("id"))


# --- the version a triage was made with


def test_a_new_triage_keeps_the_version_of_the_rules_that_made_it(org, evangelist):
    triage = triage_save(evangelist, usecase=make_usecase(org), facts=CV_SCREENING)
    assert triage.rules_version == "2026-07-27"
    assert triage.result["law"]["version"] == "2026-07-27"


def test_an_earlier_triage_is_stored_as_its_rules_left_it_and_changes_nothing_by_itself(
    org, evangelist
):
    usecase = _earlier(evangelist, org, SUMMARIES)
    triage = Triage.objects.get(usecase=usecase)
    assert triage.rules_version == "2024-08-01"
    assert triage.result == SUMMARIES["result"]
    stored = selectors.result_of(triage)
    assert stored.law.version == "2024-08-01"
    assert all(o.applies_from is None for o in stored.obligations)


@pytest.mark.parametrize(
    ("result", "version"),
    [
        (SUMMARIES["result"], "2026-07-27"),  # the current rules' results come from the engine
        (SUMMARIES["result"], "1999-01-01"),  # no such rules
        ({**SUMMARIES["result"], "risk_group": "harmless"}, "2024-08-01"),
        ({**SUMMARIES["result"], "law": {"version": "2026-07-27"}}, "2024-08-01"),
    ],
)
def test_only_a_valid_result_of_older_rules_can_be_restored(org, evangelist, result, version):
    usecase = make_usecase(org)
    with pytest.raises(ValidationError):
        triage_restore(
            evangelist,
            usecase=usecase,
            facts=SUMMARIES["facts"],
            result=result,
            rules_version=version,
        )
    assert not Triage.objects.exists()


def test_answering_an_earlier_triage_again_moves_it_to_the_current_rules(org, evangelist):
    usecase = _earlier(evangelist, org, SUMMARIES)
    facts = {**SUMMARIES["facts"], "intimate_content": "no"}
    from koers.triage.rules.schema import Facts

    triage = triage_save(evangelist, usecase=usecase, facts=Facts.model_validate(facts))
    assert triage.rules_version == "2026-07-27"
    assert _history(usecase)[-1].fields["rules_version"] == ["2024-08-01", "2026-07-27"]


# --- what the current rules would change


def test_the_list_shows_what_the_current_rules_change_for_each_earlier_triage(
    org, evangelist, legal
):
    job_ads = _earlier(evangelist, org, JOB_ADS)
    summaries = _earlier(evangelist, org, SUMMARIES)
    triage_save(evangelist, usecase=make_usecase(org), facts=CV_SCREENING)  # current: not listed

    found = {item.usecase: item for item in selectors.reconfirm_list(organisation=org)}
    assert set(found) == {job_ads, summaries}
    # The job-ad writer generates content: the new Art. 5 question is open, so is its risk group.
    item = found[job_ads]
    assert ("risk_group", "not_high_risk", "needs_review") in item.outcomes
    assert "art5_intimate_content" in [o.code for o in item.added]
    assert item.changes_outcome
    # Art. 4: a date, and the amended wording.
    assert [c.obligation.code for c in item.dates] == ["art4_literacy"]
    assert item.dates[0].before is None
    assert item.dates[0].obligation.applies_from == date(2025, 2, 2)
    assert [o.code for o in item.reworded] == ["art4_literacy"]
    assert selectors.reconfirm_count(organisation=org) == 2


def test_re_confirming_a_signed_off_triage_whose_outcome_opens_clears_the_sign_off(
    org, evangelist, legal
):
    usecase = _earlier(evangelist, org, JOB_ADS)
    triage_sign_off(legal, usecase=usecase)
    usecase.refresh_from_db()
    assert usecase.assessed_risk == "low"

    triage = triage_reconfirm(legal, usecase=usecase)
    assert triage.rules_version == "2026-07-27"
    assert triage.risk_group == "needs_review"
    assert triage.status == Status.NEEDS_REVIEW and triage.signed_off_by is None
    usecase.refresh_from_db()
    assert usecase.assessed_risk == ""  # back to the pre-screen's guess
    change = _history(usecase)[-1]
    assert change.action == "reconfirmed" and change.actor == legal.user
    assert change.fields["rules_version"] == ["2024-08-01", "2026-07-27"]
    assert change.fields["risk_group"] == ["not_high_risk", "needs_review"]
    assert change.fields["status"] == [Status.SIGNED_OFF, Status.NEEDS_REVIEW]
    assert selectors.reconfirm_list(organisation=org) == []


def test_re_confirming_a_signed_off_triage_that_stays_settled_keeps_it_signed_off_by_the_lawyer(
    org, evangelist, legal
):
    chatbot_2024 = {
        **SUMMARIES,
        "facts": {**SUMMARIES["facts"], "art50": ["interacts_with_people"], "edpb_criteria": []},
    }
    usecase = _earlier(evangelist, org, chatbot_2024)
    Triage.objects.filter(usecase=usecase).update(status=Status.COMPLETE)
    triage_sign_off(legal, usecase=usecase)
    other_lawyer = ctx_for(make_member(org, Role.LEGAL), org)
    triage = triage_reconfirm(other_lawyer, usecase=usecase)
    assert triage.status == Status.SIGNED_OFF
    assert triage.signed_off_by == other_lawyer.user
    assert triage.result["law"]["version"] == "2026-07-27"


def test_only_someone_who_may_sign_off_re_confirms_and_only_in_their_organisation(
    org, evangelist, legal
):
    usecase = _earlier(evangelist, org, SUMMARIES)
    with pytest.raises(PermissionDenied):
        triage_reconfirm(evangelist, usecase=usecase)
    other = make_org("Other")
    with pytest.raises(PermissionDenied):
        triage_reconfirm(ctx_for(make_member(other, Role.LEGAL), other), usecase=usecase)
    assert Triage.objects.get(usecase=usecase).rules_version == "2024-08-01"


def test_a_triage_that_follows_the_current_rules_is_not_re_confirmed(org, evangelist, legal):
    usecase = make_usecase(org)
    triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    with pytest.raises(ValidationError):
        triage_reconfirm(legal, usecase=usecase)
    assert [c.action for c in _history(usecase)] == ["triaged"]


# --- what applies when


def test_the_timeline_puts_every_obligation_on_the_date_it_applies_from(org, evangelist):
    cv = make_usecase(org, title="CV screening")
    triage_save(evangelist, usecase=cv, facts=CV_SCREENING)
    earlier = _earlier(evangelist, org, SUMMARIES)

    days = selectors.timeline(organisation=org, today=date(2026, 12, 7))
    on = [day.on for day in days]
    assert on == [date(2025, 2, 2), date(2027, 12, 2), None]
    assert [day.applies for day in days] == [True, False, False]
    codes = {day.on: {(d.usecase, d.obligation.code) for d in day.due} for day in days}
    assert (cv, "art4_literacy") in codes[date(2025, 2, 2)]
    assert (cv, "art26_deployer") in codes[date(2027, 12, 2)]
    assert (cv, "art27_fria") in codes[date(2027, 12, 2)]
    assert codes[None] == {(earlier, "art4_literacy")}  # made with rules that gave no dates


# --- the pages, the API and the export


def _page(client, org, role, path):
    client.force_login(make_member(org, role))
    return client.get(path)


def test_the_dutch_triage_page_shows_the_amended_dates_and_the_source_of_the_law(
    client, org, evangelist
):
    usecase = make_usecase(org, title="CV screening")
    triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    client.force_login(make_member(org, Role.LEGAL))
    page = client.get(
        f"/o/{org.slug}/usecases/{usecase.pk}/triage/", headers={"accept-language": "nl"}
    ).content.decode()
    assert "Geldt vanaf 2 december 2027" in page
    assert "Geldt sinds 2 februari 2025" in page
    assert "zoals gewijzigd door Verordening (EU) 2026/1744" in page
    assert "PB L, 2026/1744, 24.7.2026" in page and "PB L, 2024/1689, 12.7.2024" in page
    assert "Juridisch nakijken:" not in page  # a deployer's duties have clear dates


def test_the_english_page_says_the_same_in_english(client, org, evangelist):
    usecase = make_usecase(org, title="CV screening")
    triage_save(evangelist, usecase=usecase, facts=CV_SCREENING)
    client.force_login(make_member(org, Role.LEGAL))
    page = client.get(
        f"/o/{org.slug}/usecases/{usecase.pk}/triage/", headers={"accept-language": "en"}
    ).content.decode()
    assert "Applies from Dec. 2, 2027" in page and "Applies since Feb. 2, 2025" in page
    assert "OJ L, 2026/1744, 24.7.2026" in page
    portfolio = client.get(f"/o/{org.slug}/triage/", headers={"accept-language": "en"})
    assert "What applies when" in portfolio.content.decode()


def test_the_page_of_an_earlier_triage_says_so_and_lets_a_lawyer_re_confirm_it(
    client, org, evangelist
):
    usecase = _earlier(evangelist, org, JOB_ADS)
    url = f"/o/{org.slug}/usecases/{usecase.pk}/triage/"
    page = _page(client, org, Role.LEGAL, url).content.decode()
    assert 'id="reconfirm"' in page and f"{url}reconfirm/" in page
    response = client.post(f"{url}reconfirm/")
    assert response.status_code == 302
    assert Triage.objects.get(usecase=usecase).rules_version == "2026-07-27"


def test_the_re_confirm_page_lists_earlier_triages_for_everyone_and_buttons_for_lawyers(
    client, org, evangelist
):
    usecase = _earlier(evangelist, org, JOB_ADS)
    member_page = _page(client, org, Role.MEMBER, f"/o/{org.slug}/triage/reconfirm/")
    assert member_page.status_code == 200
    assert JOB_ADS["title"] in member_page.content.decode()
    assert f"/usecases/{usecase.pk}/triage/reconfirm/" not in member_page.content.decode()
    assert client.post(f"/o/{org.slug}/usecases/{usecase.pk}/triage/reconfirm/").status_code == 403
    assert Triage.objects.get(usecase=usecase).rules_version == "2024-08-01"

    page = _page(client, org, Role.LEGAL, f"/o/{org.slug}/triage/reconfirm/").content.decode()
    assert f"/usecases/{usecase.pk}/triage/reconfirm/" in page
    response = client.post(
        f"/o/{org.slug}/usecases/{usecase.pk}/triage/reconfirm/", {"back": "list"}
    )
    assert response["Location"] == f"/o/{org.slug}/triage/reconfirm/"


def test_the_portfolio_links_to_the_re_confirm_list_and_shows_what_applies_when(
    client, org, evangelist
):
    triage_save(evangelist, usecase=make_usecase(org), facts=CV_SCREENING)
    _earlier(evangelist, org, SUMMARIES)
    page = _page(client, org, Role.LEAD, f"/o/{org.slug}/triage/").content.decode()
    assert 'data-count="reconfirm"' in page
    assert 'data-date="2027-12-02"' in page and 'data-date="2025-02-02"' in page


def test_the_api_lists_re_confirms_and_shows_the_timeline(org, evangelist):
    usecase = _earlier(evangelist, org, JOB_ADS)
    user = make_member(org, Role.LEGAL)
    _token, secret = api_token_create(user=user, name="script")
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    base = f"/api/v1/orgs/{org.slug}"

    triage = api.get(f"{base}/usecases/{usecase.pk}/triage").json()
    assert triage["rules_current"] is False
    assert triage["result"]["law"]["version"] == "2024-08-01"
    (item,) = api.get(f"{base}/triage/reconfirm").json()
    assert item["usecase_id"] == usecase.pk and item["rules_version"] == "2024-08-01"
    assert {"outcome": "risk_group", "before": "not_high_risk", "after": "needs_review"} in item[
        "outcomes"
    ]
    assert item["after"]["law"]["version"] == "2026-07-27"
    assert api.get(f"{base}/triage").json()["reconfirm"] == 1

    done = api.post(f"{base}/usecases/{usecase.pk}/triage/reconfirm")
    assert done.status_code == 200 and done.json()["rules_current"] is True
    again = api.post(f"{base}/usecases/{usecase.pk}/triage/reconfirm")
    assert again.status_code == 422
    days = api.get(f"{base}/triage/timeline").json()
    assert [day["date"] for day in days] == ["2025-02-02", "2026-12-02"]
    assert days[1]["obligations"][0]["code"] == "art5_intimate_content"


def test_the_export_names_the_rules_version_the_law_and_the_dates(client, org, evangelist):
    triage_save(evangelist, usecase=make_usecase(org, title="CV screening"), facts=CV_SCREENING)
    _earlier(evangelist, org, SUMMARIES)
    client.force_login(make_member(org, Role.ADMIN))
    response = client.get(f"/o/{org.slug}/triage/export.xlsx", headers={"accept-language": "nl"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    current = by_title["CV screening"]
    assert current["Versie van de regels"] == "2026-07-27"
    assert "PB L, 2026/1744, 24.7.2026" in current["Toegepast recht"]
    assert "Geldt vanaf 2 december 2027" in current["Verplichtingen"]
    earlier = by_title[SUMMARIES["title"]]
    assert earlier["Versie van de regels"] == "2024-08-01"
    assert "2026/1744" not in earlier["Toegepast recht"]
