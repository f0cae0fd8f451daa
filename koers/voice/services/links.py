"""The organisation's public Voice links: made and revoked by moderators, resolved by token.

A link's token is shown once; Koers keeps only its SHA-256 hash. An organisation may have several
working links (a poster per building, the intranet), each with its own hourly quota, so one can
be revoked without the others.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.services import change_by
from koers.diagnostic.services import token_hash
from koers.orgs.models import Organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.voice.models import VoiceLink

MAX_QUOTA_PER_HOUR = 1000


def links_of(organisation: Organisation) -> QuerySet[VoiceLink]:
    """The organisation's working links, newest first."""
    return VoiceLink.objects.filter(organisation=organisation, revoked=False).order_by(
        "-created_on", "-pk"
    )


def link_get(organisation: Organisation, pk: int) -> VoiceLink:
    """One of the organisation's links (also revoked); VoiceLink.DoesNotExist otherwise."""
    return VoiceLink.objects.get(organisation=organisation, pk=pk)


@transaction.atomic
def link_create(ctx: OrgContext, *, quota_per_hour: int = 30) -> tuple[VoiceLink, str]:
    """A new public link: (link, token). The token is shown once and then only its hash is kept."""
    ctx.require(Perm.MODERATE_VOICE)
    if not 1 <= quota_per_hour <= MAX_QUOTA_PER_HOUR:
        raise ValidationError(
            {
                "quota_per_hour": [
                    _("Choose a quota from 1 to %(max)d per hour.") % {"max": MAX_QUOTA_PER_HOUR}
                ]
            }
        )
    token = secrets.token_urlsafe(24)
    link = VoiceLink.objects.create(
        organisation=ctx.organisation,
        token_hash=token_hash(token),
        quota_per_hour=quota_per_hour,
        created_on=clock.today(),
    )
    change_by(
        ctx,
        link,
        action="created",
        fields={"quota_per_hour": [None, quota_per_hour]},
    )
    return link, token


@transaction.atomic
def link_revoke(ctx: OrgContext, *, link: VoiceLink) -> VoiceLink:
    """The link stops working at once; what came in through it stays."""
    ctx.require(Perm.MODERATE_VOICE)
    if link.organisation_id != ctx.organisation.pk:
        raise VoiceLink.DoesNotExist
    if not link.revoked:
        link.revoked = True
        link.save(update_fields=["revoked"])
        change_by(
            ctx,
            link,
            action="revoked",
            fields={"revoked": [False, True]},
        )
    return link


def link_for(token: str) -> VoiceLink:
    """The working link of a token; ValidationError when it is unknown or revoked."""
    link = (
        VoiceLink.objects.select_related("organisation")
        .filter(token_hash=token_hash(token), revoked=False)
        .first()
    )
    if link is None:
        raise ValidationError(_("This link is not valid (any more)."))
    return link
