"""What the scan's services share: role groups, token hashes, settings and parsed instruments."""

from __future__ import annotations

import datetime as dt
import hashlib

from cachetools import LRUCache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.diagnostic.instruments.schema import Instrument as Definition
from koers.diagnostic.models import (
    InstrumentVersion,
    RoleGroup,
    ScanSettings,
    Wave,
)
from koers.orgs.models import Organisation, Role
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

LEADERSHIP_ROLES = {Role.ADMIN, Role.LEAD}


def role_group(role: str) -> str:
    return RoleGroup.LEADERSHIP if role in LEADERSHIP_ROLES else RoleGroup.STAFF


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def scan_settings(organisation: Organisation) -> ScanSettings:
    found, _created = ScanSettings.objects.get_or_create(organisation=organisation)
    return found


# Parsed questions of frozen versions, which never change: (version id, created) -> definition,
# for the versions used most recently.
_DEFINITIONS: LRUCache[tuple[int, dt.datetime], Definition] = LRUCache(maxsize=64)


def definition_of(version: InstrumentVersion) -> Definition:
    """A version's questions, parsed once per process for a frozen version (the answering page
    and every submitted answer need them). ``version`` may come without its ``definition``
    loaded (``defer``); it is read only when not cached."""
    key = (version.pk, version.created_at)
    found = _DEFINITIONS.get(key) if version.frozen else None
    if found is None:
        found = Definition.model_validate(version.definition)
        if version.frozen:
            _DEFINITIONS[key] = found
    return found


def _own_wave(ctx: OrgContext, wave: Wave) -> None:
    ctx.require(Perm.MANAGE_SCANS)
    if wave.organisation_id != ctx.organisation.pk:
        raise ValidationError(_("This wave belongs to another organisation."))
