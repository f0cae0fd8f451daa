"""The policy's section editor: each section's text in the editor's plain-text syntax
(``koers.strategy.policy.plain_text``), turned into the HTML ``sections_save`` stores. It only
parses; ``koers.strategy.services.policy`` validates and writes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.strategy.policy.content import PolicyContent
from koers.strategy.policy.plain_text import html_to_text, text_to_html
from koers.strategy.services.policy import SectionInput


@dataclass(frozen=True)
class SectionText:
    """A section as the editor shows it: posted, or as stored (``html``) when nothing was."""

    key: str
    number: str
    title: str
    text: str
    html: str

    def to_html(self) -> str:
        """The text as HTML. Text left as the editor showed it keeps the stored HTML exactly,
        so opening and saving the editor changes nothing. Raises ``ValueError`` when the text
        is too long."""
        if self.text.strip() == html_to_text(self.html):
            return self.html
        return text_to_html(self.text)


def sections_posted(content: PolicyContent, data: Mapping[str, str]) -> list[SectionText]:
    """The sections of ``content`` with what ``data`` (the editor's form) gives for them."""
    return [
        SectionText(
            key=s.key,
            number=data.get(f"number:{s.key}", s.number),
            title=data.get(f"title:{s.key}", s.title),
            text=_lines(data[f"text:{s.key}"]) if f"text:{s.key}" in data else html_to_text(s.html),
            html=s.html,
        )
        for s in content.sections
    ]


def _lines(text: str) -> str:
    # Browsers post a textarea's line breaks as CR LF.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sections_input(sections: list[SectionText]) -> list[SectionInput]:
    """What ``sections_save`` takes. Raises ``ValidationError`` for a text that is too long."""
    try:
        return [
            SectionInput(key=s.key, number=s.number, title=s.title, html=s.to_html())
            for s in sections
        ]
    except ValueError:
        raise ValidationError({"text": [_("This text is too long.")]}) from None
