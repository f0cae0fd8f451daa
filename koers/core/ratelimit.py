"""Quotas counted in the database, safe with several processes: the one mechanism behind the
login throttle (``koers/orgs/throttle.py``), the shared scan links' cap and per-address limit
(``koers/diagnostic/services/answers.py``) and Voice's per-link hourly quota
(``koers/voice/ratelimit.py``, which counts with ``count_take``).

A quota is a key, a limit and a window. ``quota_take`` raises the key's count with a conditional
``UPDATE … WHERE count < limit``, so concurrent requests cannot overshoot it; when the window has
ended the row is deleted and the next take starts a new one. The key is a keyed hash
(``quota_key``, an HMAC with the secret key) of what is counted, so the table holds no e-mail or
IP address, and a row lives only as long as its window.

The client's address is ``REMOTE_ADDR``, or behind a reverse proxy the one header the operator
trusts (``KOERS_CLIENT_ADDRESS_HEADER``); no other forwarded header is believed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math

from django.conf import settings
from django.db import transaction
from django.db.models import F, Model, QuerySet
from django.http import HttpRequest

from koers.core import clock
from koers.core.models import QuotaUse


def quota_key(*parts: object) -> str:
    """A keyed hash of what a quota counts, e.g. ``quota_key("login-address", "10.0.0.1")``."""
    message = "\x1f".join(str(part) for part in parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def count_take(rows: QuerySet[Model], *, field: str, limit: int) -> bool:
    """Raise ``field`` of the one row in ``rows`` by one unless it has reached ``limit``, in one
    conditional ``UPDATE`` (concurrent callers queue on the row and cannot overshoot); False when
    nothing was counted. The counting step of every quota, here and on other models (a shared scan
    link's cap)."""
    return rows.filter(**{f"{field}__lt": limit}).update(**{field: F(field) + 1}) == 1


@transaction.atomic
def quota_take(key: str, *, limit: int, window_ends: dt.datetime) -> bool:
    """Count one against the quota ``key``; False (nothing counted) when ``limit`` is used up.

    ``window_ends`` is when a window that starts now ends; an existing window keeps its end.
    Call it inside the transaction that stores what is counted, so a refusal gives its place
    back."""
    now = clock.now()
    # Ended windows are of no use any more, and kept they would tell when something was counted.
    QuotaUse.objects.filter(window_ends__lte=now).delete()
    use, _created = QuotaUse.objects.get_or_create(key=key, defaults={"window_ends": window_ends})
    return count_take(QuotaUse.objects.filter(pk=use.pk), field="count", limit=limit)


def quota_full_until(key: str, *, limit: int) -> dt.datetime | None:
    """When the quota ``key`` opens again if ``limit`` is used up now; None while it is not."""
    return (
        QuotaUse.objects.filter(key=key, count__gte=limit, window_ends__gt=clock.now())
        .values_list("window_ends", flat=True)
        .first()
    )


def quota_extend(key: str, *, window_ends: dt.datetime) -> None:
    """Move the end of the key's current window to ``window_ends`` (a lockout's full cool-off)."""
    QuotaUse.objects.filter(key=key, window_ends__lt=window_ends).update(window_ends=window_ends)


def quota_clear(key: str) -> None:
    """Forget the key's count (a successful login clears its account's failures)."""
    QuotaUse.objects.filter(key=key).delete()


def seconds_until(moment: dt.datetime) -> int:
    """Whole seconds from now until ``moment``, at least 1: a Retry-After header."""
    return max(1, math.ceil((moment - clock.now()).total_seconds()))


def next_hour() -> dt.datetime:
    """The start of the next hour: windows aligned to the hour tell less of when they began."""
    return clock.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)


def client_address(request: HttpRequest) -> str:
    """The client's IP address: the trusted proxy header when one is configured (its last entry,
    the one the proxy itself added), else the connection's address."""
    header = settings.KOERS_CLIENT_ADDRESS_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        forwarded = [part.strip() for part in value.split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return str(request.META.get("REMOTE_ADDR", ""))
