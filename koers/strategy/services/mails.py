"""The strategy app's e-mails: one to a member, in the member's language, from a pair of
templates ``strategy/email/<template>_subject.txt`` and ``…_body.txt``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from koers.core.languages import language_for
from koers.core.mail import Mail, mail_queue
from koers.orgs.models import Membership


def page_url(organisation_slug: str, name: str, **kwargs: Any) -> str:
    """The absolute address of one of the organisation's pages, for an e-mail."""
    base = str(getattr(settings, "BASE_URL", "")).rstrip("/")
    return base + reverse(name, kwargs={"org_slug": organisation_slug, **kwargs})


def member_mail(
    membership: Membership, *, kind: str, template: str, context: Mapping[str, Any]
) -> Mail | None:
    """The e-mail to one member (None without an address), greeting them by name."""
    user = membership.user
    if not user.email:
        return None
    organisation = membership.organisation
    language = language_for(user.language, organisation.language)
    with translation.override(language):
        context = {**context, "name": user.name, "organisation": organisation.name}
        subject = render_to_string(f"strategy/email/{template}_subject.txt", context)
        body = render_to_string(f"strategy/email/{template}_body.txt", context)
    return Mail(
        kind=kind,
        organisation_id=organisation.pk,
        to=user.email,
        subject=subject,
        body=body,
        language=language,
    )


def members_mail(
    members: Iterable[Membership], *, kind: str, template: str, context: Mapping[str, Any]
) -> int:
    """Queue the e-mail to each of ``members``; how many were queued."""
    mails = [
        mail
        for membership in members
        if (mail := member_mail(membership, kind=kind, template=template, context=context))
    ]
    return len(mail_queue(messages=mails))
