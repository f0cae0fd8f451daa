"""The similarity index per organisation is kept in memory for the most recently used
organisations only, so a process that serves many organisations does not grow without end."""

from __future__ import annotations

import pytest

from koers.backlog.services import themes
from koers.testing.factories import make_org, make_usecase

pytestmark = pytest.mark.django_db


def test_it_keeps_the_index_of_the_most_recently_used_organisations_only(monkeypatch):
    monkeypatch.setattr(themes, "_INDEXES", themes.LRUCache(maxsize=2))
    first, second, third = make_org(), make_org(), make_org()
    for organisation in (first, second, third):
        make_usecase(organisation, title="Summarise meeting notes")
        themes.backlog_index(organisation)
    assert set(themes._INDEXES) == {second.pk, third.pk}
    themes.backlog_index(second)  # used again: now the most recent
    themes.backlog_index(first)  # comes back, rebuilt; the least recently used goes
    assert set(themes._INDEXES) == {second.pk, first.pk}


def test_the_cache_size_comes_from_the_settings(settings):
    assert themes._INDEXES.maxsize == settings.KOERS_INDEX_CACHE_SIZE >= 1
