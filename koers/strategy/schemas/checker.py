"""API schemas of the checker, tool requests and the published policy's JSON document. Names
start with Policy or Tool: the OpenAPI document knows a schema by its name."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from koers.core.schema_types import Line, RequiredLine, RequiredText, Text
from koers.orgs.schemas import BodyIn, FromObject
from koers.strategy.models import ToolRequest
from koers.strategy.policy.checker import MAX_QUERY
from koers.strategy.services.checker import MAX_ANSWER, MAX_PURPOSE

ToolName = Annotated[RequiredLine, Field(max_length=MAX_QUERY)]


class PolicySectionOut(Schema):
    number: str = Field(description='The number the reader cites, e.g. "4.2".')
    title: str
    text: str = Field(description="The section as plain text, one line per paragraph.")


class PolicyCellOut(Schema):
    tool: str = Field(description="The tool's name.")
    data_class: str = Field(description="The data class's key.")
    answer: Literal["yes", "no", "conditional"]
    condition: str
    section: str | None = Field(description="The number of the section to read.")


class PolicyMatrixOut(Schema):
    data_classes: list[str] = Field(description="The data classes' keys, in the policy's order.")
    cells: list[PolicyCellOut] = Field(
        description="The filled-in cells; a missing one is undecided."
    )


class PolicyDocumentOut(Schema):
    version: int
    language: Literal["nl", "en"]
    sections: list[PolicySectionOut]
    matrix: PolicyMatrixOut


class PolicyCheckQuery(Schema):
    tool: ToolName = Field(description="The tool's name; case, spacing and punctuation ignored.")
    data_class: ToolName = Field(description="A data class's key or label.")


class PolicyCheckOut(Schema):
    tool: str = Field(description="The tool as the policy names it (as asked when not listed).")
    data_class: str = Field(description="The data class's key.")
    answer: Literal["yes", "no", "conditional", "not_listed"] = Field(
        description="not_listed: not in the matrix or not decided yet; ask the programme team."
    )
    condition: str
    section: str | None


class ToolRequestIn(BodyIn):
    tool: ToolName
    data_class: Annotated[Line, Field(max_length=MAX_QUERY)] = Field(
        "", description="A data class's key or label, or empty."
    )
    purpose: Annotated[Text, Field(max_length=MAX_PURPOSE)] = ""


class ToolRequestAnswerIn(BodyIn):
    answer: Annotated[RequiredText, Field(max_length=MAX_ANSWER)]


class ToolRequestFilter(Schema):
    status: Literal["", "open", "answered"] = ""


class ToolRequestOut(FromObject):
    id: int
    tool: str
    data_class: str
    purpose: str
    status: str = Field(description="open or answered.")
    answer: str
    requested_by: str | None = Field(description="The name of the member who asked.")
    created_at: dt.datetime
    answered_at: dt.datetime | None

    @staticmethod
    def resolve_requested_by(request: ToolRequest) -> str | None:
        membership = request.requested_by
        return (membership.user.name or membership.user.email) if membership else None
