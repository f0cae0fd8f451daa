"""The questionnaire rules of the glossary (GLOSSARY-NL.md, "Questionnaires") hold for the
instruments Koers ships: one claim per statement, no presupposing, no steering help texts, the
midpoint "Niet eens, niet oneens", frequency options that do not overlap, an intro that names the
organisation's own threshold and an honest duration, and the glossary's words.

Each pattern that was wrong is checked twice: it is in version 1 (so the check can see it) and it
is gone from the version Koers ships now."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from koers.diagnostic.instruments import load_calibration, load_default_scan
from koers.diagnostic.instruments.schema import (
    AGREE_5,
    AGREE_7,
    Calibration,
    Instrument,
    LikertQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    intro_filled,
)
from koers.diagnostic.instruments.tests.walk import texts_in

MIDPOINT = "Niet eens, niet oneens"


def _previous(name: str) -> str:
    files = resources.files("koers.diagnostic.instruments.previous")
    return files.joinpath(name).read_text(encoding="utf-8")


SCAN_V1 = Instrument.model_validate_json(_previous("default_scan_v1.json"))
QUIZ_V1 = Calibration.model_validate_json(_previous("calibration_v1.json"))


def _all_text(instrument: Instrument | Calibration) -> str:
    return "\n".join(f"{t.nl}\n{t.en}" for t in texts_in(instrument))


# What version 1 said that broke a rule: double-barrelled items (two claims in one), a steering
# help text, a presupposing question, overlapping frequency options, a fixed threshold and
# duration, words the glossary does not use, and a barrier named otherwise than in the interface.
SCAN_WRONG = [
    "onze gegevens of die van klanten",
    "our data, or our customers' data",
    "te rommelig of te verspreid",
    "too messy or too scattered",
    "veilig en verantwoord",
    "safely and responsibly",
    "geregeld of goedgekeurd",
    "provided or approved",
    "leren of kiezen",
    "learn or choose",
    "schrijf-, zoek- of denkwerk",
    "writing, searching or thinking",
    "dure nieuwe systemen die we nu niet kunnen betalen",
    "hulp die saai werk overneemt dan als bedreiging",
    "Dat gebeurt vaak",
    "This happens a lot",
    "Waar maak je je zorgen over",
    "What worries you",
    "Een paar keer geprobeerd",
    "(Bijna) elke dag",
    "minstens vijf",
    "at least five",
    "tien minuten",
    "ten minutes",
    "uitspraken",
    "AI-evangelisten",
    "AI is nog niet zo ver",
    "Neutraal",
]
QUIZ_WRONG = [
    "De GenAI van vandaag",
    "Today's GenAI",
    "e-mail of brief",
    "foto of scan",
    "advocaten- of artsenexamens",
    "juridische of medische",
    "verslag met samenvatting en actiepunten",
    "namen, datums en bedragen",
    "analyseren en er een grafiek",
    "Geef bij elke uitspraak",
]


@pytest.fixture(scope="module")
def scan() -> Instrument:
    return load_default_scan()


@pytest.fixture(scope="module")
def quiz() -> Calibration:
    return load_calibration()


@pytest.mark.parametrize("wrong", SCAN_WRONG)
def test_the_scan_no_longer_says_what_version_1_got_wrong(scan, wrong):
    assert wrong in _all_text(SCAN_V1)
    assert wrong not in _all_text(scan)


@pytest.mark.parametrize("wrong", QUIZ_WRONG)
def test_the_quiz_no_longer_says_what_version_1_got_wrong(quiz, wrong):
    assert wrong in _all_text(QUIZ_V1)
    assert wrong not in _all_text(quiz)


def test_both_are_a_new_version():
    assert load_default_scan().version == SCAN_V1.version + 1
    assert load_calibration().version == QUIZ_V1.version + 1


# "A of B", "A en B" in a question: two claims, and an answer cannot say to which one it agrees.
TWO_CLAIMS = {"nl": re.compile(r" (of|en) "), "en": re.compile(r" (or|and) ")}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_question_asks_one_thing(scan, language):
    texts = [getattr(q.text, language) for q in scan.questions()]
    assert [t for t in texts if TWO_CLAIMS[language].search(t)] == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_quiz_statement_makes_one_claim(quiz, language):
    texts = [getattr(s.text, language) for s in quiz.statements]
    assert [t for t in texts if TWO_CLAIMS[language].search(t)] == []


def test_the_agreement_scales_have_the_dutch_midpoint():
    assert AGREE_5[2].nl == MIDPOINT
    assert AGREE_7[3].nl == MIDPOINT


def test_every_statement_of_the_scan_offers_the_midpoint(scan):
    likert = [q for q in scan.questions() if isinstance(q, LikertQuestion)]
    assert len(likert) == 32
    assert all(q.labels[len(q.labels) // 2].nl == MIDPOINT for q in likert)


def test_no_help_text_says_what_others_answer(scan):
    steering = re.compile(r"gebeurt vaak|de meeste|veel mensen|happens a lot|most people", re.I)
    helps = [f"{q.help.nl} {q.help.en}" for q in scan.questions() if q.help is not None]
    assert [h for h in helps if steering.search(h)] == []


def test_the_worries_question_first_asks_whether_there_are_any(scan):
    (section,) = [s for s in scan.sections if any(q.id == "open_worries" for q in s.questions)]
    ids = [q.id for q in section.questions]
    whether = section.questions[ids.index("open_worries") - 1]
    assert isinstance(whether, SingleChoiceQuestion)
    assert {o.id for o in whether.options} == {"yes", "no", "dont_know"}
    worries = section.questions[ids.index("open_worries")]
    assert isinstance(worries, TextQuestion) and not worries.required
    assert worries.text.nl.startswith("Als je zorgen hebt")


def test_how_often_is_asked_in_steps_that_do_not_overlap(scan):
    question = next(q for q in scan.questions() if q.id == "usage_frequency")
    assert isinstance(question, SingleChoiceQuestion)
    assert [o.label.nl for o in question.options] == [
        "Nooit",
        "Minder dan één keer per maand",
        "Eén tot drie keer per maand",
        "Op één tot vier werkdagen per week",
        "Elke werkdag",
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_intro_leaves_the_threshold_and_duration_to_the_page(scan, language):
    intro = getattr(scan.intro, language)
    assert {"{k}", "{min_minutes}", "{max_minutes}"} <= set(re.findall(r"\{\w+\}", intro))
    filled = intro_filled(intro, k=7, minutes=scan.minutes())
    assert "{" not in filled
    low, high = scan.minutes()
    if language == "nl":
        assert "minstens 7 mensen" in filled
        assert f"ongeveer {low} tot {high} minuten" in filled
    else:
        assert "at least 7 people" in filled
        assert f"about {low} to {high} minutes" in filled


def test_the_duration_counts_the_questions(scan):
    low, high = scan.seconds()
    statements = len(list(scan.likert_questions()))
    assert low >= 6 * statements and high >= 8 * statements
    assert scan.minutes() == (4, 8)
    fewer = scan.model_copy(update={"sections": scan.sections[:1]})
    assert fewer.minutes() < scan.minutes()
    assert fewer.minutes()[0] >= 1


def test_intro_filled_leaves_other_braces_alone():
    assert intro_filled("{k} of {x}", k=5, minutes=(1, 2)) == "5 of {x}"


def test_the_seventh_barrier_has_the_name_the_interface_uses(scan):
    (barrier,) = [b for b in scan.barriers if b.id == "not_good_enough"]
    assert (
        barrier.name.nl
        == "\N{LEFT SINGLE QUOTATION MARK}AI is nog niet goed genoeg\N{RIGHT SINGLE QUOTATION MARK}"
    )
    assert barrier.name.en == "“AI isn't good enough yet”"


# The glossary's "Not" column, as far as it can turn up in a questionnaire.
NOT_OUR_WORDS = re.compile(
    r"\b(uitspraak|uitspraken|barrière|belemmering|evangelist\w*|AI-evangelist\w*|use case|"
    r"readiness|golf|meting|peiling|leiderschap\w*|melding)\b",
    re.I,
)


def test_its_dutch_uses_the_glossary_words(scan, quiz):
    dutch = [t.nl for t in texts_in(scan) + texts_in(quiz)]
    assert [t for t in dutch if NOT_OUR_WORDS.search(t)] == []
    assert "GenAI-scan" in scan.intro.nl and "stelling" in scan.sections[1].intro.nl  # type: ignore[union-attr]


def test_every_quiz_statement_completes_genai_can_already(quiz):
    assert all(s.text.nl.startswith("GenAI kan nu al ") for s in quiz.statements)
    assert all(s.text.en.startswith("GenAI can already ") for s in quiz.statements)
    meeting = next(s for s in quiz.statements if s.id == "meeting_transcript_and_actions")
    assert "transcriptie" in meeting.text.nl and "transcript" in meeting.text.en


def test_the_previous_versions_are_kept_as_organisations_copied_them():
    """The data migration compares an organisation's copy with these, key for key."""
    data = json.loads(_previous("default_scan_v1.json"))
    assert data == SCAN_V1.model_dump(mode="json")
    likert = next(q for s in data["sections"] for q in s["questions"] if q["type"] == "likert5")
    assert likert["labels"][2]["nl"] == "Neutraal"
