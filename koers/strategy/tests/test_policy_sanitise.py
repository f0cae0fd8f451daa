"""The policy's rich text keeps its formatting and loses everything executable."""

from __future__ import annotations

import pytest

from koers.strategy.policy.sanitise import MAX_INPUT, sanitise_html

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">text</p>',
    "<style>body{display:none}</style>",
    '<svg onload="alert(1)"><circle/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<form action="https://evil.example"><input name=x></form>',
    "<<script>script>alert(1)<</script>/script>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_nothing_executable_survives(hostile):
    clean = sanitise_html(hostile).lower()
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "<style",
        "style=",
        "<iframe",
        "<svg",
        "<img",
        "<form",
        "data:",
    ):
        assert bad not in clean


def test_the_allowed_formatting_stays():
    html = (
        "<h3>Kop</h3><p>Een <strong>vet</strong> en <em>schuin</em> woord.<br>Nieuwe regel.</p>"
        "<ul><li>een</li></ul><ol><li>twee</li></ol><blockquote>citaat</blockquote><h4>sub</h4>"
    )
    assert sanitise_html(html) == html


def test_links_keep_web_and_mail_addresses_only():
    clean = sanitise_html(
        '<a href="https://example.org" target="_blank" title="t">web</a>'
        '<a href="mailto:ai@example.org">mail</a><a href="ftp://example.org">ftp</a>'
    )
    assert 'href="https://example.org"' in clean and 'href="mailto:ai@example.org"' in clean
    assert "ftp:" not in clean and "target" not in clean and "title" not in clean
    assert 'rel="noopener noreferrer"' in clean


def test_script_content_goes_with_the_tag():
    assert sanitise_html("<p>a</p><script>steal()</script>") == "<p>a</p>"


def test_overlong_input_is_refused_before_parsing():
    with pytest.raises(ValueError):
        sanitise_html("x" * (MAX_INPUT + 1))


def test_relative_links_lose_their_address():
    assert "href" not in sanitise_html('<a href="/o/other/">x</a><a href="//evil.example">y</a>')
