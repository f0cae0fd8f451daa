"""The use-case register over the API: the same selectors, services and permissions as the pages.

The path parameters resolve the organisation (404 for non-members), the operation's permission
(403) and the use case (404 for anyone else's) before the body is read (see ``koers.orgs.api``);
the service then checks the permission that depends on the use case (403) and validates (422)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router, Status

from koers.backlog.models.usecases import Comment, UseCase
from koers.backlog.schemas.usecases import (
    ChangeOut,
    CommentIn,
    CommentOut,
    MergeIn,
    SimilarIn,
    SimilarOut,
    StageIn,
    UseCaseFilterIn,
    UseCaseIn,
    UseCaseOut,
    UseCasePage,
    UseCasePatch,
    VoteOut,
    usecase_url,
)
from koers.backlog.selectors import usecases as selectors
from koers.backlog.selectors.usecases import VotedByMe
from koers.backlog.services import usecases as services
from koers.core.models import Change
from koers.core.selectors import change_list_for
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

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

router = Router(tags=["use cases"])

UseCaseId = PathEx[
    Annotated[int, of_organisation(UseCase)],
    P(description="The use case's id (not its UC- reference)."),
]


def _usecase(ctx: OrgContext, pk: int) -> UseCase:
    try:
        return selectors.usecase_get(organisation=ctx.organisation, pk=pk)
    except UseCase.DoesNotExist as error:
        raise Http404 from error


def _detail(ctx: OrgContext, usecase: UseCase) -> WithAnnotations[UseCase, VotedByMe]:
    """The use case as UseCaseOut reads it, fresh after a change (counters, timestamps)."""
    return selectors.usecase_get_with_vote(
        organisation=ctx.organisation, pk=usecase.pk, user_id=ctx.user.pk
    )


@router.get(
    "/orgs/{org}/usecases",
    response={200: UseCasePage, **ERRORS},
    summary="List, search and filter use cases",
    operation_id="usecase_list",
)
def usecase_list(
    request: HttpRequest, org: OrgSlug, filters: Query[UseCaseFilterIn]
) -> UseCasePage:
    ctx = api_org_context(request, org)
    found = selectors.usecase_list(
        organisation=ctx.organisation,
        filters=selectors.UseCaseFilter(
            q=filters.q.strip(),
            department=filters.department,
            stage=filters.stage or "",
            technique=filters.technique or "",
            personal_data=filters.personal_data or "",
            sort=filters.sort.value,
        ),
    )
    page = selectors.usecase_with_vote(found, user_id=ctx.user.pk)
    page = page[filters.offset : filters.offset + filters.limit]
    return UseCasePage.model_validate(
        {"count": found.count(), "limit": filters.limit, "offset": filters.offset, "items": page},
        context={"request": request},
    )


@router.post(
    "/orgs/{org}/usecases",
    response={201: UseCaseOut, **BODY_ERRORS},
    summary="Submit a use case",
    operation_id="usecase_create",
)
def usecase_create(
    request: HttpRequest, org: OrgSlugWith[str, Perm.SUBMIT_USECASE], payload: UseCaseIn
) -> Status:
    ctx = api_org_context(request, org)
    fields = payload.model_dump(exclude={"anonymous", "department_ids"})
    data = services.UseCaseData(**fields, department_ids=tuple(payload.department_ids))
    usecase = services.usecase_create(ctx, data=data, anonymous=payload.anonymous)
    return Status(201, _detail(ctx, usecase))


@router.post(
    "/orgs/{org}/usecases/similar",
    response={200: list[SimilarOut], **BODY_ERRORS},
    summary="Existing use cases like a new one",
    description=(
        "What the intake form shows while someone types: up to five use cases of the organisation "
        "most like the given title and problem, with the key terms they share. Fewer than three "
        "words give an empty list. Changes nothing."
    ),
    operation_id="usecase_similar",
)
def usecase_similar(
    request: HttpRequest, org: OrgSlugWith[str, Perm.SUBMIT_USECASE], payload: SimilarIn
) -> list[SimilarOut]:
    ctx = api_org_context(request, org)
    return [
        SimilarOut(
            id=match.usecase.pk,
            reference=match.usecase.reference,
            title=match.usecase.title,
            score=round(match.score, 3),
            terms=list(match.terms),
            url=usecase_url(request, match.usecase),
        )
        for match in selectors.intake_suggestions(ctx, title=payload.title, problem=payload.problem)
    ]


@router.get(
    "/orgs/{org}/usecases/{id}",
    response={200: UseCaseOut, **ERRORS},
    summary="Read a use case",
    operation_id="usecase_get",
)
def usecase_get(
    request: HttpRequest, org: OrgSlug, id: UseCaseId
) -> WithAnnotations[UseCase, VotedByMe]:
    ctx = api_org_context(request, org)
    return _detail(ctx, _usecase(ctx, id))


@router.patch(
    "/orgs/{org}/usecases/{id}",
    response={200: UseCaseOut, **BODY_ERRORS},
    summary="Change some fields of a use case",
    operation_id="usecase_update",
)
def usecase_update(
    request: HttpRequest,
    org: OrgSlug,
    id: UseCaseId,
    payload: UseCasePatch,
) -> WithAnnotations[UseCase, VotedByMe]:
    ctx = api_org_context(request, org)
    usecase = _usecase(ctx, id)
    services.usecase_update(ctx, usecase=usecase, changes=payload.model_dump(exclude_unset=True))
    return _detail(ctx, usecase)


@router.post(
    "/orgs/{org}/usecases/{id}/vote",
    response={200: VoteOut, **ERRORS},
    summary="Vote for a use case",
    operation_id="usecase_vote",
)
def usecase_vote(request: HttpRequest, org: OrgSlug, id: UseCaseId) -> VoteOut:
    return _vote(request, org, id, vote=True)


@router.delete(
    "/orgs/{org}/usecases/{id}/vote",
    response={200: VoteOut, **ERRORS},
    summary="Withdraw my vote",
    operation_id="usecase_unvote",
)
def usecase_unvote(request: HttpRequest, org: OrgSlug, id: UseCaseId) -> VoteOut:
    return _vote(request, org, id, vote=False)


def _vote(request: HttpRequest, org: str, pk: int, *, vote: bool) -> VoteOut:
    ctx = api_org_context(request, org)
    usecase = _usecase(ctx, pk)
    voted = services.usecase_vote(ctx, usecase=usecase, vote=vote)
    return VoteOut(voted=voted, vote_count=usecase.vote_count)


@router.post(
    "/orgs/{org}/usecases/{id}/stage",
    response={200: UseCaseOut, **BODY_ERRORS},
    summary="Move a use case along its lifecycle",
    description=(
        "Idea ↔ assessed needs an evangelist, lead or admin; every other move a lead or admin. "
        "Rejecting needs a reason."
    ),
    operation_id="usecase_change_stage",
)
def usecase_change_stage(
    request: HttpRequest,
    org: OrgSlug,
    id: UseCaseId,
    payload: StageIn,
) -> WithAnnotations[UseCase, VotedByMe]:
    ctx = api_org_context(request, org)
    usecase = _usecase(ctx, id)
    services.usecase_change_stage(
        ctx, usecase=usecase, stage=payload.stage.value, reason=payload.reason
    )
    return _detail(ctx, usecase)


@router.post(
    "/orgs/{org}/usecases/{id}/merge",
    response={200: UseCaseOut, **BODY_ERRORS},
    summary="Merge a duplicate into another use case",
    description=(
        "Lead or admin. Moves the votes (one per person), comments and departments of this use "
        "case to `into`, rejects this one as merged and records it in both histories. Answers "
        "with the use case that stays."
    ),
    operation_id="usecase_merge",
)
def usecase_merge(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.DECIDE_USECASE],
    id: UseCaseId,
    payload: MergeIn,
) -> WithAnnotations[UseCase, VotedByMe]:
    ctx = api_org_context(request, org)
    duplicate = _usecase(ctx, id)
    try:
        keep = selectors.usecase_get(organisation=ctx.organisation, pk=payload.into)
    except UseCase.DoesNotExist as error:
        raise ValidationError(
            {"into": _("There is no use case with this id in this organisation.")}
        ) from error
    keep = services.usecase_merge(ctx, duplicate=duplicate, keep=keep, note=payload.note)
    return _detail(ctx, keep)


@router.get(
    "/orgs/{org}/usecases/{id}/history",
    response={200: list[ChangeOut], **ERRORS},
    summary="The full change history of a use case, newest first",
    operation_id="usecase_history",
)
def usecase_history(request: HttpRequest, org: OrgSlug, id: UseCaseId) -> QuerySet[Change]:
    ctx = api_org_context(request, org)
    return change_list_for(obj=_usecase(ctx, id), organisation_id=ctx.organisation.pk)


@router.get(
    "/orgs/{org}/usecases/{id}/comments",
    response={200: list[CommentOut], **ERRORS},
    summary="Comments on a use case, oldest first",
    operation_id="comment_list",
)
def comment_list(request: HttpRequest, org: OrgSlug, id: UseCaseId) -> QuerySet[Comment]:
    ctx = api_org_context(request, org)
    return _usecase(ctx, id).comments.select_related("author")


@router.post(
    "/orgs/{org}/usecases/{id}/comments",
    response={201: CommentOut, **BODY_ERRORS},
    summary="Comment on a use case",
    operation_id="comment_create",
)
def comment_create(
    request: HttpRequest,
    org: OrgSlug,
    id: UseCaseId,
    payload: CommentIn,
) -> Status:
    ctx = api_org_context(request, org)
    usecase = _usecase(ctx, id)
    return Status(201, services.comment_create(ctx, usecase=usecase, body=payload.body))
