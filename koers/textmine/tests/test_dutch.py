"""Dutch words (compounds, stop words), the weight of each signal by language, and the hubness
correction of the ranking."""

from __future__ import annotations

import numpy as np
import pytest

from koers.textmine.dutch import Splitter
from koers.textmine.glossary import DUTCH_TO_ENGLISH
from koers.textmine.index import HUB_MIN, NL_EMBEDDINGS, WORDS, TextIndex
from koers.textmine.text import Terms


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("klantenservicemedewerker", ("klant", "service", "medewerker")),
        ("storingsmeldingen", ("storing", "meldingen")),  # linking -s-
        ("werkdruk", ("werk", "druk")),
        ("aanvraagformulier", ("aanvraag", "formulier")),
        ("factuur", ("factuur",)),  # too short to be a compound
        ("organisatie", ("organisatie",)),  # no known parts
    ],
)
def test_compounds_split_into_known_words(word, parts):
    assert Splitter(DUTCH_TO_ENGLISH).split(word) == parts


def test_the_backlog_teaches_the_splitter_its_words_and_a_common_word_stays_whole():
    splitter = Splitter()
    splitter.learn(["afvalstoffen", "afvalstoffen", "heffingen", "kwijtschelding"] * 3)
    assert splitter.split("afvalstoffenheffing") == ("afvalstoffen", "heffing")
    # Written often, and its would-be parts are not: not kwijt + schel + ding.
    splitter.learn(["kwijt", "schel", "ding"])
    assert splitter.split("kwijtschelding") == ("kwijtschelding",)


def test_a_compound_counts_as_its_parts_so_rephrased_texts_meet():
    terms = Terms("nl")
    compound = set(terms("De klantenservicemedewerker beantwoordt vragen"))
    spelled_out = set(terms("Een medewerker van de service voor klanten"))
    assert {"custom", "employe"} <= compound & spelled_out


def test_dutch_filler_words_are_not_terms():
    terms = Terms("nl")
    found = terms("Wij willen graag dat medewerkers eigenlijk sneller facturen kunnen krijgen")
    assert not {"will", "graag", "eigenlijk", "krijg", "kunn"} & set(found)
    assert "invoic" in found


def test_the_english_word_embeddings_weigh_less_between_dutch_texts():
    dutch = [
        "De klantenservice beantwoordt vragen van inwoners over afval.",
        "Een chatbot die vragen van inwoners beantwoordt op de website.",
    ]
    english = ["A chatbot answers questions of residents on the website."]
    index = TextIndex(dutch + english)
    assert index.space is not None  # wordllama, a dependency, ships its weights
    # Each text's embedding carries the square root of its language's weight: their product is
    # that weight times the cosine.
    weight = np.linalg.norm(index.dense, axis=1) ** 2
    assert weight[:2] == pytest.approx([NL_EMBEDDINGS] * 2)
    assert weight[2] == pytest.approx(1 - WORDS)
    assert NL_EMBEDDINGS < 1 - WORDS
    # The Dutch texts still find each other.
    assert index.similar_to(0, 1)[0].index == 1


def _backlog(n: int) -> list[str]:
    topics = ["invoices", "leave", "permits", "benefits", "parking", "translation", "code", "hr"]
    return [
        f"Case {i}: a tool for {topics[i % 8]} and {topics[(i * 3 + 1) % 8]} "
        f"that helps the {topics[(i * 5 + 2) % 8]} team"
        for i in range(n)
    ]


def test_the_ranking_correction_never_pushes_an_exact_match_from_first_place():
    minutes = "Summarise the minutes of council meetings into a short list of decisions"
    texts = [*_backlog(HUB_MIN + 10), minutes]
    index = TextIndex(texts, embeddings=False)
    assert index.hubness.any()
    for i in (0, 7, len(texts) - 1):
        assert index.similar(texts[i], 3)[0].index == i


def test_the_score_shown_is_the_similarity_itself_not_the_corrected_one():
    texts = _backlog(HUB_MIN + 10)
    index = TextIndex(texts, embeddings=False)
    matches = index.similar(texts[3], 5)
    raw = index.scores(*index.encode([texts[3]]))[0]
    assert [m.score for m in matches] == [round(float(raw[m.index]), 4) for m in matches]
