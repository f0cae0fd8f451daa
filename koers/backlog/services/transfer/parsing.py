"""Parsing the cells of an imported row as people write them: choices in English or Dutch (code
or label), references like UC-12, numbers with a decimal point or comma, departments separated by
semicolons. A row is checked here on its own; the checks that need the organisation or the other
rows are in ``importing``."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from koers.backlog.models.usecases import DataReadiness, Effort, PersonalData, Stage, Technique
from koers.backlog.services.transfer.formats import (
    DECIMALS,
    FEDERAL_STAGE,
    FEDERAL_TECHNIQUE,
    MAX_LENGTHS,
    TEXT_FIELDS,
)
from koers.orgs.importing import ChoiceParser, RowError, clean_name, parse_bool

_PARSERS: dict[str, ChoiceParser] = {}


def parse_choice(name: str, text: str) -> str | None:
    """The code of a choice column's value as people write it (English or Dutch, code or label),
    or None when it is not one of the choices."""
    return _parser(name).parse(text)


def _parser(name: str) -> ChoiceParser:
    """The choice parsers, built on first use (they read the translation catalogues)."""
    if not _PARSERS:
        federal_techniques: dict[str, list[str]] = {}
        for label, code in FEDERAL_TECHNIQUE.items():
            federal_techniques.setdefault(code, []).append(label)
        federal_stages: dict[str, list[str]] = {}
        for label, stage in FEDERAL_STAGE.items():
            federal_stages.setdefault(stage, []).append(label)
        _PARSERS.update(
            personal_data=ChoiceParser(
                PersonalData,
                {"yes": ["ja", "y"], "no": ["nee", "n"], "unknown": ["onbekend", "weet niet"]},
            ),
            technique=ChoiceParser(
                Technique,
                {
                    **federal_techniques,
                    "generative": [*federal_techniques["generative"], "genai", "generatieve AI"],
                    "classical_ml": [*federal_techniques["classical_ml"], "machine learning"],
                    "nlp": [*federal_techniques["nlp"], "taalverwerking"],
                    "agentic": [*federal_techniques["agentic"], "agentische AI", "agents"],
                    "other": ["anders", "overig", "onbekend"],
                },
            ),
            effort=ChoiceParser(
                Effort,
                {
                    "unknown": ["weet niet", "onbekend"],
                    "days": ["dagen"],
                    "weeks": ["weken"],
                    "months": ["maanden"],
                    "quarters": ["meer dan drie maanden", "kwartalen"],
                },
            ),
            data_readiness=ChoiceParser(
                DataReadiness,
                {
                    "unknown": ["onbekend", "weet niet"],
                    "ready": ["ja", "beschikbaar", "yes"],
                    "partial": ["deels", "gedeeltelijk", "partly"],
                    "missing": ["nee", "niet beschikbaar", "no"],
                },
            ),
            stage=ChoiceParser(
                Stage,
                {
                    **federal_stages,
                    "idea": ["idee"],
                    "assessed": [*federal_stages["assessed"], "beoordeeld"],
                    "selected": ["geselecteerd", "gekozen"],
                    "live": [*federal_stages["live"], "in gebruik", "productie"],
                    "retired": [*federal_stages["retired"], "uitgefaseerd", "buiten gebruik"],
                    "rejected": ["afgewezen"],
                },
            ),
        )
    return _PARSERS[name]


_REFERENCE = re.compile(r"^(?:UC)?[-\s#]*(\d{1,9})$", re.IGNORECASE)


def parse_reference(text: str) -> int | None:
    match = _REFERENCE.match(text.strip())
    return int(match.group(1)) if match else None


def parse_decimal(text: str, *, max_digits: int, places: int) -> Decimal:
    """A non-negative number, rounded to ``places``; a decimal comma is fine. ValueError if not."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(_("Enter a number, like 12 or 12.5.")) from error
    if not value.is_finite() or value < 0:
        raise ValueError(_("Enter zero or more."))
    value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value >= Decimal(10) ** (max_digits - places):
        raise ValueError(_("This number is too large."))
    return value


def split_departments(text: str) -> list[str]:
    """Department names separated by semicolons, each with its white space tidied."""
    names: dict[str, str] = {}
    for part in text.split(";"):
        name = clean_name(part)
        if name:
            names.setdefault(name.casefold(), name)
    return list(names.values())


@dataclass
class _Row:
    """One validated row: the fields it sets (only those the file has a column for)."""

    line: int
    reference: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    departments: list[str] | None = None


def _parse_row(
    line: int, cells: Mapping[str, Any], column_of: Mapping[str, str], errors: list[RowError]
) -> _Row:
    row = _Row(line=line)

    def error(name: str, message: str) -> None:
        errors.append(RowError(line, column_of.get(name, name), message))

    for name, raw in cells.items():
        text = raw.strip() if isinstance(raw, str) else raw
        if name == "reference":
            if text:
                row.reference = parse_reference(text)
                if row.reference is None:
                    error(name, _("Write a reference like UC-12, or leave it empty."))
        elif name in TEXT_FIELDS or name in ("external_id", "rejection_reason"):
            if name in MAX_LENGTHS and len(text) > MAX_LENGTHS[name]:
                error(
                    name,
                    _("At most %(n)d characters; this has %(len)d.")
                    % {"n": MAX_LENGTHS[name], "len": len(text)},
                )
            row.values[name] = text
        elif name in DECIMALS:
            if not text:
                row.values[name] = None
                continue
            digits, places = DECIMALS[name]
            try:
                row.values[name] = parse_decimal(text, max_digits=digits, places=places)
            except ValueError as problem:
                error(name, str(problem))
        elif name in ("data_readiness", "personal_data", "technique", "effort", "stage"):
            if not text:
                continue  # an empty cell keeps the current value (or the default for a new one)
            code = _parser(name).parse(text)
            if code is None:
                error(
                    name,
                    _("“%(value)s” is not one of: %(allowed)s.")
                    % {"value": text, "allowed": _parser(name).allowed()},
                )
            row.values[name] = code
        elif name == "anonymous":
            flag = parse_bool(text)
            if flag is None:
                error(name, _("Write yes or no."))
            row.values[name] = bool(flag)
        elif name == "submitted_by":
            row.values[name] = text.lower()
        elif name == "departments":
            row.departments = split_departments(text)
            for department in row.departments:
                if len(department) > 200:
                    error(name, _("A department name has at most 200 characters."))
        elif name == "source":
            if isinstance(raw, dict):
                row.values[name] = raw
            elif text:
                try:
                    parsed = json.loads(text)
                except json.JSONDecodeError:
                    parsed = None
                if not isinstance(parsed, dict):
                    error(name, _('Source fields must be a JSON object, like {"a": "b"}.'))
                row.values[name] = parsed if isinstance(parsed, dict) else {}
    if "title" in cells and not row.values.get("title"):
        error("title", _("Give the use case a title."))
    return row
