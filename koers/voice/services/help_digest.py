"""The helpers' daily e-mail of anonymous help requests.

An e-mail sent the moment a request comes in carries that moment (its ``Date:`` header, the time
it arrives) and, with the department, could point at the colleague who asked. So an anonymous
request waits (``Item.awaiting_digest``) for the next daily e-mail, which the worker sends each
morning (``koers.voice.tasks.send_help_digest``): one e-mail per helper with the requests of the
days before, each with its day (never a time), its category, its redacted text and its
department only where ``department_named`` allows it. Requests by name are e-mailed at once
(``help_notify``): they are not anonymous.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from koers.core import clock
from koers.core.languages import language_for
from koers.core.mail import Mail, mail_queue
from koers.core.models import OutgoingMail
from koers.orgs.models import Membership
from koers.voice.models import Item, Kind
from koers.voice.services.common import redact_text
from koers.voice.services.raising import department_named, helpers_for


def help_digest_send(*, today: dt.date | None = None) -> int:
    """Queue each helper's e-mail of the anonymous help requests of the days before ``today``
    (today's wait for tomorrow, so the e-mail never tells a request's time of day from its
    neighbours'), and mark them sent. Returns how many e-mails were queued. Running it twice
    sends nothing twice."""
    today = today or clock.today()
    with transaction.atomic():
        waiting = list(
            Item.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(kind=Kind.HELP, anonymous=True, awaiting_digest=True, created_on__lt=today)
            .select_related("organisation", "department")
            .order_by("organisation_id", "created_on", "category", "ref")
        )
        if not waiting:
            return 0
        per_helper: dict[int, tuple[Membership, list[Item]]] = {}
        for item in waiting:
            for membership in helpers_for(item):
                per_helper.setdefault(membership.pk, (membership, []))[1].append(item)
        Item.objects.filter(pk__in=[item.pk for item in waiting]).update(awaiting_digest=False)
        mails = [
            mail
            for membership, items in per_helper.values()
            if (mail := _digest_mail(membership, items)) is not None
        ]
        return len(mail_queue(messages=mails))


def _digest_mail(membership: Membership, items: list[Item]) -> Mail | None:
    user = membership.user
    if not user.email:
        return None
    organisation = items[0].organisation
    language = language_for(user.language, organisation.language)
    base = str(getattr(settings, "BASE_URL", "")).rstrip("/")
    with translation.override(language):
        requests = defaultdict(list)
        for item in items:
            try:
                text = redact_text(organisation, item.text)[0]
            except ImportError:  # pragma: no cover - the redaction module ships with Koers
                text = item.text
            requests[item.created_on].append(
                {
                    "category": item.get_category_display(),
                    "department": item.department.name
                    if item.department and department_named(item)
                    else "",
                    "text": text,
                }
            )
        context = {
            "organisation": organisation.name,
            "name": user.name,
            "count": len(items),
            "days": sorted(requests.items()),
            "url": f"{base}/o/{organisation.slug}/voice/help/",
        }
        subject = render_to_string("voice/email/help_digest_subject.txt", context)
        body = render_to_string("voice/email/help_digest_body.txt", context)
    return Mail(
        kind=OutgoingMail.Kind.VOICE_ROUTING,
        organisation_id=organisation.pk,
        to=user.email,
        subject=subject,
        body=body,
        language=language,
    )
