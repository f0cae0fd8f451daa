""" "May I use this tool for this?" without Django: the matrix answers, tools found however they
are typed, data classes by key or label, and an unknown class named with the valid ones."""

from __future__ import annotations

import pytest

from koers.strategy.policy.checker import UnknownDataClass, check, tool_fold
from koers.strategy.policy.content import PolicyContent
from koers.strategy.policy.document import policy_document
from koers.strategy.policy.html_blocks import html_blocks, html_plain_text
from koers.testing.policies import sample_content


@pytest.fixture
def content():
    return PolicyContent.model_validate(sample_content())


def test_it_answers_with_the_cells_condition_and_section(content):
    result = check(content, "ChatGPT Enterprise", "internal")
    assert result.answer == "conditional"
    assert result.condition == "Alleen zonder persoonsgegevens"
    assert result.section == "4.2"
    assert result.as_json() == {
        "tool": "ChatGPT Enterprise",
        "data_class": "internal",
        "answer": "conditional",
        "condition": "Alleen zonder persoonsgegevens",
        "section": "4.2",
    }


@pytest.mark.parametrize(
    "typed",
    ["chat gpt enterprise", "CHATGPT-ENTERPRISE", " ChatGPT  Enterprise. ", "chatgpt-enterprise"],
)
def test_it_finds_a_tool_ignoring_case_spacing_and_punctuation(content, typed):
    assert check(content, typed, "personal").answer == "no"


@pytest.mark.parametrize("typed", ["personal", "Persoonsgegevens", "  PERSOONSGEGEVENS "])
def test_it_finds_a_data_class_by_key_or_label(content, typed):
    result = check(content, "Microsoft 365 Copilot", typed)
    assert (result.data_class, result.answer, result.condition) == (
        "personal",
        "conditional",
        "Alleen met een DPIA",
    )


def test_a_tool_not_in_the_matrix_is_not_listed(content):
    result = check(content, "Gemini  Pro", "public")
    assert (result.tool, result.answer, result.section, result.listed) == (
        "Gemini Pro",
        "not_listed",
        None,
        False,
    )


def test_a_listed_tool_with_an_empty_cell_is_not_decided_yet(content):
    result = check(content, "DeepL", "confidential")
    assert result.answer == "not_listed"
    assert result.tool == "DeepL" and result.tool_key == "deepl"


def test_an_unknown_data_class_names_the_valid_ones(content):
    with pytest.raises(UnknownDataClass) as raised:
        check(content, "DeepL", "secret")
    assert "public, internal, confidential, personal" in str(raised.value)
    assert [d.key for d in raised.value.valid] == ["public", "internal", "confidential", "personal"]


def test_hostile_or_huge_input_is_bounded(content):
    assert tool_fold("x" * 100_000) == "x" * 120
    assert check(content, "<script>" * 1000, "public").answer == "not_listed"
    assert check(content, "", "public").answer == "not_listed"


def test_section_html_reads_as_blocks_without_script():
    blocks = html_blocks(
        "<p>Een <strong>vet</strong> en <em>schuin</em> woord.</p>"
        "<script>alert(1)</script><ul><li>een</li><li>twee<ol><li>diep</li></ol></li></ul>"
        '<p><a href="javascript:alert(1)">kwaad</a> <a href="https://example.org">goed</a></p>'
    )
    assert [b.kind for b in blocks] == ["paragraph", "bullet", "bullet", "number", "paragraph"]
    assert [(r.text, r.bold, r.italic) for r in blocks[0].runs] == [
        ("Een ", False, False),
        ("vet", True, False),
        (" en ", False, False),
        ("schuin", False, True),
        (" woord.", False, False),
    ]
    assert blocks[3].level == 1
    assert [r.href for r in blocks[4].runs] == ["", "", "https://example.org"]
    assert "alert" not in " ".join(b.text for b in blocks)


def test_the_plain_text_numbers_list_items():
    text = html_plain_text("<p>Stappen:</p><ol><li>Anonimiseer</li><li>Vraag de FG</li></ol>")
    assert text == "Stappen:\n1. Anonimiseer\n2. Vraag de FG"


def test_the_json_document_has_the_agreed_shape(content):
    document = policy_document(content, 3)
    assert document["version"] == 3 and document["language"] == "nl"
    assert document["sections"][2] == {
        "number": "4.2",
        "title": "Persoonsgegevens en de AVG",
        "text": "Geen persoonsgegevens in publieke tools.\n1. Anonimiseer\n2. Vraag de FG\n"
        "Zie de AP.",
    }
    assert document["matrix"]["data_classes"] == ["public", "internal", "confidential", "personal"]
    assert document["matrix"]["cells"][2] == {
        "tool": "Microsoft 365 Copilot",
        "data_class": "personal",
        "answer": "conditional",
        "condition": "Alleen met een DPIA",
        "section": "4.2",
    }
