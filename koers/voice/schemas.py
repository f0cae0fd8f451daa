"""API schemas of Voice. What everyone reads (``PublishedItemOut``, ``VoiceThemeOut``) carries only
the published, redacted text and the departments the minimum-group-size rule allows; no schema
names the submitter of an anonymous item. Names that another app's schema has too start with
Voice: the OpenAPI document knows a schema by its name."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from koers.core.schema_types import Id, Ids, Line, Text
from koers.orgs.models import User
from koers.orgs.schemas import BodyIn, FromObject
from koers.voice import selectors, services
from koers.voice.models import Action, Answer, Item, Reply

REF = (
    "The item's reference: random, so that it says nothing about when the item came in or which "
    "came first (items have no public id)."
)

# The longest name of a theme (the model's).
ThemeName = Annotated[Line, Field(max_length=120)]


def _name(user: User | None) -> str | None:
    return (user.name or user.email) if user is not None else None


class VoiceActionOut(FromObject):
    id: int
    kind: str = Field(description="policy, training, usecase, sprint or commitment.")
    title: str
    status: str = Field(description="planned, in_progress, done or dropped.")
    usecase_id: int | None
    owner: str | None = Field(description="The owner's name (a member of the organisation).")
    due_on: dt.date | None

    @staticmethod
    def resolve_owner(action: Action) -> str | None:
        return _name(action.owner.user) if action.owner else None


class AnswerOut(FromObject):
    id: int
    item_ref: str | None = Field(description="The reference of the item answered.")
    theme_id: int | None
    body: str
    actions: list[VoiceActionOut]
    updated_on: dt.date

    @staticmethod
    def resolve_actions(answer: Answer) -> list[Action]:
        return list(answer.actions.select_related("owner__user"))

    @staticmethod
    def resolve_item_ref(answer: Answer) -> str | None:
        return answer.item.ref if answer.item is not None else None

    @staticmethod
    def resolve_updated_on(answer: Answer) -> dt.date:
        return answer.updated_at.date()


class PublishedItemOut(Schema):
    ref: str = Field(description=REF)
    category: str
    public_text: str = Field(description="The text as published: redacted and checked.")
    department: str | None = Field(
        description="Only where at least k concerns of its theme (or category) name departments "
        "and it cannot be worked out from the others; otherwise null."
    )
    theme_id: int | None
    published_on: dt.date | None
    support: int = Field(description='How many people said "me too".')
    supported: bool = Field(description='Whether you said "me too".')
    answers: list[AnswerOut] = Field(description="The answer to the item and to its theme.")


class ReplyOut(FromObject):
    position: int
    body: str
    from_submitter: bool
    author: str | None = Field(
        description="The team member who wrote it, or the submitter of an item raised by name; "
        "null for an anonymous submitter."
    )
    created_on: dt.date

    @staticmethod
    def resolve_author(reply: Reply) -> str | None:
        return _name(reply.author)


class VoiceItemOut(FromObject):
    """An item as moderators see it."""

    ref: str = Field(description=REF)
    kind: str = Field(description="concern or help.")
    category: str
    status: str = Field(description="new, published, withheld, picked_up or helped.")
    department_id: int | None
    text: str = Field(description="As submitted.")
    public_text: str = Field(description="As published (empty before).")
    proposed_public_text: str = Field(
        description="The text with the pre-redaction applied: the proposal for publishing."
    )
    redactions: list[dict[str, object]] = Field(
        description='What the pre-redaction found in text: [{"kind", "start", "end"}].'
    )
    anonymous: bool
    author: str | None = Field(description="The submitter's name; null when anonymous.")
    source: str = Field(description="form or scan.")
    theme_id: int | None
    created_on: dt.date = Field(description="The day only.")
    published_on: dt.date | None
    helper: str | None = Field(description="Who picked a help request up.")
    replies: list[ReplyOut]
    answers: list[AnswerOut]

    @staticmethod
    def resolve_proposed_public_text(item: Item) -> str:
        return services.redact_text(item.organisation, item.text)[0]

    @staticmethod
    def resolve_author(item: Item) -> str | None:
        return None if item.anonymous else _name(item.author)

    @staticmethod
    def resolve_helper(item: Item) -> str | None:
        return _name(item.helper.user) if item.helper else None

    @staticmethod
    def resolve_replies(item: Item) -> list[Reply]:
        return list(selectors.replies_of(item))

    @staticmethod
    def resolve_answers(item: Item) -> list[Answer]:
        return selectors.answers_for(item)


class ItemIn(BodyIn):
    kind: Line = Field("concern", description="concern or help.")
    text: Text = Field(description="What it is about.")
    category: Line = Field("", description="One of the categories; empty: suggested from the text.")
    department_id: Id | None = None
    anonymous: bool = Field(
        True, description="Anonymous: no name is stored and the answer is read with a case code."
    )


class RaisedOut(Schema):
    ref: str | None = Field(description="The item's reference; null when anonymous.")
    kind: str
    category: str
    status: str
    case_code: str | None = Field(
        description="Anonymous only, and only in this answer: the code to read the answer and "
        "reply with. Koers keeps only its hash."
    )


class PublishIn(BodyIn):
    public_text: Text
    category: Line
    department_id: Id | None = None
    allow_found: bool = Field(
        False,
        description="Publish although the redaction still finds personal data in public_text.",
    )


class WithholdIn(BodyIn):
    reason: Text


class DepartmentCountOut(Schema):
    department: str
    count: int


class VoiceThemeOut(Schema):
    id: int
    label: str = Field(
        description=(
            "Its name in the request's language: the moderator's name, else its computed name, "
            "else its first key terms."
        )
    )
    name: str = Field(description="A moderator's name for the theme; empty when it has none.")
    name_nl: str = Field(default="", description="Its name in Dutch, as `label` gives it.")
    name_en: str = Field(default="", description="Its name in English, as `label` gives it.")
    size: int = Field(description="Concerns in the theme (published ones only for non-moderators).")
    per_month: list[int] = Field(description="Concerns per month, oldest first; see months.")
    months: list[dt.date] = Field(description="The first day of each month of per_month.")
    departments: list[DepartmentCountOut] = Field(
        description="Only the departments the minimum-group-size rule allows."
    )
    cross_departmental: bool = Field(
        default=False, description="Three or more of the departments above (those shown)."
    )
    support: int
    manual: bool = Field(description="Made or changed by a moderator: recomputing keeps it.")
    answer: AnswerOut | None


class VoiceThemeRenameIn(BodyIn):
    name: ThemeName


class VoiceThemeMergeIn(BodyIn):
    into: Id = Field(description="The theme that keeps the concerns.")


class VoiceThemeSplitIn(BodyIn):
    item_refs: list[Annotated[Line, Field(max_length=20)]] = Field(
        description="The references of the concerns that move to the new theme.", max_length=1000
    )
    name: ThemeName


class AnswerIn(BodyIn):
    body: Text
    action_ids: Ids = Field(default_factory=list)


class ActionIn(BodyIn):
    kind: Line = Field("commitment", description="policy, training, usecase, sprint or commitment.")
    title: Annotated[Line, Field(max_length=200)] = Field(
        "", description="What will be done (a use case's title when empty)."
    )
    usecase_id: Id | None = None
    owner_id: Id | None = Field(None, description="The owner's membership id.")
    due_on: dt.date | None = None


class ActionStatusIn(BodyIn):
    status: Line = Field(description="planned, in_progress, done or dropped.")


class SupportOut(Schema):
    supporting: bool = Field(description='Whether you now say "me too".')
    support: int = Field(description='How many people say "me too".')
