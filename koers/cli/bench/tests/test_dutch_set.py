"""The Dutch evaluation set: the shipped file loads with its labels, and a broken copy is refused
with the offending item named."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from koers.cli.bench.dutch_set import MIN_ITEMS, load, parse


def item(number: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"nl-{number:03d}",
        "department": "Klantcontactcentrum",
        "title": f"Idee {number}",
        "problem": "Het kost te veel tijd.",
        "solution": "",
        "benefits": "",
        "theme": "vragen",
        "resubmission_of": None,
        "high_impact": False,
        "personal_data": False,
        **fields,
    }


def document() -> dict[str, Any]:
    """A valid set of the minimum size; item 2 re-submits item 1 from another department."""
    items = [item(n) for n in range(1, MIN_ITEMS + 1)]
    items[1] = item(2, department="Belastingen", resubmission_of="nl-001")
    return {
        "about": "Test.",
        "organisation": "Gemeente Test",
        "themes": {"vragen": {"nl": "Vragen beantwoorden", "en": "Answering questions"}},
        "items": items,
    }


def test_the_shipped_set_loads_with_its_labels() -> None:
    dutch = load()
    assert len(dutch.items) >= 170
    assert 8 <= len(dutch.themes) <= 10
    assert set(dutch.theme_labels()) == set(dutch.themes)
    pairs = dutch.resubmission_pairs()
    assert len(pairs) >= 40
    assert all(original < resubmission for resubmission, original in pairs)
    assert 15 <= sum(dutch.high_impact_labels()) <= 25
    first = dutch.items[0]
    assert dutch.texts()[0].startswith(f"{first.title}. {first.problem}")


def test_a_valid_copy_gives_the_pair_by_index() -> None:
    assert parse(document()).resubmission_pairs() == [(1, 0)]


def _broken(change: str) -> dict[str, Any]:
    data = copy.deepcopy(document())
    items = data["items"]
    if change == "unknown theme":
        items[4]["theme"] = "onbekend"
    elif change == "dangling":
        items[4]["resubmission_of"] = "nl-999"
    elif change == "forward":
        items[4].update(resubmission_of="nl-006", department="ICT")
    elif change == "same department":
        items[4]["resubmission_of"] = "nl-001"
    elif change == "duplicate id":
        items[4]["id"] = "nl-004"
    elif change == "missing field":
        del items[4]["high_impact"]
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unknown theme", "nl-005: unknown theme 'onbekend'"),
        ("dangling", "nl-005: re-submission of 'nl-999', which is not an earlier item"),
        ("forward", "nl-005: re-submission of 'nl-006', which is not an earlier item"),
        ("same department", "nl-005: re-submission from the same department as nl-001"),
        ("duplicate id", "nl-004: duplicate id"),
        ("missing field", "items.nl-005.high_impact: Field required"),
    ],
)
def test_a_broken_item_is_refused_by_its_id(change: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse(_broken(change))


def test_too_few_items_are_refused() -> None:
    data = document()
    data["items"] = data["items"][: MIN_ITEMS - 1]
    with pytest.raises(ValueError, match=f"{MIN_ITEMS - 1} items"):
        parse(data)
