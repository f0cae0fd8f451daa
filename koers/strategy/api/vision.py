"""The AI vision over the API: every member reads the current vision and its versions; the
leadership team (Perm.MANAGE_STRATEGY) composes it from the guided answers or saves an edited
text, as on the vision page. Each save that changes something is a new version."""

from __future__ import annotations

from typing import Annotated

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, Router
from ninja.errors import HttpError

from koers.orgs.api import (
    BODY_ERRORS,
    ERRORS,
    OrgSlug,
    OrgSlugWith,
    api_org_context,
    of_organisation,
)
from koers.orgs.permissions import Perm
from koers.strategy.models import VisionVersion
from koers.strategy.schemas.vision import VisionAnswersIn, VisionOut, VisionTextIn, VisionVersionOut
from koers.strategy.selectors.vision import vision_current, vision_get, vision_versions
from koers.strategy.services.vision import vision_compose, vision_edit

router = Router(tags=["strategy"])

VisionVersionId = PathEx[
    Annotated[int, of_organisation(VisionVersion)], P(description="The vision version's id.")
]


@router.get(
    "/orgs/{org}/strategy/vision",
    response={200: VisionOut, **ERRORS},
    summary="The current AI vision",
    description="The latest version, with the answers it was composed from. 404 when the "
    "organisation has no vision yet.",
    operation_id="strategy_vision",
)
def vision(request: HttpRequest, org: OrgSlug) -> VisionVersion:
    ctx = api_org_context(request, org)
    current = vision_current(ctx.organisation)
    if current is None:
        raise HttpError(404, _("The organisation has no AI vision yet."))
    return current


@router.get(
    "/orgs/{org}/strategy/vision/versions",
    response={200: list[VisionVersionOut], **ERRORS},
    summary="The vision's versions, newest first",
    operation_id="strategy_vision_versions",
)
def vision_version_list(request: HttpRequest, org: OrgSlug) -> QuerySet[VisionVersion]:
    ctx = api_org_context(request, org)
    return vision_versions(ctx.organisation)


@router.get(
    "/orgs/{org}/strategy/vision/versions/{id}",
    response={200: VisionOut, **ERRORS},
    summary="One version of the vision",
    operation_id="strategy_vision_version",
)
def vision_version(request: HttpRequest, org: OrgSlug, id: VisionVersionId) -> VisionVersion:
    ctx = api_org_context(request, org)
    try:
        return vision_get(ctx.organisation, id)
    except VisionVersion.DoesNotExist as error:
        raise Http404 from error


@router.post(
    "/orgs/{org}/strategy/vision/compose",
    response={200: VisionOut, **BODY_ERRORS},
    summary="Compose the vision from the answers to the guided questions",
    description="A new version whose text is composed again from the answers (replacing an "
    "edited text). The same answers as the current version change nothing.",
    operation_id="strategy_vision_compose",
)
def vision_compose_answers(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MANAGE_STRATEGY],
    payload: VisionAnswersIn,
) -> VisionVersion:
    ctx = api_org_context(request, org)
    return vision_compose(ctx, answers=payload.model_dump())


@router.put(
    "/orgs/{org}/strategy/vision/text",
    response={200: VisionOut, **BODY_ERRORS},
    summary="Save an edited text of the vision",
    description="A new version with this text; the answers stay. 422 when there is no vision "
    "to edit yet.",
    operation_id="strategy_vision_edit",
)
def vision_text(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MANAGE_STRATEGY],
    payload: VisionTextIn,
) -> VisionVersion:
    ctx = api_org_context(request, org)
    return vision_edit(ctx, text=payload.text)
