"""Reading the AI vision, always within one organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from koers.orgs.models import Organisation
from koers.strategy.models import VisionVersion
from koers.strategy.services.vision import HEADING


@dataclass(frozen=True)
class Block:
    heading: bool
    text: str


def vision_current(organisation: Organisation) -> VisionVersion | None:
    """The organisation's current vision (its latest version), or None when there is none."""
    return (
        VisionVersion.objects.filter(organisation=organisation).select_related("created_by").first()
    )


def vision_versions(organisation: Organisation) -> QuerySet[VisionVersion]:
    """Every version, newest first, with its author."""
    return (
        VisionVersion.objects.filter(organisation=organisation)
        .select_related("created_by")
        .defer("text", *("ambition", "value", "not_doing", "people", "measures"))
    )


def vision_get(organisation: Organisation, pk: int) -> VisionVersion:
    """One version; ``VisionVersion.DoesNotExist`` outside the organisation."""
    return VisionVersion.objects.select_related("created_by").get(organisation=organisation, pk=pk)


def vision_blocks(text: str) -> list[Block]:
    """The vision's text as headings and paragraphs: a line starting with "## " is a heading,
    blank lines separate paragraphs. Plain text only; the templates escape it."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block(heading=False, text="\n".join(paragraph)))
            paragraph.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith(HEADING.strip()) and stripped.startswith(HEADING):
            flush()
            blocks.append(Block(heading=True, text=stripped[len(HEADING) :].strip()))
        elif not stripped:
            flush()
        else:
            paragraph.append(stripped)
    flush()
    return blocks
