"""The wall of wins over the API: the published stories (every member), writing a story, the
consent of the people it names, publishing and withdrawing (the leadership team and the use
case's owner), reactions and "can we have this too?" (every member)."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import P, PathEx, Query, Router, Schema

from koers.backlog.selectors.usecases import usecase_get
from koers.core.http import get_or_404
from koers.core.schema_types import Id
from koers.orgs.api import BODY_ERRORS, ERRORS, OrgSlug, OrgSlugWith, api_org_context
from koers.orgs.api import of_organisation as of_org
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext
from koers.sprints.models.stories import NamedPerson, Story
from koers.sprints.schemas.stories import (
    StoryConsentIn,
    StoryConsentWithdrawIn,
    StoryFieldsIn,
    StoryIn,
    StoryOut,
    StoryPersonOut,
    StoryReactionIn,
    StoryReactionOut,
    StorySimilarOut,
    StoryWantIn,
    StoryWantOut,
    StoryWithdrawIn,
)
from koers.sprints.selectors import stories as selectors
from koers.sprints.services import stories as services

router = Router(tags=["wall of wins"])

StoryId = PathEx[Annotated[int, of_org(Story)], P(description="The story's id.")]


class StoryFilter(Schema):
    department_id: Id | None = None


def _story(ctx: OrgContext, pk: int) -> Story:
    """A published story, or one the caller may write; 404 for everything else."""
    story = get_or_404(selectors.story_get, organisation=ctx.organisation, pk=pk)
    if story.state != Story.State.PUBLISHED and not services.story_can_write(
        ctx, usecase=story.usecase
    ):
        raise Http404
    return story


def _person(story: Story, pk: int) -> NamedPerson:
    return get_or_404(selectors.person_get, story=story, pk=pk)


def _out(ctx: OrgContext, story: Story) -> StoryOut:
    parts = selectors.story_html_parts(story)
    writer = services.story_can_write(ctx, usecase=story.usecase)
    return StoryOut(
        id=story.pk,
        usecase_id=story.usecase_id,
        usecase=str(story.usecase),
        title=story.title,
        problem=str(parts["problem"]),
        built=str(parts["built"]),
        result=str(parts["result"]),
        quote=story.quote,
        quote_by=story.quote_by,
        next_steps=str(parts["next_steps"]),
        has_image=bool(story.image),
        state=story.state,
        published_at=story.published_at,
        people=[StoryPersonOut.model_validate(p) for p in story.people.all()] if writer else [],
        reactions=[
            StoryReactionOut(kind=r.kind, count=r.count, mine=r.mine)
            for r in selectors.reaction_counts(story=story, user_id=ctx.user.pk)
        ],
        requests=story.requests.count(),
    )


def _data(payload: StoryFieldsIn) -> services.StoryData:
    return services.StoryData(
        title=payload.title,
        problem=payload.problem,
        built=payload.built,
        result=payload.result,
        quote=payload.quote,
        quote_by=payload.quote_by,
        next_steps=payload.next_steps,
        people=tuple(payload.people),
    )


@router.get(
    "/orgs/{org}/stories",
    response={200: list[StoryOut], **ERRORS},
    summary="The wall of wins: the published stories, newest first",
    description="Filter: department_id (stories of that department's use cases). At most 100.",
    operation_id="stories",
)
def story_list(request: HttpRequest, org: OrgSlug, filters: Query[StoryFilter]) -> list[StoryOut]:
    ctx = api_org_context(request, org)
    found = selectors.wall(organisation=ctx.organisation, department=filters.department_id)
    return [_out(ctx, story) for story in found[:100]]


@router.post(
    "/orgs/{org}/stories",
    response={201: StoryOut, **BODY_ERRORS},
    summary="Write a story of a use case in pilot or live (a draft)",
    description="The leadership team, and the use case's owner. The text parts are sanitised.",
    operation_id="story_create",
)
def story_create(request: HttpRequest, org: OrgSlug, payload: StoryIn) -> tuple[int, StoryOut]:
    ctx = api_org_context(request, org)
    usecase = get_or_404(usecase_get, organisation=ctx.organisation, pk=payload.usecase_id)
    story = services.story_create(ctx, usecase=usecase, data=_data(payload))
    return 201, _out(ctx, story)


@router.get(
    "/orgs/{org}/stories/{id}",
    response={200: StoryOut, **ERRORS},
    summary="One story",
    description="A draft or withdrawn story only for those who may write it.",
    operation_id="story",
)
def story_get(request: HttpRequest, org: OrgSlug, id: StoryId) -> StoryOut:
    ctx = api_org_context(request, org)
    return _out(ctx, _story(ctx, id))


@router.put(
    "/orgs/{org}/stories/{id}",
    response={200: StoryOut, **BODY_ERRORS},
    summary="Change a story that is not on the wall",
    description="The people still named keep their consent.",
    operation_id="story_update",
)
def story_update(
    request: HttpRequest,
    org: OrgSlug,
    id: StoryId,
    payload: StoryFieldsIn,
) -> StoryOut:
    ctx = api_org_context(request, org)
    story = services.story_update(ctx, story=_story(ctx, id), data=_data(payload))
    return _out(ctx, story)


@router.post(
    "/orgs/{org}/stories/{id}/consents",
    response={200: StoryPersonOut, **BODY_ERRORS},
    summary="Record that a person named in the story consents",
    description="Who recorded it and when are kept with how the person agreed.",
    operation_id="story_consent_record",
)
def consent_record(
    request: HttpRequest,
    org: OrgSlug,
    id: StoryId,
    payload: StoryConsentIn,
) -> NamedPerson:
    ctx = api_org_context(request, org)
    person = _person(_story(ctx, id), payload.person_id)
    return services.consent_record(ctx, person=person, how=payload.how)


@router.post(
    "/orgs/{org}/stories/{id}/consents/withdraw",
    response={200: StoryPersonOut, **BODY_ERRORS},
    summary="Record that a person withdrew their consent",
    description="A published story leaves the wall at once.",
    operation_id="story_consent_withdraw",
)
def consent_withdraw(
    request: HttpRequest,
    org: OrgSlug,
    id: StoryId,
    payload: StoryConsentWithdrawIn,
) -> NamedPerson:
    ctx = api_org_context(request, org)
    person = _person(_story(ctx, id), payload.person_id)
    return services.consent_withdraw(ctx, person=person)


@router.post(
    "/orgs/{org}/stories/{id}/publish",
    response={200: StoryOut, **ERRORS},
    summary="Put the story on the wall of wins",
    description="Only when the problem, what was built and the result are told and everyone "
    "named has consented.",
    operation_id="story_publish",
)
def story_publish(request: HttpRequest, org: OrgSlug, id: StoryId) -> StoryOut:
    ctx = api_org_context(request, org)
    return _out(ctx, services.story_publish(ctx, story=_story(ctx, id)))


@router.post(
    "/orgs/{org}/stories/{id}/withdraw",
    response={200: StoryOut, **BODY_ERRORS},
    summary="Take a published story off the wall",
    operation_id="story_withdraw",
)
def story_withdraw(
    request: HttpRequest,
    org: OrgSlug,
    id: StoryId,
    payload: StoryWithdrawIn,
) -> StoryOut:
    ctx = api_org_context(request, org)
    return _out(ctx, services.story_withdraw(ctx, story=_story(ctx, id), reason=payload.reason))


@router.post(
    "/orgs/{org}/stories/{id}/reactions",
    response={200: list[StoryReactionOut], **BODY_ERRORS},
    summary="React to a published story, or take the reaction back",
    description="One reaction of each kind per person: applause, inspiring, useful.",
    operation_id="story_react",
)
def story_react(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.REACT_TO_STORIES],
    id: StoryId,
    payload: StoryReactionIn,
) -> list[StoryReactionOut]:
    ctx = api_org_context(request, org)
    story = _story(ctx, id)
    services.reaction_set(ctx, story=story, kind=payload.kind, on=payload.on)
    return [
        StoryReactionOut(kind=r.kind, count=r.count, mine=r.mine)
        for r in selectors.reaction_counts(story=story, user_id=ctx.user.pk)
    ]


@router.post(
    "/orgs/{org}/stories/{id}/requests",
    response={200: StoryWantOut, 201: StoryWantOut, **BODY_ERRORS},
    summary='"Can we have this too?": a request on the backlog for a department',
    description="A new use case (an idea) for the department, linked to the story; 200 with the "
    "earlier one when the department asked before, or, without add_anyway, with the department's "
    "use cases that the duplicate check finds like it (similar) and nothing asked.",
    operation_id="story_request",
)
def story_request(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.SUBMIT_USECASE],
    id: StoryId,
    payload: StoryWantIn,
) -> tuple[int, StoryWantOut]:
    ctx = api_org_context(request, org)
    asked = services.story_request(
        ctx,
        story=_story(ctx, id),
        department_id=payload.department_id,
        add_anyway=payload.add_anyway,
    )
    if asked.request is None:
        return 200, StoryWantOut(
            usecase_id=None,
            reference=None,
            department_id=asked.department_id,
            created=False,
            similar=[
                StorySimilarOut(
                    usecase_id=match.usecase.pk,
                    reference=match.usecase.reference,
                    title=match.usecase.title,
                    score=match.score,
                )
                for match in asked.similar
            ],
        )
    usecase = asked.request.usecase
    return 201 if asked.created else 200, StoryWantOut(
        usecase_id=usecase.pk,
        reference=usecase.reference,
        department_id=asked.request.department_id,
        created=asked.created,
    )
