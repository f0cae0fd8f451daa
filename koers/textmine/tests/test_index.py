"""Key terms of a group of texts."""

from __future__ import annotations

from koers.textmine.index import TextIndex


def test_key_terms_name_each_written_word_once():
    texts = ["klantgegevens in een AI-tool", "klantgegevens en de AI-tool", "roosters plannen"] * 3
    index = TextIndex(texts, embeddings=False)
    terms = index.key_terms([0, 1, 3, 4, 6, 7], 5)
    assert len(terms) == len(set(terms))
