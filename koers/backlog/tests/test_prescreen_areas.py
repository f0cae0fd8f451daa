"""The pre-screen's areas come from the lexicon file; the people-facing side must know each one."""

from __future__ import annotations

from koers.backlog.selectors.prescreen import AREAS as TRANSLATED
from koers.textmine.prescreen import AREAS
from koers.triage.rules.suggest import ANNEX_III_BY_AREA


def test_every_area_of_the_pre_screen_has_a_translated_label() -> None:
    assert set(TRANSLATED) == set(AREAS)


def test_the_annex_iii_mapping_names_pre_screen_areas() -> None:
    assert set(ANNEX_III_BY_AREA) <= set(AREAS)
