"""Voice's themes over the API: the overview under the minimum-group-size rule, a moderator's
rename, merge and split, answers and "me too"."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import P, PathEx, Router

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
from koers.voice import selectors, services
from koers.voice.models import Answer, Theme
from koers.voice.schemas import (
    AnswerIn,
    AnswerOut,
    DepartmentCountOut,
    SupportOut,
    VoiceThemeMergeIn,
    VoiceThemeOut,
    VoiceThemeRenameIn,
    VoiceThemeSplitIn,
)
from koers.voice.services import themes

router = Router()

ThemeId = PathEx[Annotated[int, of_organisation(Theme)], P(description="The theme's id.")]


def _theme(ctx: OrgContext, pk: int) -> Theme:
    found = Theme.objects.filter(organisation=ctx.organisation, pk=pk).first()
    if found is None:
        raise Http404
    return found


def _themes_out(ctx: OrgContext) -> list[VoiceThemeOut]:
    overview = themes.theme_overview(
        ctx.organisation, published_only=not ctx.can(Perm.MODERATE_VOICE)
    )
    answers = {
        answer.theme_id: answer
        for answer in Answer.objects.filter(
            organisation=ctx.organisation, theme__in=[s.theme for s in overview.themes]
        )
    }
    return [
        VoiceThemeOut(
            id=summary.theme.pk,
            label=summary.label,
            name=summary.theme.name,
            name_nl=summary.theme.label_in("nl"),
            name_en=summary.theme.label_in("en"),
            cross_departmental=summary.cross_departmental,
            size=summary.size,
            per_month=summary.months,
            months=overview.months,
            departments=[
                DepartmentCountOut(department=name, count=n) for name, n in summary.departments
            ],
            support=summary.support,
            manual=summary.theme.manual,
            answer=AnswerOut.model_validate(answers[summary.theme.pk])
            if summary.theme.pk in answers
            else None,
        )
        for summary in overview.themes
    ]


def _theme_out(ctx: OrgContext, theme: Theme) -> VoiceThemeOut:
    for found in _themes_out(ctx):
        if found.id == theme.pk:
            return found
    return VoiceThemeOut(
        id=theme.pk,
        label=theme.label,
        name=theme.name,
        name_nl=theme.label_in("nl"),
        name_en=theme.label_in("en"),
        size=0,
        per_month=[],
        months=[],
        departments=[],
        support=0,
        manual=theme.manual,
        answer=None,
    )


@router.get(
    "/orgs/{org}/voice/themes",
    response={200: list[VoiceThemeOut], **ERRORS},
    summary="The themes of the concerns, largest first",
    description="Members see the themes of published concerns; moderators also count new ones. "
    "Departments are named only as the minimum-group-size rule allows.",
    operation_id="voice_themes",
)
def theme_list(request: HttpRequest, org: OrgSlug) -> list[VoiceThemeOut]:
    return _themes_out(api_org_context(request, org))


@router.patch(
    "/orgs/{org}/voice/themes/{id}",
    response={200: VoiceThemeOut, **BODY_ERRORS},
    summary="Rename a theme (moderators)",
    operation_id="voice_theme_rename",
)
def theme_rename(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MODERATE_VOICE],
    id: ThemeId,
    payload: VoiceThemeRenameIn,
) -> VoiceThemeOut:
    ctx = api_org_context(request, org)
    theme = _theme(ctx, id)
    themes.theme_rename(ctx, theme=theme, name=payload.name)
    return _theme_out(ctx, _theme(ctx, id))


@router.post(
    "/orgs/{org}/voice/themes/{id}/merge",
    response={200: VoiceThemeOut, **BODY_ERRORS},
    summary="Merge a theme into another (moderators)",
    description="Its concerns, answer and support move to the theme into; the answer is the "
    "merged theme.",
    operation_id="voice_theme_merge",
)
def theme_merge(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MODERATE_VOICE],
    id: ThemeId,
    payload: VoiceThemeMergeIn,
) -> VoiceThemeOut:
    ctx = api_org_context(request, org)
    theme = _theme(ctx, id)
    into = _theme(ctx, payload.into)
    kept = themes.theme_merge(ctx, theme=theme, into=into)
    return _theme_out(ctx, kept)


@router.post(
    "/orgs/{org}/voice/themes/{id}/split",
    response={201: VoiceThemeOut, **BODY_ERRORS},
    summary="Split concerns off a theme into a new theme (moderators)",
    operation_id="voice_theme_split",
)
def theme_split(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MODERATE_VOICE],
    id: ThemeId,
    payload: VoiceThemeSplitIn,
) -> tuple[int, VoiceThemeOut]:
    ctx = api_org_context(request, org)
    theme = _theme(ctx, id)
    ids = selectors.item_ids_of(ctx.organisation, payload.item_refs)
    made = themes.theme_split(ctx, theme=theme, item_ids=ids, name=payload.name)
    return 201, _theme_out(ctx, made)


@router.post(
    "/orgs/{org}/voice/themes/{id}/answer",
    response={200: AnswerOut, **BODY_ERRORS},
    summary="Answer a theme (or rewrite its answer), linking actions",
    operation_id="voice_theme_answer",
)
def theme_answer(
    request: HttpRequest, org: OrgSlugWith[str, Perm.MODERATE_VOICE], id: ThemeId, payload: AnswerIn
) -> Answer:
    ctx = api_org_context(request, org)
    theme = _theme(ctx, id)
    return services.answer_save(ctx, theme=theme, body=payload.body, action_ids=payload.action_ids)


@router.post(
    "/orgs/{org}/voice/themes/{id}/support",
    response={200: SupportOut, **ERRORS},
    summary='Say "me too" to a theme, or take it back',
    operation_id="voice_theme_support",
)
def theme_support(
    request: HttpRequest, org: OrgSlugWith[str, Perm.RAISE_CONCERN], id: ThemeId
) -> SupportOut:
    ctx = api_org_context(request, org)
    theme = _theme(ctx, id)
    supporting = services.support_toggle(ctx, theme=theme)
    return SupportOut(supporting=supporting, support=theme.supports.count())
