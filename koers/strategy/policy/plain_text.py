"""A section's text as the section editor shows it: plain text in a light, Markdown-like syntax
that a Word user can guess, instead of HTML. No Django here.

An empty line starts a new paragraph and a single line break stays a line break; a line that
starts with ``-`` is a bullet, ``1.`` a numbered item (indent it for a list in a list);
``**bold**``, ``*italics*``, ``[text](https://…)`` for a link, ``###`` and ``####`` for the two
heading levels (fewer or more ``#`` give the nearest) and ``>`` for a quote. Nothing else is
markup: typed HTML, ``&copy;``, backticks, tables and the like stay the text they are.

The section is stored as sanitised HTML either way (``sanitise.py``), so the read page, the
exports, the diff and the API do not know how it was typed. ``html_to_text`` is what the editor
shows (markdownify), ``text_to_html`` what it saves (markdown-it-py with raw HTML off, then
``sanitise_html``); the one reads back what the other wrote.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdownify import MarkdownConverter

from koers.strategy.policy.html_blocks import html_plain_text
from koers.strategy.policy.sanitise import MAX_INPUT, sanitise_html

# The Markdown the editor understands; every other rule would make markup of ordinary text.
_PARSER = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False}).disable(
    [
        "table",
        "code",  # indented code: a Word user indents a paragraph to indent it
        "fence",
        "hr",
        "reference",
        "html_block",
        "lheading",  # "text" over "---" or "===" would be a heading
        "backticks",
        "strikethrough",
        "image",
        "autolink",
        "html_inline",
        "entity",  # "&copy;" stays those six characters
    ]
)


def _two_heading_levels(state: Any) -> None:
    """Make one to three "#" the larger heading (h3), four or more the smaller (h4): the policy
    has two heading levels under its section titles, and a Word user may type one "#"."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = "h3" if int(token.tag[1]) <= 3 else "h4"


_PARSER.core.ruler.push("two_heading_levels", _two_heading_levels)
_BLOCKS = frozenset({"p", "li", "h3", "h4", "blockquote", "ul", "ol", "[document]"})
# At the start of a line these begin a heading, a list item or a quote; a backslash keeps them
# text. Everywhere: the backslash itself, emphasis and the start of a link.
_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|[-+](?=\s|$)|>)|^(\d{1,9})([.)])(?=\s|$)")
_INLINE = re.compile(r"([\\*\[])|(?<!\w)_|_(?!\w)")
_TAG = re.compile(r"<(/?)([a-z0-9]+)")
# Deeper than the parser ever nests (its ``maxNesting`` is 20); only HTML given over the API can
# be, and markdownify converts recursively.
MAX_DEPTH = 40


def _escape_line_start(text: str) -> str:
    match = _LINE_START.match(text)
    if match is None:
        return text
    at = match.start(3) if match.group(3) else 0
    return f"{text[:at]}\\{text[at:]}"


class _Converter(MarkdownConverter):
    """markdownify with the escaping this editor needs: only what ``_PARSER`` would read as
    markup is escaped, so Dutch text such as "art. 5, lid 1. Wij" shows as typed."""

    def escape(self, text: str, parent_tags: Any) -> str:
        return _INLINE.sub(lambda m: "\\" + m.group(0), text) if text else ""

    def process_text(self, el: Any, parent_tags: Any = None) -> str:
        text: str = super().process_text(el, parent_tags)  # type: ignore[misc]  # not in its stubs
        if text and _starts_line(el):
            return _escape_line_start(text)
        return text

    def convert_br(self, el: Any, text: str, parent_tags: Any) -> str:
        # A line break is a line break (the parser has ``breaks`` on), not two trailing spaces.
        return "\n" + text


def _starts_line(el: Any) -> bool:
    previous = el.previous_sibling
    while previous is not None and isinstance(previous, str) and not previous.strip():
        previous = previous.previous_sibling
    if previous is None:
        return el.parent is None or el.parent.name in _BLOCKS
    return getattr(previous, "name", None) == "br"


def _depth(html: str) -> int:
    """How deeply the tags of sanitised (well-formed) HTML nest."""
    depth = deepest = 0
    for closing, tag in _TAG.findall(html):
        if tag != "br":
            depth += -1 if closing else 1
            deepest = max(deepest, depth)
    return deepest


def html_to_text(html: str) -> str:
    """The section's (sanitised) HTML as the editor shows it. HTML nested deeper than
    ``MAX_DEPTH`` shows as its text alone, one line per block."""
    clean = sanitise_html(html or "")
    if _depth(clean) > MAX_DEPTH:
        return html_plain_text(clean)
    converter = _Converter(
        heading_style="atx",
        bullets="-",
        strong_em_symbol="*",
        autolinks=False,
        wrap=True,  # with no width: whitespace in the HTML becomes one space, no wrapping
        wrap_width=None,
    )
    text: str = converter.convert(clean)
    return text.strip()


def text_to_html(text: str) -> str:
    """The editor's text as sanitised HTML. Raises ``ValueError`` for text longer than
    ``MAX_INPUT``, before it is parsed."""
    if len(text) > MAX_INPUT:
        raise ValueError(f"text longer than {MAX_INPUT} characters")
    # markdown-it puts a newline after each block and line break; with raw HTML off and
    # ``breaks`` on, the text itself holds none, so they are all layout.
    return sanitise_html(_PARSER.render(text).replace("\n", ""))
