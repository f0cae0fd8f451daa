"""A readable comparison of two policy versions: per section (matched by its stable key, so a
renamed or renumbered section is the same section) a word-level diff of its text, and the
matrix's changes (data classes and tools added, renamed or removed; cells added, changed or
removed). The text is compared as the reader sees it (the sanitised HTML as plain text with
paragraph breaks); every word is escaped before ``<ins>``/``<del>`` go round it, so the diff is
safe to show as HTML."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from enum import StrEnum
from html.parser import HTMLParser

from koers.strategy.policy.content import Cell, PolicyContent

_BLOCKS = {"p", "li", "h3", "h4", "blockquote", "ul", "ol", "br"}
_TOKENS = re.compile(r"\s+|[^\s]+")


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(fragment: str) -> str:
    """The text of an HTML fragment, one paragraph or list item per line."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def word_diff(old: str, new: str) -> str:
    """``new`` with the words taken out of ``old`` in ``<del>`` and those put in in ``<ins>``,
    every word HTML-escaped."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{html.escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{html.escape(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


@dataclass(frozen=True)
class SectionDiff:
    key: str
    change: Change
    old_number: str | None
    new_number: str | None
    old_title: str | None
    new_title: str | None
    text: str  # escaped HTML with <ins>/<del>

    @property
    def renumbered(self) -> bool:
        return self.change == Change.CHANGED and self.old_number != self.new_number

    @property
    def renamed(self) -> bool:
        return self.change == Change.CHANGED and self.old_title != self.new_title


@dataclass(frozen=True)
class NameDiff:
    """A data class or tool: added, removed or renamed (label changed)."""

    key: str
    change: Change
    old: str | None
    new: str | None


@dataclass(frozen=True)
class CellDiff:
    tool: str  # the tool's name (the new one where it has both)
    data_class: str  # the data class's label
    change: Change
    old: Cell | None
    new: Cell | None


@dataclass(frozen=True)
class PolicyDiff:
    title: tuple[str, str] | None  # (old, new) when the title changed
    sections: tuple[SectionDiff, ...]
    data_classes: tuple[NameDiff, ...]
    tools: tuple[NameDiff, ...]
    cells: tuple[CellDiff, ...]

    @property
    def changed(self) -> bool:
        return bool(
            self.title
            or any(s.change != Change.UNCHANGED for s in self.sections)
            or self.data_classes
            or self.tools
            or self.cells
        )


def policy_diff(old: PolicyContent, new: PolicyContent) -> PolicyDiff:
    return PolicyDiff(
        title=(old.title, new.title) if old.title != new.title else None,
        sections=_sections(old, new),
        data_classes=_names(
            {d.key: d.label for d in old.data_classes}, {d.key: d.label for d in new.data_classes}
        ),
        tools=_names({t.key: t.name for t in old.tools}, {t.key: t.name for t in new.tools}),
        cells=_cells(old, new),
    )


def _sections(old: PolicyContent, new: PolicyContent) -> tuple[SectionDiff, ...]:
    before = {s.key: s for s in old.sections}
    after = {s.key: s for s in new.sections}
    diffs = []
    for section in new.sections:
        was = before.get(section.key)
        text = html_text(section.html)
        if was is None:
            diffs.append(
                SectionDiff(
                    section.key,
                    Change.ADDED,
                    None,
                    section.number,
                    None,
                    section.title,
                    f"<ins>{html.escape(text)}</ins>" if text else "",
                )
            )
            continue
        old_text = html_text(was.html)
        same = (was.number, was.title, old_text) == (section.number, section.title, text)
        diffs.append(
            SectionDiff(
                section.key,
                Change.UNCHANGED if same else Change.CHANGED,
                was.number,
                section.number,
                was.title,
                section.title,
                html.escape(text) if old_text == text else word_diff(old_text, text),
            )
        )
    for section in old.sections:
        if section.key not in after:
            text = html_text(section.html)
            diffs.append(
                SectionDiff(
                    section.key,
                    Change.REMOVED,
                    section.number,
                    None,
                    section.title,
                    None,
                    f"<del>{html.escape(text)}</del>" if text else "",
                )
            )
    return tuple(diffs)


def _names(before: dict[str, str], after: dict[str, str]) -> tuple[NameDiff, ...]:
    diffs = []
    for key, label in after.items():
        if key not in before:
            diffs.append(NameDiff(key, Change.ADDED, None, label))
        elif before[key] != label:
            diffs.append(NameDiff(key, Change.CHANGED, before[key], label))
    diffs.extend(
        NameDiff(key, Change.REMOVED, label, None)
        for key, label in before.items()
        if key not in after
    )
    return tuple(diffs)


def _cells(old: PolicyContent, new: PolicyContent) -> tuple[CellDiff, ...]:
    tools = {t.key: t.name for t in old.tools} | {t.key: t.name for t in new.tools}
    classes = {d.key: d.label for d in old.data_classes} | {
        d.key: d.label for d in new.data_classes
    }
    before = {(c.tool, c.data_class): c for c in old.cells}
    after = {(c.tool, c.data_class): c for c in new.cells}
    order = [(t.key, d.key) for t in new.tools for d in new.data_classes]
    order += [key for key in before if key not in set(order)]
    diffs = []
    for key in order:
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        change = Change.ADDED if was is None else Change.REMOVED if now is None else Change.CHANGED
        diffs.append(CellDiff(tools[key[0]], classes[key[1]], change, was, now))
    return tuple(diffs)
