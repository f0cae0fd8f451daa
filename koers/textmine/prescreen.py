"""Risk pre-screen from the text alone (placeholder contract; the real lexicons follow)."""

from __future__ import annotations

from dataclasses import dataclass

AREAS: dict[str, str] = {"personal_data": "personal data"}


@dataclass(frozen=True)
class Flag:
    kind: str  # "high_impact" or "personal_data"
    area: str  # a key of AREAS
    terms: tuple[str, ...]  # the words in the text that raised the flag


@dataclass(frozen=True)
class Screen:
    high_impact: bool
    personal_data: bool
    flags: tuple[Flag, ...]

    def reasons(self) -> list[str]:
        return [f"{AREAS.get(f.area, f.area)}: {', '.join(f.terms)}" for f in self.flags]


def screen(text: str, *, declared_personal_data: bool | None = None) -> Screen:
    flags: tuple[Flag, ...] = ()
    if declared_personal_data:
        flags = (Flag("personal_data", "personal_data", ("declared",)),)
    return Screen(high_impact=False, personal_data=bool(declared_personal_data), flags=flags)
