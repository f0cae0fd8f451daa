"""API schemas of the AI vision. Names start with Vision: the OpenAPI document knows a schema by
its name."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from koers.core.schema_types import Text
from koers.orgs.schemas import BodyIn, FromObject
from koers.strategy.models import VisionVersion
from koers.strategy.services.vision import MAX_ANSWER, MAX_TEXT

Answer = Annotated[Text, Field(max_length=MAX_ANSWER)]


class VisionVersionOut(FromObject):
    id: int
    number: int = Field(description="1 for the first version, one more for each save.")
    composed: bool = Field(
        description="True: the text as composed from the answers; false: edited by hand."
    )
    created_by: str | None = Field(description="The name of whoever saved this version.")
    created_at: dt.datetime

    @staticmethod
    def resolve_created_by(version: VisionVersion) -> str | None:
        user = version.created_by
        return (user.name or user.email) if user else None


class VisionOut(VisionVersionOut):
    text: str = Field(
        description='The one-page vision as plain text: a line starting with "## " is a heading, '
        "a blank line separates paragraphs."
    )
    ambition: str
    value: str
    not_doing: str
    people: str
    measures: str


class VisionAnswersIn(BodyIn):
    ambition: Answer = Field(
        "",
        description="What do we want to achieve with AI in the next one to three years? Required.",
    )
    value: Answer = Field("", description="Where should AI create value for us first?")
    not_doing: Answer = Field("", description="What will we not do with AI?")
    people: Answer = Field("", description="How do we treat our people, and what happens to jobs?")
    measures: Answer = Field("", description="How will we know it works?")


class VisionTextIn(BodyIn):
    text: Annotated[Text, Field(max_length=MAX_TEXT)] = Field(
        description='The vision as plain text; a line starting with "## " is a heading.'
    )
