"""API schemas for the use-case register, kept apart from the models."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Schema
from pydantic import Field

from koers.backlog.models.usecases import (
    Comment,
    DataReadiness,
    Effort,
    PersonalData,
    Stage,
    Technique,
    UseCase,
)
from koers.core.models import Change
from koers.core.schema_types import Count, Id, Ids, Line, RequiredText, Text
from koers.orgs.models import User
from koers.orgs.schemas import BodyIn, DepartmentRef, FromObject

# The orders of ``koers.backlog.selectors.usecases.SORTS`` (a test keeps them the same).
Sort = StrEnum(
    "Sort",
    {
        "newest": "newest",
        "oldest": "oldest",
        "votes": "votes",
        "title": "title",
        "stage": "stage",
        "reference": "reference",
    },
)


Title = Annotated[RequiredText, Field(max_length=300)]
DepartmentIds = Annotated[Ids, Field(min_length=1)]
# The bounds their digits allow (the model's max_digits and decimal_places).
Hours = Annotated[Decimal, Field(ge=0, le=Decimal("999999999.9"), max_digits=10, decimal_places=1)]
Euros = Annotated[
    Decimal, Field(ge=0, le=Decimal("999999999999.99"), max_digits=14, decimal_places=2)
]


def _name(user: User | None) -> str | None:
    return user.get_full_name() if user is not None else None


# Read from a use case of ``selectors.usecase_with_vote`` (it says ``voted_by_me``); the
# ``request`` of the validation context makes ``url`` absolute. (A docstring would be published.)
class UseCaseOut(FromObject):
    id: int
    reference: str = Field(description="The organisation's reference, e.g. UC-12.")
    title: str
    problem: str
    solution: str
    benefits: str
    hours_saved_per_month: float | None
    other_value_eur_per_year: float | None
    outputs: str
    data_used: str
    data_readiness: DataReadiness
    personal_data: PersonalData
    technique: Technique
    effort: Effort
    departments: list[DepartmentRef]
    stage: Stage
    rejection_reason: str
    merged_into: int | None = Field(
        validation_alias="merged_into_id",
        description="The id of the use case this one was merged into; null while it is not merged.",
    )
    anonymous: bool
    external_id: str
    vote_count: int
    comment_count: int
    voted_by_me: bool
    submitted_by: str | None = Field(description="The submitter's name; null when anonymous.")
    created_at: datetime
    updated_at: datetime
    url: str = Field(description="The use case's page in the web application.")

    @staticmethod
    def resolve_submitted_by(usecase: UseCase) -> str | None:
        # Never reveal who submitted an anonymous idea, even if a person was stored by mistake.
        return None if usecase.anonymous else _name(usecase.submitted_by)

    @staticmethod
    def resolve_url(usecase: UseCase, context: dict[str, Any]) -> str:
        return usecase_url(context["request"], usecase)


def usecase_url(request: HttpRequest, usecase: UseCase) -> str:
    """The use case's page, as an absolute address."""
    kwargs = {"org_slug": usecase.organisation.slug, "pk": usecase.pk}
    return request.build_absolute_uri(reverse("backlog:detail", kwargs=kwargs))


class UseCasePage(Schema):
    count: int = Field(description="How many use cases match the filters, over all pages.")
    limit: int
    offset: int
    items: list[UseCaseOut]


class UseCaseFilterIn(Schema):
    q: Line = Field("", description="Words in title, problem, solution or benefits, or UC-<n>.")
    department: Id | None = Field(None, description="Only use cases involving this department.")
    stage: Stage | None = None
    technique: Technique | None = None
    personal_data: PersonalData | None = None
    sort: Sort = Field(Sort.newest, description="Order of the results.")
    limit: int = Field(25, ge=1, le=100, description="Page size.")
    offset: Count = Field(0, description="How many results to skip.")


class UseCaseIn(BodyIn):
    """A new use case; the same required fields as the intake form."""

    title: Title
    problem: RequiredText
    solution: RequiredText
    benefits: Text = ""
    hours_saved_per_month: Hours | None = None
    other_value_eur_per_year: Euros | None = None
    outputs: Text = ""
    department_ids: DepartmentIds = Field(description="Departments involved.")
    data_used: Text = ""
    data_readiness: DataReadiness = DataReadiness.UNKNOWN
    personal_data: PersonalData = PersonalData.UNKNOWN
    technique: Technique = Technique.OTHER
    effort: Effort = Effort.UNKNOWN
    anonymous: bool = Field(
        False, description="Submit without storing who submitted it, not even in the history."
    )


class UseCasePatch(BodyIn):
    """Only the fields sent are changed; the rest keep their current value."""

    title: Title | None = None
    problem: RequiredText | None = None
    solution: RequiredText | None = None
    benefits: Text | None = None
    hours_saved_per_month: Hours | None = None
    other_value_eur_per_year: Euros | None = None
    outputs: Text | None = None
    department_ids: DepartmentIds | None = None
    data_used: Text | None = None
    data_readiness: DataReadiness | None = None
    personal_data: PersonalData | None = None
    technique: Technique | None = None
    effort: Effort | None = None


class StageIn(BodyIn):
    stage: Stage
    reason: Text = Field("", description="Required when rejecting.")


class VoteOut(Schema):
    voted: bool
    vote_count: int


class CommentIn(BodyIn):
    body: Text


class CommentOut(FromObject):
    id: int
    author: str | None
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author(comment: Comment) -> str | None:
        return _name(comment.author)


class ChangeOut(FromObject):
    id: int
    action: str = Field(description="created, updated, stage_changed, voted, commented, …")
    actor: str | None = Field(
        description="Who made the change; 'Anonymous' or null for anonymous and system changes."
    )
    fields: dict[str, list[Any]] = Field(description="Changed fields as {name: [old, new]}.")
    note: str
    created_at: datetime

    @staticmethod
    def resolve_actor(change: Change) -> str | None:
        return _name(change.actor) if change.actor else (change.actor_label or None)


class SimilarIn(BodyIn):
    """The start of a new use case, as typed on the intake form."""

    title: Line = ""
    problem: Text = ""


class SimilarOut(Schema):
    id: int
    reference: str
    title: str
    score: float = Field(description="Similarity from 0 (nothing alike) to 1 (the same text).")
    terms: list[str] = Field(description="The key terms both texts share: why it is suggested.")
    url: str = Field(description="The use case's page in the web application.")


class MergeIn(BodyIn):
    into: Id = Field(description="The id of the use case that stays.")
    note: Text = Field("", description="Recorded in the history of both.")
