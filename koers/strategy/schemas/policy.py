"""API schemas of the AI policy's versions: their content, the comparison of two, editing a
draft, approvals and acknowledgements. Names start with Policy: the OpenAPI document knows a
schema by its name."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from koers.core.schema_types import Line, RequiredLine, Storable, Text
from koers.orgs.schemas import BodyIn, FromObject
from koers.strategy.models import PolicyApproval, PolicyVersion
from koers.strategy.policy.content import (
    MAX_DATA_CLASSES,
    MAX_SECTION_HTML,
    MAX_SECTIONS,
    MAX_TOOLS,
)
from koers.strategy.services.policy import MAX_COMMENT, MAX_SUMMARY

Status = Literal["draft", "in_review", "approved", "published", "superseded", "rejected"]
Change = Literal["added", "removed", "changed", "unchanged"]
AnswerOut = Literal["yes", "no", "conditional"]
# A section's, tool's or data class's key (koers.strategy.policy.content.Slug).
Key = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40), Storable
]
Name = Annotated[RequiredLine, Field(max_length=120)]
Description = Annotated[Line, Field(max_length=500)]


def _name(user: object) -> str | None:
    return (getattr(user, "name", "") or getattr(user, "email", "")) if user else None


class PolicyVersionOut(FromObject):
    id: int
    number: int
    status: Status = Field(
        description="draft, in_review (awaiting approval), approved, published, superseded (by a "
        "later published version) or rejected (sent back; a new draft took its place)."
    )
    summary: str = Field(description="What changed, in the words of whoever submitted it.")
    created_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    published_at: dt.datetime | None
    published_by: str | None

    @staticmethod
    def resolve_created_by(version: PolicyVersion) -> str | None:
        return _name(version.created_by)

    @staticmethod
    def resolve_published_by(version: PolicyVersion) -> str | None:
        return _name(version.published_by)


class PolicyVersionSectionOut(Schema):
    key: str = Field(description="Stays the same when the section is renumbered or renamed.")
    number: str = Field(description='The number the reader cites, e.g. "4.2".')
    title: str
    html: str = Field(description="The section's text as sanitised HTML.")
    text: str = Field(description="The same as plain text, one line per paragraph.")


class PolicyDataClassOut(Schema):
    key: str
    label: str
    description: str


class PolicyToolOut(Schema):
    key: str
    name: str
    description: str


class PolicyVersionCellOut(Schema):
    tool: str = Field(description="The tool's key.")
    data_class: str = Field(description="The data class's key.")
    answer: AnswerOut
    condition: str
    section: str | None = Field(description="The number of the section to read.")


class PolicyVersionContentOut(Schema):
    version: PolicyVersionOut
    language: Literal["nl", "en"]
    title: str
    sections: list[PolicyVersionSectionOut]
    data_classes: list[PolicyDataClassOut]
    tools: list[PolicyToolOut]
    cells: list[PolicyVersionCellOut] = Field(
        description="The filled-in cells of the matrix; a missing one is undecided."
    )
    authored: bool = Field(
        description="You started, edited or submitted this version, so you may not approve it."
    )


class PolicyDiffTitleOut(Schema):
    old: str
    new: str


class PolicyDiffSectionOut(Schema):
    key: str
    change: Change
    old_number: str | None
    new_number: str | None
    old_title: str | None
    new_title: str | None
    text: str = Field(
        description="The new text with removed words in <del> and added words in <ins>; every "
        "word is HTML-escaped."
    )


class PolicyDiffNameOut(Schema):
    key: str
    change: Change
    old: str | None = Field(description="The label or name before (null when added).")
    new: str | None = Field(description="The label or name after (null when removed).")


class PolicyDiffCellOut(Schema):
    tool: str = Field(description="The tool's name.")
    data_class: str = Field(description="The data class's label.")
    change: Change
    old: PolicyVersionCellOut | None
    new: PolicyVersionCellOut | None


class PolicyDiffOut(Schema):
    old: PolicyVersionOut
    new: PolicyVersionOut
    changed: bool = Field(description="False when the two versions read the same.")
    title: PolicyDiffTitleOut | None = Field(description="Present when the title changed.")
    sections: list[PolicyDiffSectionOut]
    data_classes: list[PolicyDiffNameOut] = Field(description="Added, renamed or removed only.")
    tools: list[PolicyDiffNameOut] = Field(description="Added, renamed or removed only.")
    cells: list[PolicyDiffCellOut] = Field(description="Added, changed or removed only.")


class PolicyStartIn(BodyIn):
    language: Literal["nl", "en"] = Field(description="The template's language: nl or en.")


class PolicySectionIn(BodyIn):
    key: Key = Field(description="The section's key, as the version's content gives it.")
    number: Annotated[Line, Field(max_length=8)] = Field(description='E.g. "4", "4.2", "4.2.1".')
    title: Name
    html: Annotated[Text, Field(max_length=MAX_SECTION_HTML)] = Field(
        "", description="Rich text; sanitised before it is stored (scripts and styles go)."
    )


class PolicySectionsIn(BodyIn):
    sections: list[PolicySectionIn] = Field(
        max_length=MAX_SECTIONS, description="The sections to change; the others stay."
    )


class PolicyCellIn(BodyIn):
    tool: Key = Field(description="The tool's key.")
    data_class: Key = Field(description="The data class's key.")
    answer: Literal["", "yes", "no", "conditional"] = Field(
        description='"" empties the cell (undecided).'
    )
    condition: Annotated[Line, Field(max_length=500)] = Field(
        "", description="Required for conditional."
    )
    section: Annotated[Line, Field(max_length=8)] = Field(
        "", description="The number of the section to read, or empty."
    )


class PolicyMatrixIn(BodyIn):
    cells: list[PolicyCellIn] = Field(
        max_length=MAX_TOOLS * MAX_DATA_CLASSES,
        description="The cells to set; the others stay as they are.",
    )


class PolicyToolIn(BodyIn):
    name: Name
    description: Description = ""


class PolicyToolRenameIn(BodyIn):
    key: Key = Field(description="The tool's key.")
    name: Name
    description: Description = ""


class PolicyDataClassIn(BodyIn):
    label: Name
    description: Description = ""


class PolicyDataClassRenameIn(BodyIn):
    key: Key = Field(description="The data class's key.")
    label: Name
    description: Description = ""


class PolicyKeyIn(BodyIn):
    key: Key


class PolicyAcknowledgeIn(BodyIn):
    version: int | None = Field(
        None,
        ge=1,
        le=1_000_000,
        description="The number of the version the member read: refused (422) when another "
        "version was published since, so nobody confirms a version they did not see.",
    )


class PolicySubmitIn(BodyIn):
    summary: Annotated[Text, Field(max_length=MAX_SUMMARY)] = Field(
        "", description="What changed, for the approvers."
    )


class PolicyDecisionIn(BodyIn):
    approve: bool = Field(description="True approves; false sends the version back.")
    comment: Annotated[Text, Field(max_length=MAX_COMMENT)] = Field(
        "", description="Required when sending back: what needs to change."
    )


class PolicyApprovalOut(FromObject):
    approver: str | None
    decision: Literal["approve", "send_back"]
    comment: str
    decided_at: dt.datetime

    @staticmethod
    def resolve_approver(approval: PolicyApproval) -> str | None:
        return _name(approval.approver)


class PolicyAcknowledgementOut(Schema):
    version: int = Field(description="The number of the version you confirmed.")
    acknowledged_at: dt.datetime


class PolicyAcknowledgementGroupOut(Schema):
    label: str = Field(
        description="A department, the merged small ones, or the whole organisation."
    )
    members: int
    acknowledged: int
    merged: bool = Field(description="Departments under the small-group rule, counted together.")


class PolicyAcknowledgementsOut(Schema):
    version: int = Field(description="The published version's number.")
    k: int = Field(description="The organisation's smallest group shown on its own.")
    groups: list[PolicyAcknowledgementGroupOut] = Field(
        description="Per department, largest first, then the merged small departments, and the "
        "whole organisation last. Counts only, never who."
    )


class PolicyRemindersOut(Schema):
    sent: int = Field(description="How many members got a reminder by e-mail.")
