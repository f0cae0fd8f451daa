"""Reading triages, always within one organisation: a use case's triage with what would change
it, the preview of changed answers, and the portfolio counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from koers.backlog.selectors.usecases import usecase_register
from koers.core import clock
from koers.core.selectors import change_list_for
from koers.triage.models import Dpia, RiskGroup, Status, Transparency, Triage
from koers.triage.rules import engine
from koers.triage.rules.law import CURRENT as LAW
from koers.triage.rules.questions import relevant_questions
from koers.triage.rules.schema import Facts, Obligation, Result
from koers.triage.rules.suggest import suggest
from koers.triage.services import facts_dump, facts_load

if TYPE_CHECKING:
    from koers.backlog.models.usecases import UseCase
    from koers.core.models import Change
    from koers.orgs.models import Organisation

NOT_TRIAGED = "not_triaged"


def triage_for(*, usecase: UseCase) -> Triage | None:
    return (
        Triage.objects.filter(usecase=usecase).select_related("signed_off_by", "updated_by").first()
    )


def facts_of(triage: Triage | None) -> Facts:
    return facts_load(triage.facts if triage else None)


def result_of(triage: Triage | None, today: date | None = None) -> Result:
    """The stored outcome, with the rules version and dates it was made with, and whether each
    obligation applies ``today``; before the first answers, the engine's outcome of knowing
    nothing."""
    today = today or clock.today()
    if triage is None or not triage.result:
        return engine.triage(Facts(), today)
    return engine.dated(Result.model_validate(triage.result), today)


def facts_relevant(facts: Facts) -> tuple[Facts, list[str]]:
    """Only the answers that still matter given the others, and the questions that do.

    An answer to a question that no longer applies (say, profiling once the use case is in none
    of the high-risk areas) is dropped, which may in turn make other questions irrelevant."""
    data = facts_dump(facts)
    for _round in range(len(data)):
        relevant = relevant_questions(Facts.model_validate(data))
        trimmed = {key: (value if key in relevant else None) for key, value in data.items()}
        if trimmed == data:
            return Facts.model_validate(data), list(relevant)
        data = trimmed
    return Facts.model_validate(data), list(relevant_questions(Facts.model_validate(data)))


@dataclass(frozen=True)
class Preview:
    """What saving ``facts`` would change: the answers, the outcome and the obligations."""

    before: Result
    after: Result
    added: list[Obligation]
    removed: list[Obligation]
    changed_facts: dict[str, list[Any]]

    @property
    def changes_outcome(self) -> bool:
        return self.before != self.after


def triage_preview(*, triage: Triage | None, facts: Facts) -> Preview:
    before = result_of(triage)
    after = engine.triage(facts)
    added: list[Obligation] = list(after.obligations)
    removed: list[Obligation] = []
    if triage is not None:  # before the first answers, every obligation is new
        added, removed = engine.obligation_diff(before, after)
    old = facts_dump(facts_of(triage))
    new = facts_dump(facts)
    changed = {key: [old[key], new[key]] for key in new if old.get(key) != new[key]}
    return Preview(before, after, list(added), list(removed), changed)


def triage_history(*, triage: Triage | None) -> QuerySet[Change] | list[Change]:
    if triage is None:
        return []
    return change_list_for(obj=triage, organisation_id=triage.organisation_id)


def portfolio_usecases(*, organisation: Organisation) -> QuerySet[UseCase]:
    """The register's use cases (merged ones left out), with their triage if any."""
    return usecase_register(organisation=organisation).select_related("triage")


@dataclass
class Portfolio:
    total: int = 0
    risk_group: dict[str, int] = field(default_factory=dict)
    dpia: dict[str, int] = field(default_factory=dict)
    transparency: dict[str, int] = field(default_factory=dict)
    needs_review: int = 0
    not_signed_off: int = 0

    @property
    def open_reviews(self) -> int:
        return self.needs_review + self.not_signed_off


def _counts(values: list[str], choices: list[str]) -> dict[str, int]:
    counted = Counter(values)
    return {choice: counted.get(choice, 0) for choice in [*choices, NOT_TRIAGED]}


def portfolio(*, organisation: Organisation) -> Portfolio:
    """Counts of the register per risk group, DPIA outcome and transparency duty ("not triaged"
    included), and the open reviews: triages that need review, and complete ones not signed off."""
    rows = list(
        portfolio_usecases(organisation=organisation).values_list(
            "triage__risk_group", "triage__dpia", "triage__transparency", "triage__status"
        )
    )
    statuses = Counter(row[3] for row in rows)
    return Portfolio(
        total=len(rows),
        risk_group=_counts([row[0] or NOT_TRIAGED for row in rows], RiskGroup.values),
        dpia=_counts([row[1] or NOT_TRIAGED for row in rows], Dpia.values),
        transparency=_counts([row[2] or NOT_TRIAGED for row in rows], Transparency.values),
        needs_review=statuses[Status.NEEDS_REVIEW] + statuses[Status.DRAFT],
        not_signed_off=statuses[Status.COMPLETE],
    )


@dataclass(frozen=True)
class SuggestionView:
    """A suggested answer from the use case's text, with the words that triggered it."""

    key: str
    value: Any
    terms: list[str]
    note: str


def usecase_text(usecase: UseCase) -> str:
    parts = (usecase.title, usecase.problem, usecase.solution, usecase.outputs, usecase.data_used)
    return "\n".join(part for part in parts if part)


def usecase_suggestions(*, usecase: UseCase) -> dict[str, SuggestionView]:
    """Suggested answers from the use case's text, by fact. Only suggestions: never stored
    unless someone saves them as their answers."""
    found = suggest(usecase_text(usecase))
    views: dict[str, SuggestionView] = {}
    for key, suggestion in found.items():
        if key not in Facts.model_fields:
            continue
        value = suggestion.value
        try:
            Facts.model_validate({key: value})
        except ValueError:
            continue
        views[key] = SuggestionView(key, value, list(suggestion.terms), suggestion.note)
    return views


def facts_prefilled(facts: Facts, suggestions: dict[str, SuggestionView]) -> Facts:
    """The answers with every unknown one filled in from the suggestions."""
    data = facts_dump(facts)
    for key, suggestion in suggestions.items():
        if data.get(key) is None:
            data[key] = suggestion.value
    return Facts.model_validate(data)


def flagged_untriaged(*, organisation: Organisation) -> list[UseCase]:
    """Use cases still in play (not rejected or retired) that the eerste risicocheck flags as
    possibly high impact and nobody has triaged yet: the triages to do."""
    from koers.backlog.selectors.prescreen import usecases_flagged

    waiting = list(
        portfolio_usecases(organisation=organisation)
        .filter(triage__isnull=True)
        .exclude(stage__in=["rejected", "retired"])
    )
    flagged = usecases_flagged(waiting)
    return [usecase for usecase in waiting if usecase.pk in flagged]


# ---------------------------------------------------------------------------------------------
# A change in the law: what becomes due when, and the triages to re-confirm
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """One obligation of one use case's triage, on the date it applies from."""

    usecase: UseCase
    obligation: Obligation


@dataclass(frozen=True)
class DueObligation:
    """One obligation on a date, with the use cases it concerns (the first one's wording)."""

    obligation: Obligation
    usecases: list[UseCase]


@dataclass(frozen=True)
class DueDate:
    on: date | None  # None: a result stored by rules that gave no dates
    due: list[Due]
    applies: bool  # on or before today

    @property
    def obligations(self) -> list[DueObligation]:
        """The date's obligations one by one (by code and article), each with its use cases."""
        found: dict[tuple[str, str], DueObligation] = {}
        for due in self.due:
            key = (due.obligation.code, due.obligation.article)
            entry = found.setdefault(key, DueObligation(due.obligation, []))
            if due.usecase not in entry.usecases:
                entry.usecases.append(due.usecase)
        return list(found.values())


def timeline(*, organisation: Organisation, today: date | None = None) -> list[DueDate]:
    """Every obligation of the organisation's triaged use cases by the date it applies from,
    earliest first; obligations of results without dates (older rules) last."""
    today = today or clock.today()
    by_date: dict[date | None, list[Due]] = {}
    for usecase in portfolio_usecases(organisation=organisation).filter(triage__isnull=False):
        for obligation in result_of(usecase.triage, today).obligations:
            by_date.setdefault(obligation.applies_from, []).append(Due(usecase, obligation))
    dated = sorted(on for on in by_date if on is not None)
    days = [DueDate(on, by_date[on], on <= today) for on in dated]
    if None in by_date:
        days.append(DueDate(None, by_date[None], False))
    return days


def usecase_timeline(result: Result) -> list[Obligation]:
    """A result's obligations by the date they apply from (undated last), in rule order within a
    date."""
    return sorted(
        result.obligations, key=lambda o: (o.applies_from is None, o.applies_from or date.min)
    )


@dataclass(frozen=True)
class DateChange:
    obligation: Obligation
    before: date | None


@dataclass(frozen=True)
class Reconfirm:
    """A triage made with older rules, and what the current rules would change."""

    usecase: UseCase
    triage: Triage
    before: Result
    after: Result
    outcomes: list[tuple[str, Any, Any]]  # (outcome, stored value, value under today's rules)
    added: list[Obligation]
    removed: list[Obligation]
    dates: list[DateChange]  # obligations kept whose date is new or moved
    reworded: list[Obligation]  # obligations kept whose text changed

    @property
    def changes_outcome(self) -> bool:
        return bool(self.outcomes or self.added or self.removed)


OUTCOME_NAMES = ("type", "risk_group", "transparency", "systemic_risk", "dpia")


def reconfirm_of(triage: Triage, today: date | None = None) -> Reconfirm:
    today = today or clock.today()
    before = result_of(triage, today)
    after = engine.triage(facts_load(triage.facts), today)
    outcomes = [
        (name, getattr(before, name), getattr(after, name))
        for name in OUTCOME_NAMES
        if getattr(before, name) != getattr(after, name)
    ]
    added, removed = engine.obligation_diff(before, after)
    kept = {o.code: o for o in before.obligations}
    dates = [
        DateChange(o, kept[o.code].applies_from)
        for o in after.obligations
        if o.code in kept and kept[o.code].applies_from != o.applies_from
    ]
    reworded = [
        o for o in after.obligations if o.code in kept and kept[o.code].summary != o.summary
    ]
    return Reconfirm(
        triage.usecase, triage, before, after, outcomes, list(added), list(removed), dates, reworded
    )


def reconfirm_list(*, organisation: Organisation, today: date | None = None) -> list[Reconfirm]:
    """The triages made with older rules than the current ones, each with what re-confirming it
    would change; those whose outcome would change first."""
    triages = (
        Triage.objects.filter(organisation=organisation)
        .exclude(rules_version=LAW.version)
        .select_related("usecase", "signed_off_by")
        .order_by("usecase__title", "pk")
    )
    found = [reconfirm_of(triage, today) for triage in triages]
    return sorted(found, key=lambda item: not item.changes_outcome)


def reconfirm_count(*, organisation: Organisation) -> int:
    return (
        Triage.objects.filter(organisation=organisation).exclude(rules_version=LAW.version).count()
    )
