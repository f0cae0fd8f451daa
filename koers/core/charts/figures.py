"""Figures as the reader's language writes them (3.4 or 3,4): decimals, percentages and signed
differences, and the words for a hidden figure."""

from __future__ import annotations

from django.utils.formats import get_format
from django.utils.translation import gettext as _


def decimal(value: float | None, places: int = 1) -> str:
    """A figure as the reader's language writes it (3.4 or 3,4): ``number_format`` without
    grouping (Koers does not group digits in figures), at a fraction of its cost, as a chart
    writes hundreds."""
    if value is None:
        return ""
    text = f"{round(value, places):.{places}f}"
    separator = get_format("DECIMAL_SEPARATOR")
    return text if separator == "." else text.replace(".", separator)


def percent(share: float | None) -> str:
    return "" if share is None else f"{round(100 * share)}%"


def hidden_text(k: int) -> str:
    return _("fewer than %(k)s") % {"k": k}


def signed(value: float | None, places: int = 2) -> str:
    if value is None:
        return ""
    text = decimal(abs(value), places)
    return ("+" if value > 0 else "\u2212" if value < 0 and text.strip("0.,") else "") + text
