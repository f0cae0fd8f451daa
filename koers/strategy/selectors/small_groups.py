"""The small-group rule of the strategy app's figures (acknowledgements per department, the
skills gap): the readiness scan's *k*, never below 3.

The scan sits above this app in the layers, so it hands over how to read its *k* when it starts
(``koers.diagnostic.apps``); until then, and for an organisation without scan settings, 5 (the
scan's default)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from koers.orgs.models import Organisation

DEFAULT_K = 5
_reader: Callable[[int], int] = lambda _organisation_id: DEFAULT_K  # noqa: E731


def min_group_reader_set(reader: Callable[[int], int]) -> None:
    global _reader
    _reader = reader


def min_group_of(organisation: Organisation) -> int:
    """The smallest group whose figure may be shown."""
    return max(3, int(_reader(organisation.pk)))
