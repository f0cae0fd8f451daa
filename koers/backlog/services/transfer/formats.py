"""The two formats a use-case file can have.

Koers's own (the export columns; headers matched leniently, in English or Dutch, with a mapping
step for other spreadsheets) and the US Federal AI Use Case Inventory 2025, recognised from its
headers and turned row by row into Koers's format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy

from koers.backlog.models.usecases import PersonalData, Stage, Technique
from koers.orgs.importing import Column

# --- Koers's own format ----------------------------------------------------------------------

COLUMNS: tuple[Column, ...] = (
    Column("reference", gettext_lazy("reference"), ("ref", "referentie", "kenmerk", "number")),
    Column("title", gettext_lazy("title"), ("titel", "name", "naam", "use case"), required=True),
    Column("problem", gettext_lazy("problem it solves"), ("problem", "probleem")),
    Column("solution", gettext_lazy("proposed AI solution"), ("solution", "oplossing")),
    Column("benefits", gettext_lazy("expected benefits"), ("baten", "voordelen", "opbrengst")),
    Column(
        "hours_saved_per_month",
        gettext_lazy("hours saved per month"),
        ("uren bespaard per maand", "bespaarde uren per maand", "hours saved"),
    ),
    Column(
        "other_value_eur_per_year",
        gettext_lazy("other value per year (EUR)"),
        ("andere waarde per jaar (EUR)", "overige waarde per jaar", "other value"),
    ),
    Column("outputs", gettext_lazy("outputs"), ("output", "uitvoer", "resultaat")),
    Column("departments", gettext_lazy("departments"), ("department", "afdelingen", "afdeling")),
    Column("data_used", gettext_lazy("data used"), ("gebruikte data", "data", "gegevens")),
    Column(
        "data_readiness",
        gettext_lazy("data readiness"),
        ("gegevens beschikbaar", "data beschikbaar", "databeschikbaarheid", "data readiness"),
    ),
    Column(
        "personal_data",
        gettext_lazy("personal data involved"),
        ("personal data", "persoonsgegevens", "pii"),
    ),
    Column("technique", gettext_lazy("AI technique"), ("techniek", "ai-techniek")),
    Column("effort", gettext_lazy("effort estimate"), ("effort", "inspanning", "omvang")),
    Column("stage", gettext_lazy("stage"), ("fase", "status")),
    Column(
        "rejection_reason",
        gettext_lazy("reason for rejection"),
        ("reden van afwijzing", "reden afwijzing"),
    ),
    Column("anonymous", gettext_lazy("submitted anonymously"), ("anonymous", "anoniem")),
    Column("external_id", gettext_lazy("external ID"), ("externe id", "extern id", "id")),
    Column(
        "submitted_by",
        gettext_lazy("submitted by (e-mail)"),
        ("submitted by", "ingediend door", "indiener"),
    ),
    Column("source", gettext_lazy("source fields"), ("bron", "bronvelden")),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
# Informational columns: exported, never imported.
# "assessed_risk": the risk of the signed-off triage (low, medium, high), empty without one.
EXPORT_ONLY = ("created_at", "votes", "comments", "assessed_risk")
EXPORT_COLUMNS = (*COLUMN_NAMES[:-1], *EXPORT_ONLY, "source")

TEXT_FIELDS = ("title", "problem", "solution", "benefits", "outputs", "data_used")
MAX_LENGTHS = {"title": 300, "external_id": 100}
DECIMALS = {"hours_saved_per_month": (10, 1), "other_value_eur_per_year": (14, 2)}

# --- US Federal AI Use Case Inventory 2025 -------------------------------------------------

FEDERAL_FORMAT = "us-federal-ai-inventory-2025"
FEDERAL_SIGNATURE = {"use_case_name", "agency_name", "problem_solved", "development_stage"}
# Federal column → Koers field, for the columns copied as they are.
FEDERAL_COPIED = {
    "use_case_name": "title",
    "problem_solved": "problem",
    "benefits": "benefits",
    "system_outputs": "outputs",
    "data_description": "data_used",
    "agency_name": "departments",
    "id": "external_id",
}
FEDERAL_COLUMN_OF = {
    **{koers: federal for federal, koers in FEDERAL_COPIED.items()},
    "personal_data": "has_pii",
    "technique": "classification",
    "stage": "development_stage",
}
FEDERAL_TECHNIQUE = {
    "Generative AI": Technique.GENERATIVE,
    "Classical ML": Technique.CLASSICAL_ML,
    "NLP": Technique.NLP,
    "Computer Vision": Technique.VISION,
    "Agentic AI": Technique.AGENTIC,
}
FEDERAL_STAGE = {
    "Pre-deployment": Stage.ASSESSED,
    "Pilot": Stage.PILOT,
    "Deployed": Stage.LIVE,
    "Retired": Stage.RETIRED,
    "": Stage.IDEA,
}
FEDERAL_PII = {"Yes": PersonalData.YES, "No": PersonalData.NO, "": PersonalData.UNKNOWN}
_EMPTY_SOURCE_VALUES = {"", "[]"}


def is_federal(headers: Sequence[str]) -> bool:
    return set(headers) >= FEDERAL_SIGNATURE


def _short_title(text: str, limit: int = 80) -> str:
    sentence = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _federal_choice(text: str, mapping: Mapping[str, TextChoices]) -> str:
    return mapping[text].value if text in mapping else text


def federal_row(row: Mapping[str, str]) -> dict[str, Any]:
    """One row of the federal inventory as a row of Koers's import format.

    The columns Koers has no field for (topic area, high-impact determination, bureau, …) are
    kept in ``source``, as are the original values of the columns whose values are translated.
    """
    value = {name: (row.get(name) or "").strip() for name in row}
    title = value.get("use_case_name", "")
    if not title:
        # One row of the 2025 inventory has no name; a title is required, so derive one.
        fallback = value.get("problem_solved") or value.get("benefits") or value.get("id", "")
        title = _short_title(fallback or value.get("system_outputs", ""))
    return {
        "title": title,
        "problem": value.get("problem_solved", ""),
        "benefits": value.get("benefits", ""),
        "outputs": value.get("system_outputs", ""),
        "data_used": value.get("data_description", ""),
        "departments": value.get("agency_name", ""),
        "external_id": value.get("id", ""),
        # A value outside the inventory's vocabulary is passed on as it is, so that the row is
        # refused with an error naming the column instead of being guessed.
        "personal_data": _federal_choice(value.get("has_pii", ""), FEDERAL_PII),
        "technique": FEDERAL_TECHNIQUE.get(value.get("classification", ""), Technique.OTHER).value,
        "stage": _federal_choice(value.get("development_stage", ""), FEDERAL_STAGE),
        "source": {
            name: text
            for name, text in value.items()
            if name not in FEDERAL_COPIED and text not in _EMPTY_SOURCE_VALUES
        },
    }
