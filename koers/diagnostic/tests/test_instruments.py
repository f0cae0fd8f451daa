"""The scan home and the instrument builder: facilitators copy, build and edit instruments."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from koers.core import clock
from koers.core.models import Change
from koers.diagnostic import services
from koers.diagnostic.instruments.schema import Instrument as Scan
from koers.diagnostic.models import Instrument, InstrumentVersion, Response, Wave
from koers.orgs.models import Role
from koers.testing.factories import ctx_for, make_member, make_org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def facilitator(client: Client, org: Any, lead: Any) -> Client:
    client.force_login(lead)
    return client


@pytest.fixture
def scan(org: Any, lead: Any) -> Instrument:
    return services.instrument_copy_shipped(ctx_for(lead, org), kind="scan")


def url(org: Any, name: str = "", instrument: Instrument | None = None) -> str:
    base = f"/o/{org.slug}/scans/"
    return base + (f"instruments/{instrument.pk}/" if instrument else "") + name


def definition(instrument: Instrument) -> Scan:
    return Scan.model_validate(instrument.versions.order_by("-number").first().definition)


def start_wave(org: Any, lead: Any, instrument: Instrument) -> Wave:
    today = clock.today()
    return services.wave_create(
        ctx_for(lead, org),
        version=instrument.versions.get(),
        name="Spring",
        opens_on=today,
        closes_on=today,
    )


LIKERT = {
    "text_nl": "Ik weet niet waar ik moet beginnen.",
    "text_en": "I don't know where to start.",
    "barrier": "talent_shortage",
    "dont_know": "on",
    "required": "on",
}


class TestScanHome:
    def test_it_explains_the_scan_and_offers_the_copy_when_there_is_nothing_yet(
        self, facilitator, org
    ):
        page = facilitator.get(url(org)).content.decode()
        assert "seven barriers" in page
        assert "Copy Koers's readiness scan" in page

    def test_it_lists_instruments_and_waves_with_their_responses(
        self, facilitator, org, lead, scan
    ):
        wave = start_wave(org, lead, scan)
        Response.objects.create(
            wave=wave, role_group="staff", submitted_on=wave.opens_on, answers={}
        )
        page = facilitator.get(url(org)).content.decode()
        assert scan.name in page and "Spring" in page
        assert f"/waves/new/?version={scan.versions.get().pk}" in page
        assert f"/waves/{wave.pk}/results/" in page
        # Fewer than k responses: not counted out loud.
        assert 'class="count">1<' not in page and "fewer than 5" in page
        for _ in range(4):
            Response.objects.create(
                wave=wave, role_group="staff", submitted_on=wave.opens_on, answers={}
            )
        assert 'class="count">5<' in facilitator.get(url(org)).content.decode()

    def test_the_nav_shows_the_scan_to_facilitators_only(self, client, org, lead):
        departments = f"/o/{org.slug}/departments/"
        client.force_login(make_member(org, Role.MEMBER))
        assert f'href="{url(org)}"' not in client.get(departments).content.decode()
        assert client.get(url(org)).status_code == 403
        client.force_login(lead)
        assert f'href="{url(org)}"' in client.get(departments).content.decode()

    def test_copying_the_shipped_instruments_and_creating_an_empty_one(self, facilitator, org):
        facilitator.post(url(org, "instruments/copy/"), {"kind": "scan"})
        facilitator.post(url(org, "instruments/copy/"), {"kind": "calibration"})
        response = facilitator.post(url(org, "instruments/new/"), {"name": "Pulse"})
        pulse = Instrument.objects.get(organisation=org, name="Pulse")
        assert response.url == url(org, "", pulse)
        assert sorted(Instrument.objects.values_list("kind", flat=True)) == [
            "calibration",
            "scan",
            "scan",
        ]
        assert len(definition(pulse).sections) == 1

    def test_a_copy_of_an_unknown_kind_changes_nothing(self, facilitator, org):
        facilitator.post(url(org, "instruments/copy/"), {"kind": "poll"})
        assert not Instrument.objects.exists()


class TestInstrumentPage:
    def test_it_shows_sections_questions_barriers_and_coverage(self, facilitator, org, scan):
        page = facilitator.get(url(org, "", scan)).content.decode()
        assert "Check coverage" in page and "Other priorities" in page
        assert "Preview as a respondent" in page
        assert "Show Nederlands too" in page

    def test_the_other_language_is_shown_on_demand(self, facilitator, org, scan):
        title = definition(scan).sections[0].title
        assert title.nl not in facilitator.get(url(org, "", scan)).content.decode()
        assert title.nl in facilitator.get(url(org, "", scan) + "?both=1").content.decode()

    def test_it_warns_when_a_barrier_has_fewer_than_three_items(self, facilitator, org, scan):
        for item in ("pace_cannot_keep_up", "pace_better_to_wait"):
            facilitator.post(url(org, "remove/", scan), {"what": "question", "id": item})
        page = facilitator.get(url(org, "", scan)).content.decode()
        assert "Pace of change: 2 statements" in page
        assert "fewer than 3: less reliable" in page

    def test_the_calibration_quiz_is_shown_read_only(self, facilitator, org, lead):
        quiz = services.instrument_copy_shipped(ctx_for(lead, org), kind="calibration")
        page = facilitator.get(url(org, "", quiz)).content.decode()
        assert "Statements" in page and "Edit section" not in page
        facilitator.post(url(org, "remove/", quiz), {"what": "section", "id": "x"})
        assert quiz.versions.count() == 1
        assert (
            facilitator.get(url(org, "question/", quiz) + "?type=text&section=x").status_code == 302
        )

    def test_the_preview_shows_the_questionnaire_without_a_way_to_submit(
        self, facilitator, org, scan
    ):
        page = facilitator.get(url(org, "preview/", scan) + "?lang=nl").content.decode()
        assert "GenAI-scan: waar staan we?" in page
        assert 'type="submit"' not in page.split('class="scan scan-preview"')[1]


class TestEditing:
    def test_adding_a_likert_question_to_a_barrier(self, facilitator, org, scan):
        response = facilitator.post(
            url(org, "question/", scan) + "?section=people_and_skills&type=likert5", LIKERT
        )
        assert response.status_code == 302
        assert response.url.endswith("#q-i_dont_know_where_to_start")
        saved = next(
            q for q in definition(scan).questions() if q.id == "i_dont_know_where_to_start"
        )
        assert saved.barrier == "talent_shortage" and saved.dont_know
        assert scan.versions.count() == 1  # no wave used it: the same version
        change = Change.objects.filter(subject="diagnostic.instrument", action="revised").get()
        assert change.actor_id is not None

    def test_editing_a_question_used_by_a_wave_makes_a_new_version(
        self, facilitator, org, lead, scan
    ):
        start_wave(org, lead, scan)
        response = facilitator.post(
            url(org, "question/", scan) + "?question=open_worries",
            {
                "text_nl": "Waar maak je je zorgen over?",
                "text_en": "What worries you?",
                "max_length": "500",
                "destination": "voice",
            },
            follow=True,
        )
        assert "Version 2 created; waves that use version 1 keep it." in response.content.decode()
        first, second = InstrumentVersion.objects.filter(instrument=scan).order_by("number")
        assert first.definition != second.definition and first.frozen and not second.frozen
        edited = next(q for q in definition(scan).questions() if q.id == "open_worries")
        assert edited.text.en == "What worries you?" and not edited.required

    def test_options_are_written_one_per_line(self, facilitator, org, scan):
        facilitator.post(
            url(org, "question/", scan) + "?section=usage_today&type=multiple",
            {
                "text_nl": "Waarvoor?",
                "text_en": "For what?",
                "options": "Schrijven | Writing\nRekenen | Calculating",
            },
        )
        question = next(q for q in definition(scan).questions() if q.id == "for_what")
        assert [o.id for o in question.options] == ["writing", "calculating"]

    def test_a_line_without_both_languages_is_refused_next_to_the_field(
        self, facilitator, org, scan
    ):
        before = scan.versions.get().definition
        response = facilitator.post(
            url(org, "question/", scan) + "?section=usage_today&type=single",
            {"text_nl": "Hoe?", "text_en": "How?", "options": "Ja | Yes\nNee"},
        )
        assert response.status_code == 200
        assert "Line 2: write the Dutch and the English text" in response.content.decode()
        assert scan.versions.get().definition == before

    def test_a_second_opt_in_question_is_refused_with_a_clear_message(self, facilitator, org, scan):
        response = facilitator.post(
            url(org, "question/", scan) + "?section=usage_today&type=single",
            {
                "text_nl": "Help je mee?",
                "text_en": "Will you help?",
                "options": "Ja | Yes\nNee | No",
                "evangelist_opt_in": "on",
            },
        )
        assert "there can be only one" in response.content.decode()
        assert response.status_code == 200

    def test_every_question_type_has_a_form(self, facilitator, org, scan):
        for kind in ("likert5", "likert7", "single", "multiple", "matrix", "scale10", "text"):
            page = facilitator.get(url(org, "question/", scan) + f"?section=motivation&type={kind}")
            assert page.status_code == 200, kind
        assert facilitator.get(url(org, "question/", scan) + "?type=poll").status_code == 302

    def test_sections_are_added_renamed_moved_and_deleted(self, facilitator, org, scan):
        section = {"title_nl": "Tot slot", "title_en": "Finally", "intro_nl": "", "intro_en": ""}
        facilitator.post(url(org, "section/", scan), section)
        assert definition(scan).sections[-1].id == "finally"
        facilitator.post(
            url(org, "section/", scan) + "?section=finally", {**section, "title_en": "Last"}
        )
        assert definition(scan).sections[-1].title.en == "Last"
        facilitator.post(
            url(org, "move/", scan), {"what": "section", "id": "finally", "direction": "up"}
        )
        assert definition(scan).sections[-2].id == "finally"
        facilitator.post(url(org, "remove/", scan), {"what": "section", "id": "finally"})
        assert "finally" not in [s.id for s in definition(scan).sections]

    def test_a_dutch_intro_without_english_is_refused(self, facilitator, org, scan):
        response = facilitator.post(
            url(org, "section/", scan) + "?section=motivation",
            {
                "title_nl": "Motivatie",
                "title_en": "Motivation",
                "intro_nl": "Alleen NL",
                "intro_en": "",
            },
        )
        assert response.status_code == 200
        assert "Write this in both Dutch and English." in response.content.decode()

    def test_renaming_the_instrument_is_recorded(self, facilitator, org, scan):
        facilitator.post(
            url(org, "details/", scan),
            {
                "name": "Our scan",
                "title_nl": "Onze scan",
                "title_en": "Our scan",
                "intro_nl": "Welkom.",
                "intro_en": "Welcome.",
            },
        )
        scan.refresh_from_db()
        assert scan.name == "Our scan" and definition(scan).title.nl == "Onze scan"
        change = Change.objects.get(subject="diagnostic.instrument", action="revised")
        assert change.fields["name"][1] == "Our scan"

    def test_deleting_the_last_question_of_a_section_says_why_not(self, facilitator, org, scan):
        response = facilitator.post(
            url(org, "remove/", scan), {"what": "question", "id": "evangelist_opt_in"}, follow=True
        )
        assert "A section needs at least one question" in response.content.decode()
        assert any(q.id == "evangelist_opt_in" for q in definition(scan).questions())

    def test_a_stale_id_is_reported_not_a_crash(self, facilitator, org, scan):
        response = facilitator.post(
            url(org, "move/", scan),
            {"what": "question", "id": "gone", "direction": "up"},
            follow=True,
        )
        assert "is not there any more" in response.content.decode()
        assert facilitator.get(url(org, "question/", scan) + "?question=gone").status_code == 302


class TestAccess:
    def test_members_cannot_edit(self, client, org, scan):
        client.force_login(make_member(org, Role.MEMBER))
        response = client.post(
            url(org, "remove/", scan), {"what": "question", "id": "open_worries"}
        )
        assert response.status_code == 403

    def test_another_organisations_instrument_is_not_found(self, facilitator, org, scan):
        other = make_org("Other")
        other_lead = make_member(other, Role.LEAD)
        theirs = services.instrument_copy_shipped(ctx_for(other_lead, other), kind="scan")
        assert facilitator.get(url(org, "", theirs)).status_code == 404
        response = facilitator.post(
            url(org, "remove/", theirs), {"what": "question", "id": "open_worries"}
        )
        assert response.status_code == 404
        assert theirs.versions.get().definition == definition(theirs).model_dump(mode="json")

    def test_anonymous_visitors_are_sent_to_log_in(self, client, org, scan):
        response = client.get(url(org, "", scan))
        assert response.status_code == 302 and response.url.startswith("/login/")
        assert client.post(url(org, "instruments/new/"), {"name": "X"}).status_code == 302
        assert Instrument.objects.count() == 1

    def test_a_post_without_the_csrf_token_is_refused(self, org, lead, scan):
        client = Client(enforce_csrf_checks=True)
        client.force_login(lead)
        response = client.post(
            url(org, "remove/", scan), {"what": "question", "id": "open_worries"}
        )
        assert response.status_code == 403
        assert any(q.id == "open_worries" for q in definition(scan).questions())
