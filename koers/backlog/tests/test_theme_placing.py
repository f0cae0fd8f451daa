"""Placing a use case that arrived after the themes were computed."""

from __future__ import annotations

import pytest

from koers.backlog.models.themes import ThemeMember
from koers.backlog.services.themes import themes_place_new, themes_recompute
from koers.testing.factories import make_org, make_usecase

pytestmark = pytest.mark.django_db


def test_a_new_use_case_like_none_of_the_placed_ones_stays_unplaced():
    """Its neighbours in a theme all score 0; their votes once summed to 0 and divided by it."""
    org = make_org()
    make_usecase(org)
    themes_recompute(org)
    stranger = make_usecase(
        org,
        title="Sales would like what UC-2 brought",
        problem="Sales would like what UC-2 brought, as the wall of wins tells.",
        solution="",
    )
    assert themes_place_new(org) == 0
    assert not ThemeMember.objects.filter(usecase=stranger).exists()
