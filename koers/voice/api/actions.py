"""Voice's actions over the API: what the organisation does about the concerns."""

from __future__ import annotations

from typing import Annotated

from django.db.models import QuerySet
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
from koers.voice.models import Action
from koers.voice.schemas import ActionIn, ActionStatusIn, VoiceActionOut

router = Router()

ActionId = PathEx[Annotated[int, of_organisation(Action)], P(description="The action's id.")]


def _action(ctx: OrgContext, pk: int) -> Action:
    try:
        return selectors.action_get(ctx.organisation, pk)
    except Action.DoesNotExist as error:
        raise Http404 from error


@router.get(
    "/orgs/{org}/voice/actions",
    response={200: list[VoiceActionOut], **ERRORS},
    summary="What the organisation does about the concerns, by due date",
    operation_id="voice_actions",
)
def action_list(request: HttpRequest, org: OrgSlug) -> QuerySet[Action]:
    ctx = api_org_context(request, org)
    return selectors.actions_list(ctx.organisation)


@router.post(
    "/orgs/{org}/voice/actions",
    response={201: VoiceActionOut, **BODY_ERRORS},
    summary="Make an action (moderators)",
    description="A policy section, a training, a use case of the backlog (usecase_id), a sprint "
    "or a commitment, with an owner (a membership id) and a due date.",
    operation_id="voice_action_create",
)
def action_create(
    request: HttpRequest, org: OrgSlugWith[str, Perm.MODERATE_VOICE], payload: ActionIn
) -> tuple[int, Action]:
    ctx = api_org_context(request, org)
    action = services.action_create(
        ctx,
        kind=payload.kind,
        title=payload.title,
        usecase_id=payload.usecase_id,
        owner_id=payload.owner_id,
        due_on=payload.due_on,
    )
    return 201, _action(ctx, action.pk)


@router.patch(
    "/orgs/{org}/voice/actions/{id}",
    response={200: VoiceActionOut, **BODY_ERRORS},
    summary="Change an action's status (moderators)",
    operation_id="voice_action_status",
)
def action_status(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MODERATE_VOICE],
    id: ActionId,
    payload: ActionStatusIn,
) -> Action:
    ctx = api_org_context(request, org)
    action = _action(ctx, id)
    services.action_set_status(ctx, action=action, status=payload.status)
    return _action(ctx, id)
