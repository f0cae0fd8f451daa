"""API schemas of the organisation's triages; the facts and the result are the engine's own
(``koers.triage.rules.schema``), so the API answers exactly what the engine does."""

from __future__ import annotations

import datetime as dt
from datetime import datetime

from ninja import Schema
from pydantic import Field

from koers.triage.rules.schema import Facts, Result


class TriageOut(Schema):
    usecase_id: int
    reference: str = Field(description="The use case's reference, e.g. UC-12.")
    status: str = Field(
        description="not_triaged (nothing saved yet), draft, needs_review, complete or signed_off."
    )
    facts: Facts
    result: Result
    pivotal: dict[str, list[str]] = Field(
        description="Fact → the outcomes that would change if that answer changed."
    )
    updated_by: str | None
    updated_at: datetime | None
    signed_off_by: str | None
    signed_off_at: datetime | None
    url: str = Field(description="The triage page.")
    rules_current: bool = Field(
        description="The result was made with the current rules (`result.law.version`); if not, "
        "it is listed by `GET /orgs/{org}/triage/reconfirm`."
    )


class PortfolioOut(Schema):
    total: int = Field(description="Use cases in the register (merged ones left out).")
    risk_group: dict[str, int] = Field(description="Use cases per risk group, and not_triaged.")
    dpia: dict[str, int] = Field(description="Use cases per DPIA outcome, and not_triaged.")
    transparency: dict[str, int] = Field(
        description="Use cases with (yes), without (no) or with an open (needs_review) "
        "transparency duty, and not_triaged."
    )
    needs_review: int = Field(description="Triages that need review or are unfinished (draft).")
    not_signed_off: int = Field(description="Complete triages not signed off yet.")
    open_reviews: int = Field(description="needs_review + not_signed_off.")
    reconfirm: int = Field(description="Triages made with older rules, to re-confirm.")


class OutcomeChangeOut(Schema):
    outcome: str = Field(description="type, risk_group, transparency, systemic_risk or dpia.")
    before: str | bool
    after: str | bool


class DateChangeOut(Schema):
    code: str
    before: dt.date | None = Field(description="Null: the older rules gave no date.")
    after: dt.date | None


class ReconfirmOut(Schema):
    usecase_id: int
    reference: str
    status: str
    rules_version: str = Field(description="The version of the rules the triage was made with.")
    changes_outcome: bool = Field(
        description="The current rules change an outcome or the obligations (not only dates or "
        "wording)."
    )
    outcomes: list[OutcomeChangeOut]
    added: list[str] = Field(description="Codes of the obligations the current rules add.")
    removed: list[str] = Field(description="Codes of the obligations they remove.")
    dates: list[DateChangeOut] = Field(description="Obligations kept whose date is new or moved.")
    after: Result = Field(description="The result under the current rules.")


class DueOut(Schema):
    code: str
    article: str
    usecase_ids: list[int]


class DueDateOut(Schema):
    date: dt.date | None = Field(description="Null: results made with rules that gave no dates.")
    applies: bool = Field(description="On or before today.")
    obligations: list[DueOut]
