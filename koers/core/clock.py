"""The one place Koers reads the current time.

``today()`` is the date where Koers works, in ``settings.TIME_ZONE`` (``Europe/Amsterdam`` unless
``KOERS_TIME_ZONE`` says otherwise), not the server's or UTC's date: between midnight in Amsterdam
and midnight UTC the two differ by a day. ``now()`` is the current moment, aware.

Call them through the module (``from koers.core import clock``; ``clock.today()``), never
``from koers.core.clock import today``: tests set the time with the ``clock`` fixture
(``koers/testing/pytest_plugin.py``), which replaces ``now`` in this module, and ``today()``
follows it. Django's ``auto_now``/``auto_now_add`` fields keep reading the real time.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The current moment, aware (in UTC)."""
    return timezone.now()


def today() -> dt.date:
    """Today's date in the configured time zone (Amsterdam's date, not UTC's)."""
    return timezone.localdate(now())
