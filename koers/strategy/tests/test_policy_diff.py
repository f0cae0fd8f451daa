"""Comparing two versions of a policy, and counting confirmations per group (pure)."""

from __future__ import annotations

from koers.strategy.policy.content import PolicyContent
from koers.strategy.policy.diff import Change, html_text, policy_diff, word_diff
from koers.strategy.policy.groups import Group, merge_small_groups


def content(**changes):
    base = {
        "language": "nl",
        "title": "AI-beleid",
        "sections": [
            {
                "key": "a",
                "number": "1",
                "title": "Doel",
                "html": "<p>Wij gebruiken AI zorgvuldig.</p>",
            },
            {
                "key": "b",
                "number": "2",
                "title": "Regels",
                "html": "<ul><li>Eén</li><li>Twee</li></ul>",
            },
        ],
        "data_classes": [
            {"key": "public", "label": "Openbaar"},
            {"key": "personal", "label": "Persoonsgegevens"},
        ],
        "tools": [{"key": "chat", "name": "ChatGPT"}],
        "cells": [{"tool": "chat", "data_class": "public", "answer": "yes", "section": "2"}],
    }
    base.update(changes)
    return PolicyContent.model_validate(base)


def test_the_same_version_has_no_changes():
    diff = policy_diff(content(), content())
    assert not diff.changed
    assert all(s.change == Change.UNCHANGED for s in diff.sections)


def test_a_changed_word_is_marked_inserted_and_deleted():
    assert word_diff("Wij gebruiken AI zorgvuldig.", "Wij gebruiken AI verantwoord.") == (
        "Wij gebruiken AI <del>zorgvuldig.</del><ins>verantwoord.</ins>"
    )


def test_sections_are_matched_by_key_through_renames_and_renumbering():
    new = content(
        sections=[
            {"key": "c", "number": "1", "title": "Nieuw", "html": "<p>Nieuwe tekst</p>"},
            {
                "key": "a",
                "number": "2",
                "title": "Doel en reikwijdte",
                "html": "<p>Wij gebruiken AI zorgvuldig.</p>",
            },
        ],
        cells=[],
    )
    by_key = {s.key: s for s in policy_diff(content(), new).sections}
    assert by_key["c"].change == Change.ADDED and by_key["c"].text == "<ins>Nieuwe tekst</ins>"
    assert by_key["a"].change == Change.CHANGED
    assert by_key["a"].renumbered and by_key["a"].renamed
    assert "<ins>" not in by_key["a"].text
    assert by_key["b"].change == Change.REMOVED and by_key["b"].text.startswith("<del>")


def test_the_matrix_changes_are_listed():
    new = content(
        data_classes=[
            {"key": "public", "label": "Publiek"},
            {"key": "internal", "label": "Intern"},
        ],
        tools=[{"key": "chat", "name": "ChatGPT Enterprise"}, {"key": "deepl", "name": "DeepL"}],
        cells=[
            {
                "tool": "chat",
                "data_class": "public",
                "answer": "conditional",
                "condition": "Alleen zakelijk account",
            },
            {"tool": "deepl", "data_class": "internal", "answer": "no"},
        ],
    )
    diff = policy_diff(content(), new)
    assert {(d.key, d.change) for d in diff.data_classes} == {
        ("public", Change.CHANGED),
        ("internal", Change.ADDED),
        ("personal", Change.REMOVED),
    }
    assert {(d.key, d.change, d.old, d.new) for d in diff.tools} == {
        ("chat", Change.CHANGED, "ChatGPT", "ChatGPT Enterprise"),
        ("deepl", Change.ADDED, None, "DeepL"),
    }
    cells = {(c.tool, c.data_class): c for c in diff.cells}
    assert cells[("ChatGPT Enterprise", "Publiek")].change == Change.CHANGED
    assert cells[("ChatGPT Enterprise", "Publiek")].new.condition == "Alleen zakelijk account"
    assert cells[("DeepL", "Intern")].change == Change.ADDED


def test_text_in_the_diff_is_escaped():
    old = content()
    new = content(
        sections=[
            {
                "key": "a",
                "number": "1",
                "title": "Doel",
                "html": "<p>Wij gebruiken &lt;script&gt;alert(1)&lt;/script&gt;</p>",
            },
            {
                "key": "b",
                "number": "2",
                "title": "Regels",
                "html": "<ul><li>Eén</li><li>Twee</li></ul>",
            },
        ]
    )
    text = policy_diff(old, new).sections[0].text
    assert "<script" not in text and "&lt;script&gt;" in text


def test_html_text_puts_paragraphs_and_list_items_on_lines():
    assert html_text("<p>Een</p><ul><li>twee</li><li>drie</li></ul>") == "Een\n• twee\n• drie"


def test_small_groups_are_merged_into_other_departments():
    groups = [Group("Finance", 10, 7), Group("HR", 2, 1), Group("IT", 2, 2), Group("Legal", 6, 3)]
    merged = merge_small_groups(groups, k=3, other_label="Overige afdelingen")
    assert [(g.label, g.members, g.acknowledged, g.merged) for g in merged] == [
        ("Finance", 10, 7, False),
        ("Legal", 6, 3, False),
        ("Overige afdelingen", 4, 3, True),
    ]


def test_a_merged_group_under_k_takes_in_the_smallest_department():
    groups = [Group("Finance", 10, 7), Group("Legal", 6, 3), Group("HR", 2, 1)]
    merged = merge_small_groups(groups, k=5, other_label="Overige")
    assert [(g.label, g.members, g.acknowledged) for g in merged] == [
        ("Finance", 10, 7),
        ("Overige", 8, 4),
    ]
    assert all(g.members >= 5 for g in merged)


def test_without_small_groups_nothing_is_merged():
    groups = [Group("Finance", 5, 1), Group("Empty", 0, 0)]
    assert merge_small_groups(groups, k=5, other_label="x") == [Group("Finance", 5, 1)]
