"""Theme names people can read: a phrase from the catalogue when the texts clearly support it,
else the key terms in a sentence; both languages; never two themes alike."""

from __future__ import annotations

import pytest

from koers.textmine import naming
from koers.textmine.naming import NamesFileError, cross_departmental, name_themes, parse_names

INVOICES = [
    "Invoice checks: checking supplier invoices against purchase orders takes hours.",
    "Facturen controleren: inkoopfacturen met de inkooporder vergelijken kost veel tijd.",
    "Match incoming invoices to purchase orders automatically.",
]
CHAT = [
    "HR chatbot: employees ask HR the same questions about leave.",
    "A chatbot answers staff questions on the travel policy.",
    "Chatbot voor vragen van medewerkers over verlof.",
]
SUMMARIES = [
    "Summarise long contracts so the legal team reads the key points.",
    "Samenvatten van contracten en overeenkomsten voor de inkopers.",
    "Summaries of supplier contracts before renewal.",
]
SUMMARIES_TOO = [
    "Summarise incoming complaints into one page for the team lead.",
    "Samenvatting van klachten per week voor het management.",
    "Summaries of citizen complaints for the council.",
]


def test_a_theme_of_invoice_checks_gets_the_invoice_phrase_in_both_languages():
    names = name_themes(INVOICES + CHAT, [[0, 1, 2], [3, 4, 5]], [["invoices"], ["questions"]])
    assert (names[0].nl, names[0].en) == (
        "Facturen controleren en verwerken",
        "Checking and processing invoices",
    )
    assert names[0].text("nl-nl") == names[0].nl and names[0].text("en") == names[0].en
    assert names[1].phrase == "chatbot"


def test_themes_about_one_activity_get_other_phrases_that_fit_them():
    texts = SUMMARIES + SUMMARIES_TOO
    names = name_themes(texts, [[0, 1, 2], [3, 4, 5]], [["contracts"], ["complaints"]])
    assert [n.phrase for n in names] == ["contracts", "complaints"]


def test_no_two_themes_share_a_name_the_second_gets_a_term_that_sets_it_apart():
    texts = SUMMARIES + SUMMARIES_TOO + INVOICES + CHAT  # the last two in no theme here
    only = [p for p in naming.catalogue() if p.key == "summarise"]
    groups, terms = [[0, 1, 2], [3, 4, 5]], [["contracts", "legal"], ["complaints", "council"]]
    names = name_themes(texts, groups, terms, phrases=only)
    assert names[0].phrase == names[1].phrase == "summarise"
    assert names[0].en == "Summarising documents"
    assert names[1].en == "Summarising documents — complaints"
    assert names[1].nl == "Documenten samenvatten — klachten"
    lead = name_themes(texts, groups[:1], terms[:1], phrases=only, taken=["Summarising documents"])
    assert lead[0].en == "Summarising documents — contracts"


def test_without_a_fitting_phrase_the_name_is_a_sentence_of_key_terms_in_each_language():
    texts = ["Gnome counting in the garden.", "Counting garden gnomes by hand.", *INVOICES]
    names = name_themes(texts, [[0, 1], [2, 3, 4]], [["gnomes", "invoices"], ["invoices"]])
    assert names[0].phrase == ""
    # Words the term lists know come first; one they do not is shown as written.
    assert (names[0].en, names[0].nl) == ("About invoices and gnomes", "Over facturen en gnomes")


def test_a_phrase_that_every_theme_matches_names_none_of_them():
    texts = [f"We automate the {w} workflow." for w in ("gnome", "troll", "elf", "dwarf")]
    names = name_themes(texts, [[0, 1], [2, 3]], [["gnome"], ["elf"]])
    assert [n.phrase for n in names] == ["", ""]


def test_a_voice_category_names_its_group_outright():
    phrase = naming.phrase_for_category("workload")
    assert phrase is not None
    names = name_themes(
        ["Ik heb geen tijd."], [[0]], [["tijd"]], kind="concerns", fixed={0: phrase.key}
    )
    assert names[0].nl == "Werkdruk en te weinig tijd"


def test_key_terms_are_shown_in_the_readers_language_and_unknown_ones_as_written():
    assert naming.translate_terms(["facturen", "werkdruk", "gnomes"], "en") == [
        "invoices",
        "workload",
        "gnomes",
    ]
    assert naming.translate_terms(["invoices", "questions", "Westlaw"], "nl") == [
        "facturen",
        "vragen",
        "Westlaw",
    ]
    # An organisation's key terms are in its language: its own readers see them as written.
    assert naming.translate_terms(["reviews", "facturen"], "nl", written_in="nl") == [
        "reviews",
        "facturen",
    ]


def test_a_theme_is_cross_departmental_from_three_departments():
    assert [cross_departmental(n) for n in (0, 1, 2, 3, 7)] == [False, False, False, True, True]


def test_the_shipped_file_is_valid_and_a_broken_one_is_refused_with_its_place():
    assert len(naming.catalogue("usecases")) >= 80 and len(naming.catalogue("concerns")) >= 10
    broken = '{"usecases": [{"key": "x", "nl": "A", "en": "A", "cues": ["*ab"]}], '
    broken += '"concerns": [{"key": "y", "nl": "B", "en": "B", "cues": ["b"]}], "terms": []}'
    with pytest.raises(NamesFileError, match=r"usecases\.0\.cues.*at least 4 letters"):
        parse_names(broken)
