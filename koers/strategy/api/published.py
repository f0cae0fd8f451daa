"""What the strategy API's operations on the published policy share."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.errors import HttpError

from koers.orgs.tenancy import OrgContext
from koers.strategy.models import PolicyVersion
from koers.strategy.selectors.policy import published_version


def published_or_404(ctx: OrgContext) -> PolicyVersion:
    """The organisation's published policy version; 404 when it has none yet."""
    version = published_version(ctx.organisation)
    if version is None:
        raise HttpError(404, _("The organisation has not published an AI policy yet."))
    return version
