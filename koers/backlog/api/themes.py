"""The insights API: the same selectors, services and permissions as the pages.

Themes are read by every member and edited by leads (``Perm.DECIDE_USECASE``); the analysis is the
document of ``koers analyze usecases`` for the organisation's open backlog."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, Router, Status

from koers.backlog.models.themes import Theme
from koers.backlog.models.usecases import UseCase
from koers.backlog.schemas.themes import (
    AnalysisOut,
    GranularityIn,
    GranularityOut,
    QueuedOut,
    ThemeMemberOut,
    ThemeMergeIn,
    ThemeOut,
    ThemeRenameIn,
    ThemesOut,
    ThemeSplitIn,
    UseCaseRef,
)
from koers.backlog.selectors import themes as selectors
from koers.backlog.selectors.analysis import backlog_analysis
from koers.backlog.selectors.themes import ThemeView
from koers.backlog.services import themes as services
from koers.orgs.api import (
    BODY_ERRORS,
    ERRORS,
    OrgSlug,
    OrgSlugWith,
    api_org_context,
    of_organisation,
)
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.textmine.naming import translate_terms

router = Router(tags=["themes and analysis"])

ThemeId = PathEx[
    Annotated[int, of_organisation(Theme)], P(description="The theme's id (not its number).")
]


def _theme(ctx: OrgContext, pk: int) -> Theme:
    try:
        return selectors.theme_get(organisation=ctx.organisation, pk=pk)
    except Theme.DoesNotExist as missing:
        raise Http404 from missing


def _ref(usecase: UseCase) -> UseCaseRef:
    return UseCaseRef(id=usecase.pk, reference=usecase.reference, title=usecase.title)


def _theme_out(view: ThemeView) -> ThemeOut:
    theme = view.theme
    return ThemeOut(
        id=theme.pk,
        number=theme.number,
        label=theme.label,
        name=theme.name,
        name_nl=theme.label_in("nl"),
        name_en=theme.label_in("en"),
        terms=theme.terms,
        terms_nl=translate_terms(theme.terms, "nl", view.language),
        terms_en=translate_terms(theme.terms, "en", view.language),
        size=view.size,
        departments=view.departments,
        cross_departmental=view.cross_departmental,
        manual=theme.manual,
        representative=_ref(theme.representative) if theme.representative else None,
        members=[
            ThemeMemberOut(
                id=m.usecase.pk, reference=m.usecase.reference, title=m.usecase.title, weak=m.weak
            )
            for m in view.members
        ],
    )


def _one(ctx: OrgContext, theme: Theme) -> ThemeOut:
    """The theme as the list shows it, after an edit."""
    views = selectors.theme_list(organisation=ctx.organisation)
    view = next(
        (v for v in views if v.theme.pk == theme.pk),
        ThemeView(theme, [], [], ctx.organisation.language),
    )
    return _theme_out(view)


@router.get(
    "/orgs/{org}/themes",
    response={200: ThemesOut, **ERRORS},
    summary="The backlog's themes, with their use cases and departments",
    description=(
        "What the themes page shows. Use cases added since the last computation are placed in "
        "the theme of the ones most like them; when the backlog changed a lot, a recomputation "
        "is queued (`recompute_queued`)."
    ),
    operation_id="theme_list",
)
def theme_list(request: HttpRequest, org: OrgSlug) -> ThemesOut:
    ctx = api_org_context(request, org)
    queued = services.themes_refresh(ctx.organisation)
    run = selectors.last_run(organisation=ctx.organisation)
    return ThemesOut(
        computed_at=run.finished_at if run else None,
        recompute_queued=queued,
        notes=run.notes if run else [],
        granularity=services.themes_granularity(ctx.organisation),
        themes=[_theme_out(v) for v in selectors.theme_list(organisation=ctx.organisation)],
    )


@router.post(
    "/orgs/{org}/themes/recompute",
    response={202: QueuedOut, **ERRORS},
    summary="Recompute the themes in the background",
    description="Lead or admin. Names and themes that leads made are kept.",
    operation_id="theme_recompute",
)
def theme_recompute(request: HttpRequest, org: OrgSlugWith[str, Perm.DECIDE_USECASE]) -> Status:
    from koers.backlog.tasks import recompute_themes

    ctx = api_org_context(request, org)
    recompute_themes.enqueue(ctx.organisation.pk)
    return Status(202, QueuedOut(detail=_("The themes are being recomputed.")))


@router.put(
    "/orgs/{org}/themes/granularity",
    response={200: GranularityOut, **BODY_ERRORS},
    summary="Ask for finer or coarser themes",
    description=(
        "Lead or admin. How fine the themes are, as a step from the granularity the data suggest "
        "(see `granularity` in the theme list). The setting is kept, every recomputation uses it, "
        "and the themes are recomputed with it in the background when it changes."
    ),
    operation_id="theme_granularity",
)
def theme_granularity(
    request: HttpRequest, org: OrgSlugWith[str, Perm.DECIDE_USECASE], payload: GranularityIn
) -> GranularityOut:
    ctx = api_org_context(request, org)
    queued = services.themes_granularity_set(ctx, granularity=payload.granularity)
    return GranularityOut(
        granularity=services.themes_granularity(ctx.organisation),
        recompute_queued=queued is not None,
    )


@router.patch(
    "/orgs/{org}/themes/{id}",
    response={200: ThemeOut, **BODY_ERRORS},
    summary="Rename a theme",
    description="Lead or admin. The name stays when the themes are recomputed.",
    operation_id="theme_rename",
)
def theme_rename(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.DECIDE_USECASE],
    id: ThemeId,
    payload: ThemeRenameIn,
) -> ThemeOut:
    ctx = api_org_context(request, org)
    theme = services.theme_rename(ctx, theme=_theme(ctx, id), name=payload.name)
    return _one(ctx, theme)


@router.post(
    "/orgs/{org}/themes/{id}/merge",
    response={200: ThemeOut, **BODY_ERRORS},
    summary="Merge a theme into another",
    description=(
        "Lead or admin. All use cases of this theme join `into`, which recomputation then keeps "
        "as it is; this theme is deleted. Answers with the theme that stays."
    ),
    operation_id="theme_merge",
)
def theme_merge(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.DECIDE_USECASE],
    id: ThemeId,
    payload: ThemeMergeIn,
) -> ThemeOut:
    ctx = api_org_context(request, org)
    theme = _theme(ctx, id)
    try:
        into = selectors.theme_get(organisation=ctx.organisation, pk=payload.into)
    except Theme.DoesNotExist as missing:
        raise ValidationError(
            {"into": _("There is no theme with this id in this organisation.")}
        ) from missing
    return _one(ctx, services.theme_merge(ctx, theme=theme, into=into))


@router.post(
    "/orgs/{org}/themes/{id}/split",
    response={201: ThemeOut, **BODY_ERRORS},
    summary="Split use cases off into a new theme",
    description=(
        "Lead or admin. The chosen use cases of this theme form a new theme with the given name, "
        "which recomputation keeps as it is. Answers with the new theme."
    ),
    operation_id="theme_split",
)
def theme_split(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.DECIDE_USECASE],
    id: ThemeId,
    payload: ThemeSplitIn,
) -> Status:
    ctx = api_org_context(request, org)
    new = services.theme_split(
        ctx, theme=_theme(ctx, id), usecase_ids=payload.usecases, name=payload.name
    )
    return Status(201, _one(ctx, new))


@router.get(
    "/orgs/{org}/analysis",
    response={200: AnalysisOut, **ERRORS},
    summary="The batch analysis of the open backlog",
    description=(
        "The JSON document of `koers analyze usecases` for the organisation's use cases that are "
        "not merged: themes, similar items, duplicates, the risk pre-screen and quick-win scores "
        "(with the organisation's weights). Each item adds `usecase_id` and `url`. Computed on "
        "each call; a backlog of thousands of use cases takes seconds."
    ),
    operation_id="backlog_analysis",
)
def analysis(request: HttpRequest, org: OrgSlug) -> dict[str, Any]:
    ctx = api_org_context(request, org)
    return backlog_analysis(ctx, absolute_url=request.build_absolute_uri)
