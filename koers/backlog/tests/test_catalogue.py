"""The starter catalogue: its shipped file is valid and its figures match the source CSV."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import ValidationError

from koers.backlog.catalogue import (
    STARTER_PATH,
    StarterCatalogue,
    catalogue_json,
    normalised_use,
    starter_catalogue,
    tally_adoption,
    tally_file,
)
from koers.testing.shared_data import FEDERAL_COTS, needs_federal_cots

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "build_starter_catalogue.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_starter_catalogue", SCRIPT)
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


HEADER = ["Agency", "AI Use Case", "Agency Use (Y/N)?", "Name of Commercial Product", "Licences"]


def test_the_shipped_file_is_a_valid_catalogue_of_twenty_uses_in_both_languages():
    catalogue = StarterCatalogue.model_validate_json(STARTER_PATH.read_text(encoding="utf-8"))
    assert len(catalogue.uses) == 20
    for use in catalogue.uses:
        assert use.title.en != use.title.nl
        assert use.description.en != use.description.nl
        assert 0 < use.answering <= 45


def test_a_catalogue_with_more_users_than_answers_or_a_repeated_key_is_refused():
    data = json.loads(STARTER_PATH.read_text(encoding="utf-8"))
    data["uses"][0]["using"] = data["uses"][0]["answering"] + 1
    with pytest.raises(ValidationError, match="using of only"):
        StarterCatalogue.model_validate(data)
    data = json.loads(STARTER_PATH.read_text(encoding="utf-8"))
    data["uses"][1]["key"] = data["uses"][0]["key"]
    with pytest.raises(ValidationError, match="unique"):
        StarterCatalogue.model_validate(data)


def test_it_counts_only_clean_yes_and_no_answers_once_per_agency():
    rows = [
        HEADER,
        ["A", "Summarising reports.", "Y", "", ""],
        ["B", " Summarising  reports.", " n ", "", ""],
        ["C", "Summarising reports.", "", "", ""],  # no answer
        ["D", "Summarising reports.", "Maybe", "", ""],  # not Y/N
        ["E", "Summarising reports."],  # cut short
        ["", "Summarising reports.", "Y", "", ""],  # no agency
        ["A", "Summarising reports.", "N", "", ""],  # A answered already
    ]
    tally = tally_adoption(rows)
    adoption = tally.adoption[normalised_use("Summarising reports.")]
    assert (adoption.using, adoption.answering) == (1, 2)
    assert tally.skipped_rows == 5


def test_a_csv_without_the_answer_column_is_refused():
    with pytest.raises(ValueError, match="lacks a column"):
        tally_adoption([["Agency", "AI Use Case"], ["A", "x"]])


@needs_federal_cots
def test_the_shipped_figures_are_those_of_the_source_csv():
    tally = tally_file(FEDERAL_COTS)
    shipped = {
        normalised_use(use.source_text): (use.using, use.answering)
        for use in starter_catalogue().uses
    }
    derived = {use: (a.using, a.answering) for use, a in tally.adoption.items()}
    assert shipped == derived


@needs_federal_cots
def test_the_shipped_file_is_what_the_script_writes_from_the_source_csv():
    script = _load_script()
    assert catalogue_json(script.build(FEDERAL_COTS)) == STARTER_PATH.read_text(encoding="utf-8")


def test_the_script_says_where_it_looked_when_the_csv_is_missing(tmp_path, capsys):
    script = _load_script()
    before = STARTER_PATH.read_text(encoding="utf-8")
    assert script.main(["build", str(tmp_path / "missing.csv")]) == 2
    assert "No CSV at" in capsys.readouterr().out
    assert STARTER_PATH.read_text(encoding="utf-8") == before
