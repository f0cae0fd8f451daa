"""A moderator's edits of the themes: fetching, renaming, merging and splitting a theme."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.core.services import change_by
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.textmine.index import TextIndex
from koers.voice.models import Item, Theme
from koers.voice.services.themes.recompute import TERMS, clean_text

NAME_LENGTH = 120


def _own(ctx: OrgContext, *themes: Theme) -> None:
    if any(theme.organisation_id != ctx.organisation.pk for theme in themes):
        raise ValidationError(_("Themes can only be changed within one organisation."))


def _name(name: str, *, required: bool) -> str:
    name = name.strip()
    if len(name) > NAME_LENGTH or (required and not name):
        raise ValidationError(
            {"name": [_("Give the theme a name of at most %(most)s characters.") % {"most": 120}]}
        )
    return name


@transaction.atomic
def theme_rename(ctx: OrgContext, *, theme: Theme, name: str) -> Theme:
    """Name a theme (an empty name: label it by its key terms again)."""
    ctx.require(Perm.MODERATE_VOICE)
    _own(ctx, theme)
    name = _name(name, required=False)
    old = theme.name
    if name != old:
        theme.name = name
        theme.save(update_fields=["name"])
        change_by(ctx, theme, action="updated", fields={"name": [old, name]})
    return theme


@transaction.atomic
def theme_merge(ctx: OrgContext, *, theme: Theme, into: Theme) -> Theme:
    """``theme``'s concerns, answers and "me too"s join ``into``, which recomputation from now on
    keeps as the moderator made it."""
    ctx.require(Perm.MODERATE_VOICE)
    _own(ctx, theme, into)
    if theme.pk == into.pk:
        raise ValidationError(_("A theme cannot be merged into itself."))
    before = into.items.count()
    theme.items.update(theme=into)
    theme.answers.update(theme=into)
    # "Me too" stays one per person: who supported both keeps one.
    both = into.supports.values("membership_id")
    theme.supports.filter(membership_id__in=both).delete()
    theme.supports.update(theme=into)
    if not into.name:
        into.name = into.label
    into.manual = True
    into.save(update_fields=["name", "manual"])
    change_by(
        ctx,
        into,
        action="updated",
        fields={"concerns": [before, into.items.count()]},
        note=_("Merged theme “%(label)s” into this one.") % {"label": theme.label},
    )
    change_by(
        ctx,
        theme,
        action="deleted",
        fields={"name": [theme.label, None]},
        note=_("Merged into theme “%(label)s”.") % {"label": into.label},
    )
    theme.delete()
    return into


@transaction.atomic
def theme_split(ctx: OrgContext, *, theme: Theme, item_ids: Iterable[int], name: str) -> Theme:
    """The chosen concerns leave ``theme`` for a new theme that recomputation keeps as it is."""
    ctx.require(Perm.MODERATE_VOICE)
    _own(ctx, theme)
    chosen = list(theme.items.filter(pk__in=list(item_ids)).order_by("pk"))
    if not chosen:
        raise ValidationError({"items": [_("Choose the concerns that form the new theme.")]})
    if len(chosen) == theme.items.count():
        raise ValidationError({"items": [_("Leave at least one concern in the theme.")]})
    name = _name(name, required=True)
    before = theme.items.count()
    index = TextIndex(
        [clean_text(item) for item in theme.items.order_by("pk")],
        embeddings=False,
        language=theme.organisation.language,
    )
    order = list(theme.items.order_by("pk").values_list("pk", flat=True))
    new = Theme.objects.create(
        organisation=theme.organisation,
        name=name,
        manual=True,
        terms=index.key_terms([order.index(item.pk) for item in chosen], TERMS),
    )
    Item.objects.filter(pk__in=[item.pk for item in chosen]).update(theme=new)
    theme.manual = True
    if not theme.name:
        theme.name = theme.label
    theme.save(update_fields=["name", "manual"])
    change_by(
        ctx,
        new,
        action="created",
        fields={"name": [None, name], "concerns": [None, len(chosen)]},
        note=_("Split off from theme “%(label)s”.") % {"label": theme.label},
    )
    change_by(
        ctx,
        theme,
        action="updated",
        fields={"concerns": [before, before - len(chosen)]},
        note=_("Theme “%(label)s” was split off.") % {"label": name},
    )
    return new


def theme_get(ctx: OrgContext, *, pk: int) -> Theme:
    ctx.require(Perm.MODERATE_VOICE)
    return Theme.objects.get(organisation=ctx.organisation, pk=pk)
