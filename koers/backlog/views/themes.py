"""Pages of the insights app: the backlog's themes, and a lead's edits of them."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.backlog.forms.themes import GranularityForm, MergeForm, RenameForm, SplitForm
from koers.backlog.models.themes import Theme
from koers.backlog.selectors import themes as selectors
from koers.backlog.services import themes as services
from koers.core import clock
from koers.core.forms import form_add_errors
from koers.core.http import get_or_404
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view

# "Recomputed" is said on the first page shown this long after the computation finished; a
# request still open after WORKER_SLOW gets a hint about the worker.
JUST_DONE = timedelta(seconds=30)
WORKER_SLOW = timedelta(minutes=2)


@org_view(Perm.VIEW)
def theme_list(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    queued = services.themes_refresh(ctx.organisation)
    themes = selectors.theme_list(organisation=ctx.organisation)
    run = selectors.last_run(organisation=ctx.organisation)
    pending = selectors.pending_run(organisation=ctx.organisation)
    now = clock.now()
    return TemplateResponse(
        request,
        "backlog/theme_list.html",
        {
            "themes": themes,
            "run": run,
            "pending": pending,
            "pending_is_slow": pending is not None and now - pending.started_at > WORKER_SLOW,
            "just_done": run is not None
            and run.finished_at is not None
            and now - run.finished_at < JUST_DONE,
            "queued": queued,
            "cross": sum(t.cross_departmental for t in themes),
            "can_edit": ctx.can(Perm.DECIDE_USECASE),
            "granularity": GranularityForm(
                initial={"granularity": services.themes_granularity(ctx.organisation)}
            ),
        },
    )


def _theme(ctx: OrgContext, pk: int) -> Theme:
    return get_or_404(selectors.theme_get, organisation=ctx.organisation, pk=pk)


def _back(ctx: OrgContext, theme: Theme | None = None) -> HttpResponse:
    response = redirect("backlog:themes", org_slug=ctx.organisation.slug)
    if theme is not None:
        response["Location"] += f"#theme-{theme.number}"
    return response


@require_POST
@org_view(Perm.DECIDE_USECASE)
def theme_rename(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    theme = _theme(ctx, pk)
    form = RenameForm(request.POST)
    if form.is_valid():
        try:
            services.theme_rename(ctx, theme=theme, name=form.cleaned_data["name"])
        except ValidationError as error:
            form_add_errors(form, error)
    if form.errors:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        messages.success(
            request, _("The theme's name is saved; it stays when themes are recomputed.")
        )
    return _back(ctx, theme)


@require_POST
@org_view(Perm.DECIDE_USECASE)
def theme_merge(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    theme = _theme(ctx, pk)
    form = MergeForm(request.POST, theme=theme, prefix=f"m{theme.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose the theme to merge into."))
        return _back(ctx, theme)
    try:
        into = services.theme_merge(ctx, theme=theme, into=form.cleaned_data["into"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(ctx, theme)
    messages.success(request, _("The themes are merged."))
    return _back(ctx, into)


@require_POST
@org_view(Perm.DECIDE_USECASE)
def theme_split(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    theme = _theme(ctx, pk)
    form = SplitForm(request.POST, theme=theme)
    if form.is_valid():
        try:
            new = services.theme_split(
                ctx,
                theme=theme,
                usecase_ids=form.cleaned_data["usecases"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("The new theme is made; recomputation keeps it as it is."))
            return _back(ctx, new)
    messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return _back(ctx, theme)


@require_POST
@org_view(Perm.DECIDE_USECASE)
def theme_recompute(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    services.themes_recompute_request(ctx)
    return _back(ctx)


@require_POST
@org_view(Perm.DECIDE_USECASE)
def theme_granularity(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    form = GranularityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how fine the themes should be."))
        return _back(ctx)
    queued = services.themes_granularity_set(ctx, granularity=form.cleaned_data["granularity"])
    if queued is not None:
        messages.success(
            request, _("Saved: the themes are recomputed at this granularity, now and from now on.")
        )
    return _back(ctx)
