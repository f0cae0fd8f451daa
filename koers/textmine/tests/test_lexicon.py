"""The risk lexicon file: the shipped one validates, a broken one is refused with a clear error."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from koers.textmine import prescreen
from koers.textmine.lexicons import LexiconError, load_risk_lexicon, parse_risk_lexicon
from koers.textmine.lexicons.schema import HIGH_IMPACT_AREAS
from koers.textmine.lexicons.syntax import compile_term

SHIPPED = resources.files("koers.textmine.lexicons").joinpath("risk.json").read_text("utf-8")


def shipped() -> dict[str, Any]:
    return copy.deepcopy(json.loads(SHIPPED))


def refused(data: dict[str, Any]) -> str:
    with pytest.raises(LexiconError) as caught:
        parse_risk_lexicon(json.dumps(data))
    return str(caught.value)


def test_the_shipped_file_validates() -> None:
    lexicon = parse_risk_lexicon(SHIPPED)
    assert tuple(lexicon.STRONG) == HIGH_IMPACT_AREAS
    assert tuple(lexicon.CONTEXT) == HIGH_IMPACT_AREAS
    assert list(lexicon.AREA_LABELS) == [*HIGH_IMPACT_AREAS, "personal_data", "special_category"]
    for terms in (lexicon.NEUTRAL, lexicon.PEOPLE, lexicon.DECISION, lexicon.PERSONAL_DATA):
        assert terms and all(isinstance(term, str) for term in terms)


def test_the_pre_screen_uses_the_loaded_file_once() -> None:
    assert load_risk_lexicon() is load_risk_lexicon()
    assert prescreen.risk is load_risk_lexicon()
    assert set(prescreen.AREAS) == {*load_risk_lexicon().AREA_LABELS, "unclear"}


def test_the_loaded_lexicon_is_read_only() -> None:
    lexicon = load_risk_lexicon()
    with pytest.raises(AttributeError):
        lexicon.PEOPLE = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        lexicon.STRONG["rights"] = ()  # type: ignore[index]
    assert isinstance(lexicon.STRONG["rights"], tuple)


def test_an_unknown_area_is_refused() -> None:
    data = shipped()
    data["areas"]["astrology"] = copy.deepcopy(data["areas"]["health"])
    message = refused(data)
    assert "areas" in message and "unknown area 'astrology'" in message


def test_a_missing_area_is_refused() -> None:
    data = shipped()
    del data["areas"]["migration"]
    assert "area 'migration' is missing" in refused(data)


def test_an_area_without_a_label_is_refused() -> None:
    data = shipped()
    del data["areas"]["justice"]["label"]
    assert "areas.justice.label: Field required" in refused(data)


def test_an_empty_term_is_refused() -> None:
    data = shipped()
    data["areas"]["health"]["strong"].append("")
    message = refused(data)
    assert "areas.health.strong" in message and "empty lexicon term: ''" in message


def test_an_empty_list_is_refused() -> None:
    data = shipped()
    data["people"]["terms"] = []
    assert "people.terms: no terms" in refused(data)


def test_a_repeated_term_is_refused() -> None:
    data = shipped()
    data["areas"]["migration"]["context"].append("border*")
    message = refused(data)
    assert "areas.migration.context" in message and "term 'border*' is repeated" in message


def test_a_term_written_differently_but_matching_the_same_is_a_repeat() -> None:
    data = shipped()
    data["areas"]["health"]["strong"].append("X ray*")  # "x-ray*" is there
    message = refused(data)
    assert "term 'X ray*' is repeated (the same as 'x-ray*')" in message


@pytest.mark.parametrize("term", ["*", "a*b", "*stem", "^SNAP benefits", "e.g.", "=", " padded"])
def test_a_term_with_invalid_syntax_is_refused(term: str) -> None:
    data = shipped()
    data["decision"]["terms"].append(term)
    message = refused(data)
    assert "decision.terms" in message and repr(term) in message


def test_invalid_syntax_is_what_the_pre_screen_compiler_refuses() -> None:
    with pytest.raises(ValueError, match="'a\\*b'"):
        compile_term("a*b")
    assert [atom.how for atom in compile_term("^SNAP")] == ["case"]
    assert [atom.how for atom in compile_term("*uitkering* aanvraag =x")] == [
        "infix",
        "exact",
        "exact_only",
    ]


def test_bad_json_is_refused() -> None:
    with pytest.raises(LexiconError, match=r"risk\.json: not valid JSON: .*line 1"):
        parse_risk_lexicon('{"areas": {')


def test_a_key_given_twice_is_refused() -> None:
    # json.loads would silently keep the second "health" and lose the first.
    text = SHIPPED.replace('"areas": {', '"areas": {"health": {}, ', 1)
    with pytest.raises(LexiconError, match="key 'health' appears twice"):
        parse_risk_lexicon(text)


def test_an_unknown_field_is_refused() -> None:
    data = shipped()
    data["areas"]["finance"]["strnog"] = ["credit scor*"]
    assert "areas.finance.strnog: Extra inputs are not permitted" in refused(data)


def test_a_term_that_is_not_a_string_is_refused() -> None:
    data = shipped()
    data["neutral"]["terms"].append(7)
    assert "neutral.terms" in refused(data)
