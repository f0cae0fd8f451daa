"""API schemas of the wall of wins. Names start with Story or Win: the OpenAPI document knows a
schema by its name."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from koers.core.schema_types import Id, Line, RequiredLine, Text
from koers.orgs.schemas import BodyIn, FromObject
from koers.sprints.models.stories import Reaction
from koers.sprints.services.stories import MAX_NAME, MAX_PART, MAX_PEOPLE, MAX_QUOTE, MAX_TITLE

Part = Annotated[Text, Field(max_length=MAX_PART)]
Name = Annotated[Line, Field(max_length=MAX_NAME)]


class StoryFieldsIn(BodyIn):
    title: Annotated[RequiredLine, Field(max_length=MAX_TITLE)]
    problem: Part = Field(
        "",
        description="The problem, as text: an empty line starts a new "
        "paragraph, a line starting with - is a bullet, **bold**.",
    )
    built: Part = Field("", description="What the team built (text as for problem).")
    result: Part = Field("", description="The result in numbers (text as for problem).")
    quote: Annotated[Text, Field(max_length=MAX_QUOTE)] = ""
    quote_by: Name = Field("", description="Who said the quote; named, so asked for consent.")
    next_steps: Part = Field("", description="What's next (text as for problem).")
    people: Annotated[list[Name], Field(max_length=MAX_PEOPLE)] = Field(
        default_factory=list, description="The people the story names; each must consent."
    )


class StoryIn(StoryFieldsIn):
    usecase_id: Id = Field(description="The use case (in pilot or live) the story tells of.")


class StoryPersonOut(FromObject):
    id: int
    name: str
    consents: bool
    consented_at: dt.datetime | None
    consent_how: str
    consent_recorded_by: str | None
    withdrawn_at: dt.datetime | None

    @staticmethod
    def resolve_consent_recorded_by(obj: object) -> str | None:
        user = getattr(obj, "consent_recorded_by", None)
        return str(user.name or user.email) if user is not None else None


class StoryReactionOut(Schema):
    kind: str
    count: int
    mine: bool


class StoryOut(Schema):
    id: int
    usecase_id: int
    usecase: str = Field(description="The use case's reference and title.")
    title: str
    problem: str = Field(description="Sanitised HTML.")
    built: str = Field(description="Sanitised HTML.")
    result: str = Field(description="Sanitised HTML.")
    quote: str
    quote_by: str
    next_steps: str = Field(description="Sanitised HTML.")
    has_image: bool
    state: str = Field(description="draft, published or withdrawn.")
    published_at: dt.datetime | None
    people: list[StoryPersonOut] = Field(description="Only for those who may write the story.")
    reactions: list[StoryReactionOut]
    requests: int = Field(description="How many departments asked for this too.")


class StoryConsentIn(BodyIn):
    person_id: Id
    how: Annotated[RequiredLine, Field(max_length=300)] = Field(
        description="How the person agreed (in person, by e-mail on 3 March)."
    )


class StoryConsentWithdrawIn(BodyIn):
    person_id: Id


class StoryWithdrawIn(BodyIn):
    reason: Line = ""


class StoryReactionIn(BodyIn):
    kind: Reaction.Kind
    on: bool = Field(True, description="false takes the reaction back.")


class StoryWantIn(BodyIn):
    department_id: Id | None = Field(
        None, description="The department that wants it; the caller's own when left out."
    )
    add_anyway: bool = Field(
        False, description="Ask even when the department has use cases like it (see similar)."
    )


class StorySimilarOut(Schema):
    usecase_id: int
    reference: str
    title: str
    score: float


class StoryWantOut(Schema):
    usecase_id: int | None = Field(
        description="The new (or earlier) request on the backlog; null when nothing was asked."
    )
    reference: str | None
    department_id: int
    created: bool = Field(description="false: the department had asked before, or see similar.")
    similar: list[StorySimilarOut] = Field(
        default_factory=list,
        description="When nothing was asked: the department's use cases like this one.",
    )
