""" "Me too": supporting a published concern or a theme, or taking it back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from koers.orgs.permissions import Perm
from koers.voice.models import Item, Kind, Status, Support, Theme
from koers.voice.services.common import _own

if TYPE_CHECKING:
    from koers.orgs.tenancy import OrgContext


def support_toggle(
    ctx: OrgContext, *, item: Item | None = None, theme: Theme | None = None
) -> bool:
    """ "Me too" on a published concern or a theme, or taken back. True: now supporting. No
    history is written: who supports what is never shown."""
    ctx.require(Perm.RAISE_CONCERN)
    if (item is None) == (theme is None):
        raise ValidationError(_("Support one item or one theme."))
    subject: Item | Theme = item if item is not None else theme  # type: ignore[assignment]
    _own(ctx, subject)
    if item is not None:
        item = Item.objects.get(pk=item.pk)
    if item is not None and (item.kind != Kind.CONCERN or item.status != Status.PUBLISHED):
        raise ValidationError(_("Only published concerns can be supported."))
    if not ctx.membership.pk:
        raise ValidationError(_("Only members of the organisation can say 'me too'."))
    lookup: dict[str, Any] = {"item": item} if item is not None else {"theme": theme}
    with transaction.atomic():
        existing = Support.objects.filter(membership=ctx.membership, **lookup)
        if existing.exists():
            existing.delete()
            return False
        try:
            with transaction.atomic():
                Support.objects.create(membership=ctx.membership, **lookup)
        except IntegrityError:
            pass
    return True
