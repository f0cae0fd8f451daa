"""An obligation's legal source reads as Dutch law writes it in Dutch ("AI-verordening art. 50,
lid 1"), and stays the engine's English in English."""

from __future__ import annotations

import pytest
from django.utils import translation

from koers.triage.display import article_label, dutch_article
from koers.triage.rules.tables.duties import DUTIES


@pytest.mark.parametrize(
    ("english", "dutch"),
    [
        ("AI Act Art. 4", "AI-verordening art. 4"),
        ("AI Act Art. 50(1)", "AI-verordening art. 50, lid 1"),
        ("AI Act Art. 5(2)-(7)", "AI-verordening art. 5, leden 2 tot en met 7"),
        ("AI Act Art. 53(1)(a)-(b)", "AI-verordening art. 53, lid 1, onder a en b"),
        ("AI Act Art. 50(1), 25(1)", "AI-verordening art. 50, lid 1; art. 25, lid 1"),
        ("AI Act Art. 9-15, 16, 17", "AI-verordening art. 9-15, 16, 17"),
        ("AI Act Art. 3(1)", "AI-verordening art. 3, punt 1"),
        ("GDPR Art. 35(1)", "AVG art. 35, lid 1"),
        ("GDPR Art. 4(4)", "AVG art. 4, punt 4"),
    ],
)
def test_it_writes_a_reference_as_dutch_law_does(english, dutch):
    assert dutch_article(english) == dutch


def test_no_obligation_shows_english_or_bracketed_paragraphs_in_dutch():
    with translation.override("nl"):
        labels = [article_label(duty.article) for duty in DUTIES]
    for label in labels:
        assert label.startswith("AI-verordening art. ")
        assert "(" not in label and "AI Act" not in label and "Art." not in label


def test_english_keeps_the_engines_reference():
    with translation.override("en"):
        assert article_label("AI Act Art. 50(1)") == "AI Act Art. 50(1)"
