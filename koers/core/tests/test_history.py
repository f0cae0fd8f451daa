"""The history list (core/change_list.html) reads in the reader's language: every action a
concern, help request or answer records has a label, and so has every recorded name that is not
a field of its subject (an answer's text and actions are recorded on the concern they answer)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from koers.core.models import Change


def _history(action: str, fields: dict[str, list[object]]) -> str:
    change = Change(
        actor_label="Pieter Jansen",
        subject="voice.item",
        subject_id=1,
        action=action,
        fields=fields,
        created_at=timezone.now(),
    )
    with translation.override("nl"):
        return render_to_string("core/change_list.html", {"history": [change]})


@pytest.mark.parametrize(
    ("action", "dutch", "english"),
    [
        ("answered", "heeft beantwoord", "answered"),
        ("answer_changed", "heeft het antwoord gewijzigd", "answer_changed"),
        ("published", "heeft gepubliceerd", "published"),
        ("withheld", "heeft tegengehouden", "withheld"),
        ("replied", "heeft gereageerd", "replied"),
        ("picked_up", "heeft de vraag opgepakt", "picked_up"),
        ("helped", "heeft de vraag afgehandeld", "helped"),
        ("status_changed", "heeft de status gewijzigd", "status_changed"),
        ("risk_assessed", "heeft het risico beoordeeld", "risk_assessed"),
    ],
)
def test_it_names_each_recorded_action_in_dutch(action, dutch, english):
    page = _history(action, {})
    assert dutch in page
    assert english not in page


def test_it_names_an_answers_text_and_actions_in_dutch():
    page = _history("answered", {"body": [None, "We gaan dit doen."], "actions": [[], ["Cursus"]]})
    assert "Antwoord:" in page
    assert "Acties:" in page
    assert "Body:" not in page
    assert "Actions:" not in page
