"""What Voice's core pages share: the case code's cookies, and an item or action of the
organisation (404 when it is not there).

The case code never travels in a URL and is never kept on the server beside a person: the raise
page hands it over once through a short-lived signed cookie, and the case page keeps only the
code's hash in a signed cookie of its own (not in the session, which knows who is logged in).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from koers.core.http import get_or_404
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.voice import selectors
from koers.voice.models import Action, Item

NEW_CODE_COOKIE = "koers_voice_new"
CASE_COOKIE = "koers_voice_case"
CASE_SALT = "koers.voice.case"
CASE_MAX_AGE = 2 * 60 * 60


def _item(ctx: OrgContext, ref: str) -> Item:
    """The item, for anyone but a moderator it names: another moderator handles that one."""
    item = get_or_404(selectors.item_get, ctx.organisation, ref)
    if ctx.can(Perm.MODERATE_VOICE) and selectors.names_reader(ctx, item):
        raise PermissionDenied(
            _("This item names you, so another moderator (or an admin) handles it.")
        )
    return item


def _action(ctx: OrgContext, pk: int) -> Action:
    return get_or_404(selectors.action_get, ctx.organisation, pk)


def _to_item(ctx: OrgContext, item: Item) -> HttpResponse:
    return redirect("voice:item", org_slug=ctx.organisation.slug, ref=item.ref)
