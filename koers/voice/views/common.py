"""What Voice's core pages share: the case code's cookies, and an item or action of the
organisation (404 when it is not there).

The case code never travels in a URL and is never kept on the server beside a person: the raise
page hands it over once through a short-lived signed cookie, and the case page keeps only the
code's hash in a signed cookie of its own (not in the session, which knows who is logged in).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect

from koers.core.http import get_or_404
from koers.orgs.tenancy import OrgContext
from koers.voice import selectors
from koers.voice.models import Action, Item

NEW_CODE_COOKIE = "koers_voice_new"
CASE_COOKIE = "koers_voice_case"
CASE_SALT = "koers.voice.case"
CASE_MAX_AGE = 2 * 60 * 60


def _item(ctx: OrgContext, pk: int) -> Item:
    return get_or_404(selectors.item_get, ctx.organisation, pk)


def _action(ctx: OrgContext, pk: int) -> Action:
    return get_or_404(selectors.action_get, ctx.organisation, pk)


def _to_item(ctx: OrgContext, item: Item) -> HttpResponse:
    return redirect("voice:item", org_slug=ctx.organisation.slug, pk=item.pk)
