"""The moderators' themes pages: the overview with a recompute button, and one theme with its
concerns, where it is renamed, merged or split. Also "me too" on a theme, for every employee."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.forms import messages_add_errors
from koers.core.http import back_to, get_or_404
from koers.core.selectors import change_list_for
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.voice import selectors, services
from koers.voice.models import Theme
from koers.voice.services import themes


def _theme(ctx: OrgContext, pk: int | str | None) -> Theme:
    # ``pk`` may come from a form field: parsed inside, so that "abc" is a 404 too.
    return get_or_404(lambda: themes.theme_get(ctx, pk=int(pk or 0)))


def _to_theme(ctx: OrgContext, theme: Theme) -> HttpResponse:
    return redirect("voice:theme", org_slug=ctx.organisation.slug, pk=theme.pk)


@org_view(Perm.MODERATE_VOICE)
def themes_page(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    overview = themes.theme_overview(ctx.organisation, published_only=False)
    return TemplateResponse(request, "voice/themes.html", {"overview": overview})


@org_view(Perm.MODERATE_VOICE)
@require_POST
def themes_recompute(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    result = themes.themes_recompute_now(ctx)
    messages.success(
        request,
        _("Themes recomputed: %(themes)s themes from %(concerns)s concerns.")
        % {"themes": result.themes, "concerns": result.concerns},
    )
    return redirect("voice:themes", org_slug=ctx.organisation.slug)


@org_view(Perm.MODERATE_VOICE)
def theme_detail(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    theme = _theme(ctx, pk)
    overview = themes.theme_overview(ctx.organisation, published_only=False)
    summary = next((s for s in overview.themes if s.theme.pk == theme.pk), None)
    return TemplateResponse(
        request,
        "voice/themes_detail.html",
        {
            "theme": theme,
            "summary": summary,
            "overview": overview,
            "others": [s.theme for s in overview.themes if s.theme.pk != theme.pk],
            "history": change_list_for(obj=theme, organisation_id=ctx.organisation.pk),
        },
    )


@org_view(Perm.MODERATE_VOICE)
@require_POST
def theme_rename(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    theme = _theme(ctx, pk)
    try:
        themes.theme_rename(ctx, theme=theme, name=request.POST.get("name", ""))
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(request, _("The theme's name is saved."))
    return _to_theme(ctx, theme)


@org_view(Perm.MODERATE_VOICE)
@require_POST
def theme_merge(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    theme = _theme(ctx, pk)
    try:
        into = themes.theme_get(ctx, pk=int(request.POST.get("into") or 0))
    except (Theme.DoesNotExist, ValueError):
        messages.error(request, _("Choose the theme to merge this one into."))
        return _to_theme(ctx, theme)
    try:
        themes.theme_merge(ctx, theme=theme, into=into)
    except ValidationError as error:
        messages_add_errors(request, error)
        return _to_theme(ctx, theme)
    messages.success(request, _("The themes are merged."))
    return _to_theme(ctx, into)


@org_view(Perm.MODERATE_VOICE)
@require_POST
def theme_split(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    theme = _theme(ctx, pk)
    ids = selectors.item_ids_of(ctx.organisation, request.POST.getlist("items"))
    try:
        new = themes.theme_split(ctx, theme=theme, item_ids=ids, name=request.POST.get("name", ""))
    except ValidationError as error:
        messages_add_errors(request, error)
        return _to_theme(ctx, theme)
    messages.success(request, _("The new theme is made."))
    return _to_theme(ctx, new)


@org_view(Perm.RAISE_CONCERN)
@require_POST
def theme_support(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """ "Me too" on a published theme, or taken back; back to the "you said, we did" page."""
    theme = Theme.objects.filter(organisation=ctx.organisation, pk=pk).first()
    if theme is None or not themes.theme_is_public(theme):
        raise Http404
    try:
        now = services.support_toggle(ctx, theme=theme)
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(
            request, _("You support this theme.") if now else _("You no longer support it.")
        )
    back = back_to(request, within=f"/o/{ctx.organisation.slug}/voice/")
    return back or redirect("voice:said_did", org_slug=ctx.organisation.slug)
