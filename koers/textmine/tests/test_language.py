"""Theme names in the organisation's language: a Dutch organisation's theme is named from its
Dutch texts ("werkdruk"), not from the one concern someone wrote in English ("gives")."""

from __future__ import annotations

from koers.textmine.index import TextIndex
from koers.textmine.text import Terms, language

CONCERNS = [
    "De werkdruk is nu al hoog en AI kost eerst tijd om te leren.",
    "Door de werkdruk heb ik geen tijd om met AI te oefenen.",
    "Werkdruk en tijd: wanneer moeten we dit er nog bij doen?",
    "The workload is high and nobody gives us time to learn AI.",
    "Mogen we klantgegevens in Copilot plakken? Niemand weet het precies.",
    "Ik weet niet of ik klantgegevens in een AI-tool mag zetten.",
]
WORKLOAD = [0, 1, 2, 3]


def test_a_dutch_organisations_theme_is_named_in_dutch():
    terms = TextIndex(CONCERNS, embeddings=False, language="nl").key_terms(WORKLOAD, 4)
    assert {"werkdruk", "tijd"} <= set(terms)
    assert not {"gives", "workload", "nobody", "learn"} & set(terms)


def test_without_a_language_every_text_may_name_it():
    terms = TextIndex(CONCERNS, embeddings=False).key_terms(WORKLOAD, 8)
    assert "gives" in terms or "nobody" in terms or "learn" in terms


def test_an_english_organisation_names_it_from_the_english_texts():
    english = TextIndex(CONCERNS, embeddings=False, language="en").key_terms(WORKLOAD, 4)
    assert {"workload", "time"} <= set(english)


def test_a_short_text_without_function_words_counts_as_the_organisations_language():
    assert language(["werkdruk", "hoog"], default="nl") == "nl"
    assert language(["werkdruk", "hoog"]) == "en"
    terms = Terms("nl")
    terms("Werkdruk veel te hoog")
    assert terms.in_language(terms("werkdruk")[0])
