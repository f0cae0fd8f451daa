"""The shipped skills catalogue: valid, complete in both languages, and bad catalogues refused."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from koers.strategy.skills.loader import load_catalogue, parse_catalogue
from koers.strategy.skills.schema import LEVELS

REQUIRED = {
    "ai_literacy",
    "prompting",
    "working_with_data",
    "automating_work",
    "risk_and_ethics",
    "designing_use_cases",
}


def _shipped() -> dict:  # type: ignore[type-arg]
    return json.loads(load_catalogue().model_dump_json())


def test_it_ships_the_six_skills_the_method_names():
    assert set(load_catalogue().keys()) >= REQUIRED


def test_every_skill_has_a_line_per_level_in_dutch_and_english():
    for skill in load_catalogue().skills:
        assert len(skill.levels) == len(LEVELS)
        for line in (skill.name, skill.description, *skill.levels):
            assert line.nl.strip() and line.en.strip()
            assert line.nl != line.en  # translated, not copied


def test_it_reads_dutch_for_the_dutch_and_english_otherwise():
    literacy = load_catalogue().skills[0]
    assert literacy.name.in_language("nl") == "AI-geletterdheid"
    assert literacy.name.in_language("en") == "AI literacy"


def test_it_refuses_a_skill_key_twice():
    data = _shipped()
    data["skills"].append(data["skills"][0])
    with pytest.raises(ValidationError, match="unique"):
        parse_catalogue(json.dumps(data))


def test_it_refuses_a_missing_level():
    data = _shipped()
    data["skills"][0]["levels"] = data["skills"][0]["levels"][:4]
    with pytest.raises(ValidationError):
        parse_catalogue(json.dumps(data))


@pytest.mark.parametrize(
    ("field", "value"),
    [("key", "AI Literacy"), ("default_needed", 5), ("default_needed", -1), ("unknown", 1)],
)
def test_it_refuses_bad_fields(field, value):
    data = _shipped()
    data["skills"][0][field] = value
    with pytest.raises(ValidationError):
        parse_catalogue(json.dumps(data))


def test_it_refuses_a_blank_line():
    data = _shipped()
    data["skills"][1]["levels"][2]["nl"] = "   "
    with pytest.raises(ValidationError):
        parse_catalogue(json.dumps(data))
