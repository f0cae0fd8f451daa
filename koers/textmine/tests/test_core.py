"""The text core: similar items, themes and the batch analysis."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from koers.textmine.analyze import Item, analyze
from koers.textmine.cluster import cluster
from koers.textmine.index import TextIndex
from koers.textmine.text import Terms, language

BACKLOG = [
    "Chatbot that answers employee questions about HR policies and leave",
    "HR assistant chatbot answering staff questions about leave and policies",
    "Summarise incoming invoices and check them against purchase orders",
    "Invoice checking: match supplier invoices to purchase orders automatically",
    "Detect fraud in benefit applications",
    "Translate public letters into plain language",
    "Facturen van leveranciers automatisch controleren tegen inkooporders",
    "Chatbot die vragen van medewerkers over verlof beantwoordt",
]


def test_dutch_and_english_words_meet_in_their_stems():
    terms = Terms()
    assert terms("de facturen van het team") == terms("de factuur van het team")
    assert terms("the invoices of the team") == terms("the invoice of the team")
    assert language(["de", "facturen", "van", "het", "team"]) == "nl"
    assert language(["the", "invoices", "of", "the", "team"]) == "en"


def test_the_most_similar_item_is_the_same_need_in_other_words():
    index = TextIndex(BACKLOG)
    best = index.similar("a chatbot for employee questions on leave policy", 3)
    assert {m.index for m in best} == {0, 1, 7}  # 7 says it in Dutch
    assert len(set(best[0].terms) & {"employee", "questions", "chatbot", "leave", "policies"}) >= 2
    assert all(0 <= m.score <= 1 for m in best)


def test_a_dutch_idea_finds_the_same_need_written_in_english():
    index = TextIndex(BACKLOG)
    best = index.similar_to(6, 2)  # Facturen van leveranciers … tegen inkooporders
    assert {m.index for m in best} == {2, 3}
    assert {"invoices", "purchase"} & set(best[0].terms) or {"facturen"} & set(best[0].terms)


def test_similar_to_an_item_never_returns_the_item_itself():
    index = TextIndex(BACKLOG)
    assert all(m.index != 2 for m in index.similar_to(2, 7))
    assert index.similar_to(2, 1)[0].index == 3


def test_every_item_gets_a_theme_and_pairs_stay_together():
    index = TextIndex(BACKLOG * 3)
    result = cluster(index)
    assert len(result.labels) == len(BACKLOG) * 3
    assert sum(len(c.members) for c in result.clusters) == len(BACKLOG) * 3
    assert result.labels[0] == result.labels[8] == result.labels[16]  # copies of one text
    assert all(c.terms for c in result.clusters)
    # The three copies of each text hold together on their own; coarser, texts
    # that describe one need in other words (or languages) share a theme.
    coarser = cluster(index, step=-2)
    assert len(coarser.clusters) < len(result.clusters)
    hr = coarser.labels[[0, 1, 7]].tolist()  # an HR chatbot: twice in English, once in Dutch
    assert len(set(hr)) < 3 and coarser.labels[0] in hr[1:]
    assert coarser.labels[3] == coarser.labels[6]  # invoices against orders, English and Dutch


def test_the_analysis_is_deterministic():
    items = [Item(id=str(i), text=t, departments=(f"D{i % 3}",)) for i, t in enumerate(BACKLOG * 4)]
    first = analyze(items).document
    second = analyze(items).document
    assert first == second


def test_the_analysis_document_has_the_documented_shape():
    items = [Item(id=f"X-{i}", text=t, departments=(f"D{i % 3}",)) for i, t in enumerate(BACKLOG)]
    document = analyze(items).document
    row = document["items"][0]
    assert set(row) >= {
        "row",
        "id",
        "cluster",
        "cluster_label",
        "similar",
        "duplicates",
        "high_impact",
        "personal_data",
        "reasons",
        "quick_win_score",
    }
    assert row["id"] == "X-0"
    assert len(row["similar"]) == 5 and all(s["row"] != 0 for s in row["similar"])
    assert 0 <= row["quick_win_score"] <= 1
    sizes = sum(c["size"] for c in document["clusters"])
    assert sizes == len(BACKLOG)  # nothing is left out as noise
    assert document["items"][4]["high_impact"]  # fraud in benefit applications


def test_an_empty_or_tiny_backlog_is_fine():
    assert analyze([]).document == {"items": [], "clusters": [], "notes": []}
    one = analyze([Item(id="1", text="Only one idea")]).document
    assert one["items"][0]["cluster"] == 0 and one["items"][0]["similar"] == []


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=12))
def test_any_texts_get_a_theme_each(texts):
    result = cluster(TextIndex(texts))
    assert len(result.labels) == len(texts)
    assert np.all(result.labels >= 0)
