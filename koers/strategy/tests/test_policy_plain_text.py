"""The section editor's plain text: what a Word user types becomes the policy's (sanitised) HTML,
and the HTML shows as that text again, so opening and saving a section changes nothing."""

from __future__ import annotations

import pytest

from koers.strategy.policy.plain_text import html_to_text, text_to_html
from koers.strategy.policy.sanitise import MAX_INPUT, sanitise_html
from koers.strategy.policy.template import TEMPLATE_LANGUAGES, policy_template

TEMPLATE_SECTIONS = [
    pytest.param(section.html, id=f"{language}-{section.key}")
    for language in TEMPLATE_LANGUAGES
    for section in policy_template(language).sections
]


@pytest.mark.parametrize("html", TEMPLATE_SECTIONS)
def test_every_template_section_survives_the_editor(html):
    assert text_to_html(html_to_text(html)) == sanitise_html(html)


ROUND_TRIPS = {
    "nested lists": "<ul><li>Een<ul><li>Twee<ol><li>Drie</li><li>Vier</li></ol></li></ul></li>"
    "<li>Vijf</li></ul>",
    "links": '<p>Zie <a href="https://example.nl/a_b?c=1&amp;d=2">de <em>site</em></a> of mail '
    '<a href="mailto:ai@example.nl">ai@example.nl</a>.</p>',
    "headings and a quote": "<h3>Kop</h3><h4>Tussenkop</h4><blockquote><p>Citaat</p></blockquote>",
    "line breaks": "<p>Regel een<br>Regel twee</p>",
    "list markers as text": "<p>1. geen lijst<br>- ook niet<br># geen kop<br>&gt; geen citaat</p>"
    "<ul><li>2) tekst</li></ul>",
    "characters that mean something in Markdown": "<p>a * b ** c _d_ e_f [g](h) \\ `i` &amp;copy;"
    " &lt;b&gt;</p>",
    "Dutch article numbers": "<p>Art. 5, lid 1. Wij letten op hoofdstuk 7. Dat is 2025.</p>",
}


@pytest.mark.parametrize("html", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_the_html_the_editor_can_express_survives_it(html):
    assert text_to_html(html_to_text(html)) == sanitise_html(html)


def test_the_editor_shows_no_tags():
    text = html_to_text(
        "<p>Bij elk gebruik:</p><ul><li><strong>Toezicht.</strong> Een mens blijft "
        'verantwoordelijk.</li><li>Zie <a href="https://example.nl">de site</a>.</li></ul>'
    )
    assert text == (
        "Bij elk gebruik:\n\n- **Toezicht.** Een mens blijft verantwoordelijk.\n"
        "- Zie [de site](https://example.nl)."
    )


def test_dutch_text_shows_without_escapes():
    assert html_to_text("<p>Art. 5, lid 1. Wij & jullie (zie 7).</p>") == (
        "Art. 5, lid 1. Wij & jullie (zie 7)."
    )


def test_it_reads_what_a_word_user_types():
    text = (
        "### Uitgangspunten\n"
        "Wij gebruiken AI **verantwoord** en *open*.\n"
        "Zie [het beleid](https://example.nl/beleid).\n\n"
        "- Een\n"
        "  - Een punt daarin\n"
        "- Twee\n\n"
        "1. Eerst\n"
        "2. Dan"
    )
    assert text_to_html(text) == (
        "<h3>Uitgangspunten</h3><p>Wij gebruiken AI <strong>verantwoord</strong> en "
        '<em>open</em>.<br>Zie <a href="https://example.nl/beleid" rel="noopener noreferrer">'
        "het beleid</a>.</p><ul><li>Een<ul><li>Een punt daarin</li></ul></li><li>Twee</li></ul>"
        "<ol><li>Eerst</li><li>Dan</li></ol>"
    )


@pytest.mark.parametrize(("typed", "heading"), [("#", "h3"), ("##", "h3"), ("####", "h4")])
def test_any_number_of_hashes_gives_one_of_the_two_heading_levels(typed, heading):
    assert text_to_html(f"{typed} Kop") == f"<{heading}>Kop</{heading}>"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ('<b onclick="x()">vet</b>', '<p>&lt;b onclick="x()"&gt;vet&lt;/b&gt;</p>'),
        ("&lt;script&gt;", "<p>&amp;lt;script&amp;gt;</p>"),
        ("[klik](javascript:alert(1))", "<p>[klik](javascript:alert(1))</p>"),
        ("[klik](JavaScript:alert(1))", "<p>[klik](JavaScript:alert(1))</p>"),
        (
            "![x](https://example.nl/x.png)",
            '<p>!<a href="https://example.nl/x.png" rel="noopener noreferrer">x</a></p>',
        ),
    ],
)
def test_typed_html_script_links_and_images_stay_text(typed, shown):
    assert text_to_html(typed) == shown


def test_a_link_to_a_relative_address_loses_its_address():
    assert "href" not in text_to_html("[klik](/admin/)")


def test_oversized_text_is_refused_before_it_is_parsed():
    with pytest.raises(ValueError, match="longer than"):
        text_to_html("a" * (MAX_INPUT + 1))


def test_deep_nesting_is_bounded():
    html = text_to_html("> " * 5000 + "diep")
    assert html.count("<blockquote>") <= 20


def test_html_nested_deeper_than_the_editor_writes_shows_as_its_text():
    # Only the API can store it; markdownify would recurse past Python's limit.
    html = "<ul><li>" * 2000 + "diep" + "</li></ul>" * 2000
    assert html_to_text(html) == "  " * 1999 + "- diep"
    nested = "<ul><li>" * 5 + "diep" + "</li></ul>" * 5
    assert text_to_html(html_to_text(nested)) == nested
