"""Answering a scan through its one-time link: ``/s/<token>/``, no account needed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django import forms
from django.test import Client

from koers.core import clock
from koers.diagnostic import services
from koers.diagnostic.forms.answer import DONT_KNOW, AnswerForm
from koers.diagnostic.instruments.loader import load_default_scan
from koers.diagnostic.instruments.schema import Instrument
from koers.diagnostic.models import Invitation, Nomination, Response, ScanSettings, Wave
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

SCAN = load_default_scan()


def complete_post(instrument: Instrument = SCAN, **overrides: Any) -> dict[str, Any]:
    """A POST answering every question (the first option, "agree" on Likert items)."""
    form = AnswerForm(instrument=instrument, language="en")
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        choices = [value for value, _label in getattr(field, "choices", [])]
        if isinstance(field, forms.MultipleChoiceField):
            data[name] = [choices[0]]
        elif choices:
            data[name] = choices[3] if len(choices) > 3 else choices[0]
        else:
            data[name] = "Writing minutes takes hours."
    data.pop("evangelist_opt_in")
    return {"action": "submit", **data, **overrides}


@pytest.fixture
def lead(org):
    return make_member(org, Role.LEAD, department=org.departments.get(name="HR"))


@pytest.fixture
def respondent(org):
    return make_member(org, Role.MEMBER, department=org.departments.get(name="Finance"))


@pytest.fixture
def wave(org, lead, respondent):
    ctx = ctx_for(lead, org)
    instrument = services.instrument_copy_shipped(ctx, kind="scan")
    today = clock.today()
    wave = services.wave_create(
        ctx,
        version=instrument.versions.get(),
        name="Spring pulse",
        opens_on=today,
        closes_on=today + dt.timedelta(days=14),
    )
    wave.status = Wave.Status.OPEN
    wave.save()
    return wave


@pytest.fixture
def url(org, lead, respondent, wave):
    issued = {
        inv.membership.user: token
        for inv, token in services.invitations_issue(ctx_for(lead, org), wave=wave)
    }
    return f"/s/{issued[respondent]}/"


def checked(html: str) -> set[tuple[str, str]]:
    inputs = re.findall(r"<input [^>]*\bchecked\b[^>]*>", html)
    return {
        (re.search(r'name="([^"]+)"', i).group(1), re.search(r'value="([^"]+)"', i).group(1))
        for i in inputs
    }


def invitation_of(user) -> Invitation:
    return Invitation.objects.get(membership__user=user)


def test_it_shows_the_questions_by_section_without_logging_in(client, url, org):
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "GenAI scan: where do we stand?" in html
    assert "How you use AI today" in html and "In your own words" in html
    assert html.count('class="scan-question ') == len(list(SCAN.questions()))
    assert "Don&#x27;t know" in html
    assert org.name in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert page["Cache-Control"].startswith("max-age=0")


def test_it_shows_no_person_data_even_to_a_logged_in_respondent(client, url, respondent):
    client.force_login(respondent)
    html = client.get(url).content.decode()
    assert respondent.email not in html and respondent.name not in html


def test_it_speaks_dutch_to_a_dutch_browser(client, url):
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9").content.decode()
    assert '<html lang="nl">' in html
    assert "GenAI-scan: waar staan we?" in html
    assert "Weet ik niet" in html
    assert "Direct naar de inhoud" in html  # the page's own texts follow the language too


def test_the_language_switch_is_remembered_in_the_session(client, url):
    client.get(url + "?lang=nl", HTTP_ACCEPT_LANGUAGE="en")
    assert client.session["scan_language"] == "nl"
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Hoe je AI nu gebruikt" in html
    assert "How you use AI today" in client.get(url + "?lang=en").content.decode()


def test_a_draft_survives_and_prefills_the_page(client, url, respondent):
    answer = client.post(
        url,
        {
            "action": "save",
            "usage_frequency": "monthly",
            "priorities_more_important_now": DONT_KNOW,
            "pace_cannot_keep_up": "2",
        },
    )
    assert answer.status_code == 302
    assert invitation_of(respondent).draft == {
        "usage_frequency": "monthly",
        "priorities_more_important_now": None,
        "pace_cannot_keep_up": 2,
    }
    assert Response.objects.count() == 0

    html = Client().get(url).content.decode()  # later, on another device
    assert checked(html) == {
        ("usage_frequency", "monthly"),
        ("priorities_more_important_now", DONT_KNOW),
        ("pace_cannot_keep_up", "2"),
    }


def test_submitting_stores_an_anonymous_response_and_shows_the_thank_you(client, url, respondent):
    answer = client.post(url, complete_post(open_worries="  Losing my job.  "))
    assert answer.status_code == 302 and answer["Location"] == url

    response = Response.objects.get()
    assert (response.department.name, response.role_group, response.language) == (
        "Finance",
        "staff",
        "en",
    )
    assert response.answers["priorities_more_important_now"] == 4
    assert response.answers["usage_tool_kinds"] == ["chat_assistants"]
    assert response.answers["open_worries"] == "Losing my job."
    assert "evangelist_opt_in" not in response.answers
    assert invitation_of(respondent).used
    assert not Nomination.objects.exists()

    thanks = client.get(url)
    assert thanks.status_code == 200
    assert "Thank you for answering" in thanks.content.decode()


def test_opting_in_creates_a_nomination_and_leaves_the_answers_anonymous(
    client, url, respondent, wave
):
    client.post(url, complete_post(evangelist_opt_in="yes"))
    nomination = Nomination.objects.get()
    assert (nomination.wave, nomination.membership.user) == (wave, respondent)
    assert "evangelist_opt_in" not in Response.objects.get().answers


def test_opting_out_creates_no_nomination(client, url):
    client.post(url, complete_post(evangelist_opt_in="no"))
    assert Response.objects.count() == 1 and not Nomination.objects.exists()


def test_a_missing_required_answer_is_shown_and_nothing_is_stored(client, url, respondent):
    client.post(url, {"action": "save", "usage_frequency": "monthly"})
    incomplete = complete_post(evangelist_opt_in="yes")
    del incomplete["pace_cannot_keep_up"]

    page = client.post(url, incomplete)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Your answers were not sent yet" in html
    assert 'href="#q-pace_cannot_keep_up"' in html  # in the summary at the top …
    assert html.count("Please answer this question.") == 1  # … and at the question
    assert not Response.objects.exists() and not Nomination.objects.exists()
    invitation = invitation_of(respondent)
    assert not invitation.used and invitation.draft == {"usage_frequency": "monthly"}


def test_optional_questions_may_stay_empty(client, url):
    data = complete_post()
    for optional in ("usage_tool_kinds", "open_worries", "open_where_ai_helps"):
        del data[optional]
    client.post(url, data)
    assert set(Response.objects.get().answers).isdisjoint({"usage_tool_kinds", "open_worries"})


def test_an_answer_outside_the_options_is_refused(client, url):
    page = client.post(url, complete_post(priorities_more_important_now="9"))
    assert page.status_code == 200 and not Response.objects.exists()


def test_a_used_link_says_thank_you_and_how_results_stay_anonymous(client, url, org):
    ScanSettings.objects.create(organisation=org, min_respondents=7)
    client.post(url, complete_post())
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "groups of at least 7 people" in html
    assert "can't be traced back to you" in html
    assert client.post(url, complete_post()).status_code == 200
    assert Response.objects.count() == 1


def test_an_unknown_link_is_not_found(client, url):
    page = client.get("/s/not-a-real-token/")
    assert page.status_code == 404
    assert "We don't know this link" in page.content.decode()


def test_a_closed_scan_is_gone(client, url, wave):
    wave.status = Wave.Status.CLOSED
    wave.save()
    page = client.get(url)
    assert page.status_code == 410
    assert "This scan has closed" in page.content.decode()
    assert client.post(url, complete_post()).status_code == 410
    assert not Response.objects.exists()


def test_a_scan_that_has_not_opened_yet_says_so(client, url, wave):
    wave.opens_on = wave.closes_on = clock.today() + dt.timedelta(days=3)
    wave.save()
    page = client.get(url)
    assert page.status_code == 410
    assert "not open yet" in page.content.decode()


def test_the_closed_page_speaks_dutch_too(client, url, wave):
    wave.status = Wave.Status.CLOSED
    wave.save()
    page = client.get(url + "?lang=nl")
    assert page.status_code == 410 and page["Content-Language"] == "nl"
    assert "Direct naar de inhoud" in page.content.decode()


def test_answering_needs_the_csrf_token(url):
    page = Client(enforce_csrf_checks=True).post(url, complete_post())
    assert page.status_code == 403
    assert not Response.objects.exists()


EVERY_TYPE = Instrument.model_validate(
    {
        "id": "every_type",
        "version": 1,
        "title": {"nl": "Alles", "en": "Everything"},
        "intro": {"nl": "Intro.", "en": "Intro."},
        "sections": [
            {
                "id": "all",
                "title": {"nl": "Alles", "en": "All"},
                "questions": [
                    {"id": "seven", "type": "likert7", "text": {"nl": "Zeven", "en": "Seven"}},
                    {
                        "id": "grid",
                        "type": "matrix",
                        "text": {"nl": "Rooster", "en": "Grid"},
                        "rows": [
                            {"id": "mail", "label": {"nl": "Mail", "en": "Mail"}},
                            {"id": "notes", "label": {"nl": "Notities", "en": "Notes"}},
                        ],
                        "scale": [{"nl": "Laag", "en": "Low"}, {"nl": "Hoog", "en": "High"}],
                    },
                    {
                        "id": "nps",
                        "type": "scale10",
                        "text": {"nl": "Cijfer", "en": "Score"},
                        "low_label": {"nl": "Nooit", "en": "Never"},
                        "high_label": {"nl": "Zeker", "en": "Surely"},
                    },
                ],
            }
        ],
    }
)


def test_every_question_type_round_trips_between_form_and_stored_answers():
    posted = {"seven": "6", "grid__mail": "2", "grid__notes": "1", "nps": "0"}
    form = AnswerForm(posted, instrument=EVERY_TYPE, language="nl")
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers == {"seven": 6, "grid": {"mail": 2, "notes": 1}, "nps": 0}

    prefilled = AnswerForm(instrument=EVERY_TYPE, language="nl", answers=answers)
    assert {name: prefilled[name].value() for name in posted} == posted
    assert [label for label, _field in prefilled.sections()[0].questions[1].fields] == [
        "Mail",
        "Notities",
    ]


def test_every_row_of_a_required_matrix_needs_an_answer():
    form = AnswerForm(
        {"seven": "6", "grid__mail": "2", "nps": "10"}, instrument=EVERY_TYPE, language="en"
    )
    assert not form.is_valid()
    assert list(form.errors) == ["grid__notes"]
    assert [q.question.id for q in form.questions_with_errors()] == ["grid"]


def test_a_draft_may_leave_required_questions_open_but_not_invent_answers():
    assert AnswerForm({"nps": "3"}, instrument=EVERY_TYPE, language="en", for_draft=True).is_valid()
    assert not AnswerForm(
        {"nps": "11"}, instrument=EVERY_TYPE, language="en", for_draft=True
    ).is_valid()


def test_the_link_is_looked_up_with_its_wave_and_version_as_the_orm_gives_them(url, respondent):
    """The answer path's hand-written lookup (``koers.core.rows``) converts every column as the
    ORM does, on SQLite and PostgreSQL alike."""
    token = url.rstrip("/").rsplit("/", 1)[1]
    services.draft_save(token, {"usage_frequency": "weekly"})
    fast = services.invitation_for(token)
    orm = Invitation.objects.select_related("wave__version").get(pk=fast.pk)

    def fields(instance, skip=()):
        return {
            f.attname: getattr(instance, f.attname)
            for f in instance._meta.concrete_fields
            if f.attname not in skip
        }

    assert fields(fast) == fields(orm)
    assert fields(fast.wave) == fields(orm.wave)
    assert fields(fast.wave.version, {"definition"}) == fields(orm.wave.version, {"definition"})
    assert fast.draft == {"usage_frequency": "weekly"}
    assert fast.wave.version.definition == orm.wave.version.definition  # deferred, then loaded


def test_the_intro_names_the_organisations_own_threshold(client, url, org):
    ScanSettings.objects.create(organisation=org, min_respondents=7)
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "we only show results for groups of at least 7 people" in html
    assert "five" not in html and "{k}" not in html
    dutch = client.get(url + "?lang=nl").content.decode()
    assert "groepen van minstens 7 mensen" in dutch


def test_the_intro_says_how_long_the_questions_take(client, url):
    low, high = SCAN.minutes()
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"It takes about {low} to {high} minutes." in html
    dutch = client.get(url + "?lang=nl").content.decode()
    assert f"Invullen duurt ongeveer {low} tot {high} minuten." in dutch


def test_each_part_says_where_it_stands_with_a_progress_bar(client, url):
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    parts, total = len(SCAN.sections), len(list(SCAN.questions()))
    assert parts == 7 and total == 39
    bars = re.findall(
        r'<span id="(section-\d+-progress)">\s*Part (\d+) of (\d+) · questions (\d+) to (\d+) of '
        r'(\d+)\s*</span>\s*<progress max="(\d+)" value="(\d+)" aria-labelledby="([^"]+)"',
        html,
    )
    assert len(bars) == parts
    assert bars[0][1:] == ("1", "7", "1", "3", "39", "39", "0", "section-1-progress")
    assert bars[-1][1:6] == ("7", "7", "39", "39", "39")
    assert all(label == ident for ident, *_rest, label in bars)
    last_before = [int(bar[4]) for bar in bars]
    assert [int(bar[7]) for bar in bars] == [0, *last_before[:-1]]
    dutch = client.get(url + "?lang=nl").content.decode()
    assert "Deel 3 van 7 · vraag 16 tot en met 23 van 39" in dutch


def test_dutch_statements_have_the_midpoint_niet_eens_niet_oneens(client, url):
    html = client.get(url + "?lang=nl").content.decode()
    assert html.count("<span>Niet eens, niet oneens</span>") == 32
    assert "Neutraal" not in html
