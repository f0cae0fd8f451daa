"""The use-case register over the API: the same selectors, services and permissions as the pages.

The path parameters resolve the organisation (404 for non-members), the operation's permission
(403) and the use case (404 for anyone else's) before the body is read (see ``koers.orgs.api``);
the service then checks the permission that depends on the use case (403) and validates (422)."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
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
)
from koers.backlog.selectors import usecases as selectors
from koers.backlog.services import usecases as services
from koers.core.models import Change
from koers.core.selectors import change_list_for
from koers.orgs.api import ERRORS, OrgSlug, OrgSlugWith, api_org_context, of_organisation
from koers.orgs.models import User
from koers.orgs.permissions import Perm
from koers.orgs.schemas import DepartmentRef
from koers.orgs.tenancy import OrgContext

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


def _person(user: User | None) -> str | None:
    return user.get_full_name() if user is not None else None


def _page_url(request: HttpRequest, ctx: OrgContext, usecase: UseCase) -> str:
    path = reverse("backlog:detail", kwargs={"org_slug": ctx.organisation.slug, "pk": usecase.pk})
    return request.build_absolute_uri(path)


def _usecase_out(
    request: HttpRequest, ctx: OrgContext, usecase: UseCase, *, voted: bool
) -> UseCaseOut:
    return UseCaseOut(
        id=usecase.pk,
        reference=usecase.reference,
        title=usecase.title,
        problem=usecase.problem,
        solution=usecase.solution,
        benefits=usecase.benefits,
        hours_saved_per_month=usecase.hours_saved_per_month,  # type: ignore[arg-type]
        other_value_eur_per_year=usecase.other_value_eur_per_year,  # type: ignore[arg-type]
        outputs=usecase.outputs,
        data_used=usecase.data_used,
        data_readiness=usecase.data_readiness,  # type: ignore[arg-type]
        personal_data=usecase.personal_data,  # type: ignore[arg-type]
        technique=usecase.technique,  # type: ignore[arg-type]
        effort=usecase.effort,  # type: ignore[arg-type]
        departments=[DepartmentRef(id=d.pk, name=d.name) for d in usecase.departments.all()],
        stage=usecase.stage,  # type: ignore[arg-type]
        rejection_reason=usecase.rejection_reason,
        merged_into=usecase.merged_into_id,
        anonymous=usecase.anonymous,
        external_id=usecase.external_id,
        vote_count=usecase.vote_count,
        comment_count=usecase.comment_count,
        voted_by_me=voted,
        # Never reveal who submitted an anonymous idea, even if a person was stored by mistake.
        submitted_by=None if usecase.anonymous else _person(usecase.submitted_by),
        created_at=usecase.created_at,
        updated_at=usecase.updated_at,
        url=_page_url(request, ctx, usecase),
    )


def _detail(request: HttpRequest, ctx: OrgContext, usecase: UseCase) -> UseCaseOut:
    usecase = _usecase(ctx, usecase.pk)  # fresh counters and timestamps after a change
    voted = selectors.usecase_voted_by(usecase=usecase, user_id=ctx.user.pk)
    return _usecase_out(request, ctx, usecase, voted=voted)


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
    qs = selectors.usecase_list(
        organisation=ctx.organisation,
        filters=selectors.UseCaseFilter(
            q=filters.q.strip(),
            department=filters.department,
            stage=filters.stage or "",
            technique=filters.technique or "",
            personal_data=filters.personal_data or "",
            sort=filters.sort.value,
        ),
    ).select_related("submitted_by")
    voted = selectors.usecase_ids_voted_by(organisation=ctx.organisation, user_id=ctx.user.pk)
    page = qs[filters.offset : filters.offset + filters.limit]
    return UseCasePage(
        count=qs.count(),
        limit=filters.limit,
        offset=filters.offset,
        items=[_usecase_out(request, ctx, u, voted=u.pk in voted) for u in page],
    )


@router.post(
    "/orgs/{org}/usecases",
    response={201: UseCaseOut, **ERRORS},
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
    return Status(201, _detail(request, ctx, usecase))


@router.post(
    "/orgs/{org}/usecases/similar",
    response={200: list[SimilarOut], **ERRORS},
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
            url=_page_url(request, ctx, match.usecase),
        )
        for match in selectors.intake_suggestions(ctx, title=payload.title, problem=payload.problem)
    ]


@router.get(
    "/orgs/{org}/usecases/{id}",
    response={200: UseCaseOut, **ERRORS},
    summary="Read a use case",
    operation_id="usecase_get",
)
def usecase_get(request: HttpRequest, org: OrgSlug, id: UseCaseId) -> UseCaseOut:
    ctx = api_org_context(request, org)
    return _detail(request, ctx, _usecase(ctx, id))


@router.patch(
    "/orgs/{org}/usecases/{id}",
    response={200: UseCaseOut, **ERRORS},
    summary="Change some fields of a use case",
    operation_id="usecase_update",
)
def usecase_update(
    request: HttpRequest,
    org: OrgSlug,
    id: UseCaseId,
    payload: UseCasePatch,
) -> UseCaseOut:
    ctx = api_org_context(request, org)
    usecase = _usecase(ctx, id)
    services.usecase_update(ctx, usecase=usecase, changes=payload.model_dump(exclude_unset=True))
    return _detail(request, ctx, usecase)


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
    response={200: UseCaseOut, **ERRORS},
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
) -> UseCaseOut:
    ctx = api_org_context(request, org)
    usecase = _usecase(ctx, id)
    services.usecase_change_stage(
        ctx, usecase=usecase, stage=payload.stage.value, reason=payload.reason
    )
    return _detail(request, ctx, usecase)


@router.post(
    "/orgs/{org}/usecases/{id}/merge",
    response={200: UseCaseOut, **ERRORS},
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
) -> UseCaseOut:
    ctx = api_org_context(request, org)
    duplicate = _usecase(ctx, id)
    try:
        keep = selectors.usecase_get(organisation=ctx.organisation, pk=payload.into)
    except UseCase.DoesNotExist as error:
        raise ValidationError(
            {"into": _("There is no use case with this id in this organisation.")}
        ) from error
    keep = services.usecase_merge(ctx, duplicate=duplicate, keep=keep, note=payload.note)
    return _detail(request, ctx, keep)


@router.get(
    "/orgs/{org}/usecases/{id}/history",
    response={200: list[ChangeOut], **ERRORS},
    summary="The full change history of a use case, newest first",
    operation_id="usecase_history",
)
def usecase_history(request: HttpRequest, org: OrgSlug, id: UseCaseId) -> list[ChangeOut]:
    ctx = api_org_context(request, org)
    usecase = _usecase(ctx, id)
    return [
        _change_out(c) for c in change_list_for(obj=usecase, organisation_id=ctx.organisation.pk)
    ]


def _change_out(change: Change) -> ChangeOut:
    return ChangeOut(
        id=change.pk,
        action=change.action,
        actor=_person(change.actor) if change.actor else (change.actor_label or None),
        fields=change.fields,
        note=change.note,
        created_at=change.created_at,
    )


@router.get(
    "/orgs/{org}/usecases/{id}/comments",
    response={200: list[CommentOut], **ERRORS},
    summary="Comments on a use case, oldest first",
    operation_id="comment_list",
)
def comment_list(request: HttpRequest, org: OrgSlug, id: UseCaseId) -> list[CommentOut]:
    ctx = api_org_context(request, org)
    usecase = _usecase(ctx, id)
    return [_comment_out(c) for c in usecase.comments.select_related("author")]


@router.post(
    "/orgs/{org}/usecases/{id}/comments",
    response={201: CommentOut, **ERRORS},
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
    comment = services.comment_create(ctx, usecase=usecase, body=payload.body)
    return Status(201, _comment_out(comment))


def _comment_out(comment: Comment) -> CommentOut:
    return CommentOut(
        id=comment.pk,
        author=_person(comment.author),
        body=comment.body,
        created_at=comment.created_at,
    )
