"""The scan's words as people read them: Koers's own instruments named in the reader's language,
the seventh barrier named the same in the data and the interface, and the calibration quiz's
answers "Klopt / Klopt niet / Weet ik niet" in Dutch."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from koers.diagnostic import services
from koers.diagnostic.forms.calibration import answer_choices
from koers.diagnostic.instruments import load_calibration, load_default_scan
from koers.diagnostic.services import instruments as instrument_services
from koers.testing.factories import ctx_for

SCAN = load_default_scan()


@pytest.fixture
def dutch_copy(db, org, lead):
    """Koers's scan copied by a lead who reads Koers in Dutch: stored with its Dutch name."""
    lead.language = "nl"
    lead.save(update_fields=["language"])
    return services.instrument_copy_shipped(ctx_for(lead, org), kind="scan")


def test_a_copy_of_koers_scan_is_named_in_the_readers_language(dutch_copy):
    assert dutch_copy.name == "GenAI-scan: waar staan we?"
    assert dutch_copy.name_in("en") == "GenAI scan: where do we stand?"
    with translation.override("en"):
        assert dutch_copy.display_name == "GenAI scan: where do we stand?"
    with translation.override("nl"):
        assert dutch_copy.display_name == "GenAI-scan: waar staan we?"


def test_the_scan_home_shows_an_english_reader_the_english_name(client, org, lead, dutch_copy):
    lead.language = "en"
    lead.save(update_fields=["language"])
    client.force_login(lead)
    html = client.get(f"/o/{org.slug}/scans/").content.decode()
    assert "GenAI scan: where do we stand?" in html
    assert "GenAI-scan: waar staan we?" not in html


def test_a_name_the_organisation_chose_stays_as_written(org, lead, dutch_copy):
    ctx = ctx_for(lead, org)
    definition = instrument_services.version_latest(dutch_copy).definition
    instrument_services.instrument_save(
        ctx, instrument=dutch_copy, definition=definition, what="renamed", name="Onze vragenlijst"
    )
    dutch_copy.refresh_from_db()
    assert dutch_copy.name_in("en") == "Onze vragenlijst"


def test_the_calibration_quiz_is_named_in_the_readers_language_too(db, org, lead):
    quiz = services.instrument_copy_shipped(ctx_for(lead, org), kind="calibration")
    assert quiz.name_in("nl") == load_calibration().title.nl
    assert quiz.name_in("en") == load_calibration().title.en


def test_the_seventh_barrier_has_one_name_in_data_and_interface():
    (barrier,) = [b for b in SCAN.barriers if b.id == "not_good_enough"]
    message = "The barrier “AI isn't good enough yet” has fewer than %(k)s answers so far."
    assert barrier.name.en in message
    with translation.override("nl"):
        assert barrier.name.nl in gettext(message)


def test_the_quiz_answers_are_klopt_klopt_niet_weet_ik_niet_in_dutch():
    with translation.override("nl"):
        assert [str(label) for _value, label in answer_choices()] == [
            "Klopt",
            "Klopt niet",
            "Weet ik niet",
        ]
        shown = [
            render_to_string("calibration/_answer.html", {"value": v}).strip()
            for v in ("true", "false", "unsure")
        ]
    assert shown == ["Klopt", "Klopt niet", "Weet ik niet"]
