"""Rate limiting and spam protection for the public Voice link, without tracking anyone.

The public form (``/v/l/<token>/``) is open to whoever holds the link, so it is where a script
could flood the moderators. Three checks, none of which reads or keeps who is sending:

* **a per-link hourly quota**: ``LinkUse`` counts what one link took in during the current hour,
  raised with a conditional ``UPDATE`` so concurrent requests cannot overshoot it. Over the quota
  nothing is stored and the page answers 429. The counters of earlier hours are deleted as soon as
  a new hour's is made, so the table never tells at what time of day an item came in;
* **a honeypot**: a field people do not see (hidden, out of the tab order); a value in it is a bot;
* **a signed form stamp**: when the form was shown, signed for this link. Sent back within
  ``MIN_SECONDS`` (faster than anyone writes a concern), after ``MAX_AGE`` or altered: refused.

No IP address, user agent or cookie is read or stored: the quota belongs to the link, not to a
person.

The in-app form (``voice:new``) deliberately has no per-session quota: it is for logged-in
members, and counting their submissions in their session would store the very link between a
person and their anonymous items that Voice promises not to keep. Every item is seen by a
moderator before anything is published, so a member's flood stays in the moderation queue, and a
member's account can be blocked by an admin.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.core import signing
from django.db import transaction

from koers.core import clock
from koers.core.ratelimit import count_take
from koers.voice.models import LinkUse, VoiceLink

HONEYPOT_FIELD = "website"
STAMP_FIELD = "stamp"
MIN_SECONDS = 3
MAX_AGE = 24 * 3600
_STAMP_SALT = "koers.voice.link-form"


class Refusal(StrEnum):
    """Why a submission through a public link was not taken."""

    HONEYPOT = "honeypot"
    TOO_FAST = "too_fast"
    EXPIRED = "expired"
    TAMPERED = "tampered"


def _salt(link: VoiceLink) -> str:
    # Per link: a stamp of one link does not pass on another.
    return f"{_STAMP_SALT}:{link.pk}"


def stamp_issue(link: VoiceLink, *, now: float | None = None) -> str:
    """The signed moment the form is shown, for its hidden ``stamp`` field."""
    return signing.dumps(int(now if now is not None else clock.now().timestamp()), salt=_salt(link))


def stamp_refusal(link: VoiceLink, stamp: str, *, now: float | None = None) -> Refusal | None:
    """Why a form stamp is not acceptable (None: it is): altered, too fast or too old."""
    try:
        shown = signing.loads(stamp, salt=_salt(link))
    except signing.BadSignature:
        return Refusal.TAMPERED
    if not isinstance(shown, int):
        return Refusal.TAMPERED
    elapsed = (now if now is not None else clock.now().timestamp()) - shown
    if elapsed < MIN_SECONDS:
        return Refusal.TOO_FAST
    if elapsed > MAX_AGE:
        return Refusal.EXPIRED
    return None


def form_refusal(
    link: VoiceLink, data: Mapping[str, Any], *, now: float | None = None
) -> Refusal | None:
    """The honeypot and the stamp of a posted form: why it is refused, or None."""
    if str(data.get(HONEYPOT_FIELD, "")).strip():
        return Refusal.HONEYPOT
    return stamp_refusal(link, str(data.get(STAMP_FIELD, "")), now=now)


def _hour_of(moment: dt.datetime) -> dt.datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


@transaction.atomic
def quota_take(link: VoiceLink, *, now: dt.datetime | None = None) -> bool:
    """Count one item against the link's quota of this hour; False (nothing counted) when the
    quota is used up. Call it in the transaction that stores the item, so a refused item gives
    its place back."""
    hour = _hour_of(now or clock.now())
    # Earlier hours are of no use to the quota, and kept they would date items within their day.
    LinkUse.objects.filter(hour__lt=hour).delete()
    use, _created = LinkUse.objects.get_or_create(link=link, hour=hour)
    return count_take(LinkUse.objects.filter(pk=use.pk), field="count", limit=link.quota_per_hour)


def quota_left(link: VoiceLink, *, now: dt.datetime | None = None) -> int:
    """How many more items the link takes in this hour."""
    hour = _hour_of(now or clock.now())
    use = LinkUse.objects.filter(link=link, hour=hour).first()
    return max(link.quota_per_hour - (use.count if use else 0), 0)


def seconds_to_next_hour(*, now: dt.datetime | None = None) -> int:
    """When the quota opens again (the Retry-After of a 429)."""
    moment = now or clock.now()
    return int((_hour_of(moment) + dt.timedelta(hours=1) - moment).total_seconds()) + 1
