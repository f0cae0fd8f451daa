"""Dates in tables: Dutch months in lower case with Dutch abbreviations ("7 dec. 2026", never
"7 Dec 2026" or "2 Mei 2026")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation


def _short(value: object, language: str) -> str:
    with translation.override(language):
        return Template("{% load koers %}{{ value|short_date }}").render(Context({"value": value}))


@pytest.mark.parametrize(
    ("day", "dutch", "english"),
    [
        (dt.date(2026, 12, 7), "7 dec. 2026", "7 Dec 2026"),
        (dt.date(2026, 5, 2), "2 mei 2026", "2 May 2026"),
        (dt.date(2026, 3, 9), "9 mrt. 2026", "9 Mar 2026"),
    ],
)
def test_it_writes_the_month_short_and_in_the_readers_language(day, dutch, english):
    assert _short(day, "nl") == dutch
    assert _short(day, "en") == english


def test_a_moment_is_shown_as_its_local_day():
    moment = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
    with timezone.override("Europe/Amsterdam"):
        assert _short(moment, "nl") == "1 jan. 2027"


def test_nothing_shows_nothing():
    assert _short(None, "nl") == ""
