"""A section's sanitised HTML read as blocks of styled text, for the exports (DOCX, JSON's plain
text). No Django here.

Only what a section may hold is kept: paragraphs, headings, bullet and numbered lists, bold,
italic and links (``http``, ``https`` and ``mailto`` only). Everything else contributes its text
alone; the content of ``script`` and ``style`` contributes nothing. The output is data (text and
flags), never markup, so whatever a section holds cannot become markup in an export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Literal

BlockKind = Literal["paragraph", "heading", "bullet", "number"]
SAFE_SCHEMES = ("http://", "https://", "mailto:")
_BLOCK_TAGS = {"p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr"}
_SPACES = re.compile(r"\s+")
_SKIPPED = {"script", "style", "template", "iframe", "object", "svg", "math"}


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


@dataclass
class Block:
    kind: BlockKind
    runs: list[Run] = field(default_factory=list)
    level: int = 0  # nesting depth of a list item (0: top level)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs).strip()


def safe_href(href: str | None) -> str:
    href = (href or "").strip()
    return href if href.lower().startswith(SAFE_SCHEMES) else ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.lists: list[str] = []  # "ul" / "ol", innermost last
        self.bold = 0
        self.italic = 0
        self.hrefs: list[str] = []
        self.skipping = 0

    def _close(self) -> None:
        if self.current is not None and self.current.text:
            runs = self.current.runs
            # Whitespace at the edges of a block is layout, not text.
            first, last = runs[0], runs[-1]
            runs[0] = Run(first.text.lstrip(), first.bold, first.italic, first.href)
            runs[-1] = Run(runs[-1].text.rstrip(), last.bold, last.italic, last.href)
            self.current.runs = [run for run in runs if run.text]
            self.blocks.append(self.current)
        self.current = None

    def _open(self, kind: BlockKind, level: int = 0) -> None:
        self._close()
        self.current = Block(kind=kind, level=level)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in ("ul", "ol"):
            self._close()
            self.lists.append(tag)
        elif tag == "li":
            kind: BlockKind = "number" if self.lists and self.lists[-1] == "ol" else "bullet"
            self._open(kind, max(len(self.lists) - 1, 0))
        elif tag in _BLOCK_TAGS:
            self._open("heading" if tag[0] == "h" and tag[1:].isdigit() else "paragraph")
        elif tag == "br":
            self.handle_data("\n")
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            self.hrefs.append(safe_href(dict(attrs).get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in ("ul", "ol"):
            self._close()
            if self.lists:
                self.lists.pop()
        elif tag in _BLOCK_TAGS:
            self._close()
        elif tag in ("strong", "b"):
            self.bold = max(self.bold - 1, 0)
        elif tag in ("em", "i"):
            self.italic = max(self.italic - 1, 0)
        elif tag == "a" and self.hrefs:
            self.hrefs.pop()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        text = data if data == "\n" else _SPACES.sub(" ", data)
        if not text:
            return
        if self.current is None:
            if not text.strip():
                return
            self.current = Block(kind="paragraph", level=0)
        run = Run(text, bool(self.bold), bool(self.italic), self.hrefs[-1] if self.hrefs else "")
        self.current.runs.append(run)

    def close(self) -> None:
        super().close()
        self._close()


def html_blocks(html: str) -> list[Block]:
    """The blocks of a section's HTML, in order; empty ones are left out."""
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    return reader.blocks


def html_plain_text(html: str) -> str:
    """The section as plain text: one line per block, list items after "- " or "1. "."""
    lines = []
    counters: dict[int, int] = {}
    for block in html_blocks(html):
        text = block.text
        if block.kind == "number":
            counters[block.level] = counters.get(block.level, 0) + 1
            lines.append("  " * block.level + f"{counters[block.level]}. {text}")
            continue
        counters.clear()
        prefix = "  " * block.level + "- " if block.kind == "bullet" else ""
        lines.append(prefix + text)
    return "\n".join(lines)
