"""The triage engine: facts in, the classification, duties and DPIA outcome out. Pure, Django-free.

Fail closed, generically
    The rules in :mod:`koers.triage.rules.tables` are written as if every fact were known. The
    engine evaluates them over *every completion* of the unknown facts, without listing the
    completions one by one: when a condition asks about an unknown fact ("is ``role`` provider or
    provider_and_deployer?"), the evaluation splits into the answers that make it true and those
    that make it false, and goes on in each branch with that knowledge. The branches (leaves)
    together cover every possible answer, and within one leaf every completion gives the same
    outcome. A list fact that is unknown is split item by item (present or absent).

    * A table's outcome is the value all leaves agree on; if they differ it is ``needs_review``,
      and ``reasons`` names the unknown facts and which answers give which outcome.
    * A duty is listed when it applies in at least one leaf. If it does not apply in all of them,
      its summary ends with "(if …)": the answers under which it applies. So a duty is never
      dropped because of a "don't know".

    Only facts a condition actually reads are split, so an unknown fact that cannot matter (the
    Annex III area of a prohibited practice) costs nothing and never causes a review.

The parts
    :mod:`koers.triage.rules.evaluation` explores the branches, :mod:`koers.triage.rules.reasons`
    puts the leaves into words, and this module makes the result of them and says which answers
    would change it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date
from typing import Any

from koers.triage.rules import law
from koers.triage.rules.evaluation import (
    _INDEX,
    ANY_ITEM,
    DOMAINS,
    LIST_FACTS,
    LIST_ITEMS,
    Atom,
    FactsKey,
    Leaf,
    _duty_facts,
    _duty_leaves,
    _facts_of,
    _table_facts,
    _table_leaves,
    _transparency_leaves,
    facts_key,
)
from koers.triage.rules.reasons import NEEDS_REVIEW, _verdict, _when
from koers.triage.rules.schema import Facts, Law, Obligation, Result
from koers.triage.rules.tables import TABLES
from koers.triage.rules.tables.dpia import AP_LIST, DUTCH_DPA_LIST, EDPB_CRITERION_NAMES
from koers.triage.rules.tables.duties import DUTIES, TRANSPARENCY

# The outcomes :func:`pivotal` compares.
OUTCOMES = ("type", "risk_group", "transparency", "systemic_risk", "obligations", "dpia")


# ---------------------------------------------------------------------------------------------
# The triage
# ---------------------------------------------------------------------------------------------


def triage(facts: Facts, today: date | None = None) -> Result:
    """The classification, duties and DPIA outcome of one use case; see the module docstring for
    how unknown facts are handled. Whether each duty applies is worked out for ``today`` (the
    system date if not given)."""
    return dated(_triage(facts_key(facts)), today)


def dated(result: Result, today: date | None = None) -> Result:
    """A copy of ``result`` with ``applies_today`` of every obligation worked out for ``today``:
    also for a stored result, whose dates stay those of the rules it was made with."""
    on = today or date.today()
    # A copy that shares nothing mutable with the memoised result, without a slow deep copy.
    obligations = [
        o.model_copy(
            update={"applies_today": None if o.applies_from is None else o.applies_from <= on}
        )
        for o in result.obligations
    ]
    return result.model_copy(
        update={
            "as_of": on,
            "obligations": obligations,
            "reasons": list(result.reasons),
            "dpia_reasons": list(result.dpia_reasons),
            "law": result.law.model_copy(deep=True),
        }
    )


def fired_rules(facts: Facts) -> set[str]:
    """The ids of the rules and duties that took part in the outcome (for the tests)."""
    return set(_triage_with_rules(facts_key(facts))[1])


def _triage(key: FactsKey) -> Result:
    return _triage_with_rules(key)[0]


@functools.lru_cache(maxsize=8192)
def _triage_with_rules(key: FactsKey) -> tuple[Result, tuple[str, ...]]:
    verdicts = {name: _verdict(name, _table_leaves(key, name), name) for name in TABLES}
    transparency = _verdict("transparency", _transparency_leaves(key), None)
    obligations, duty_ids = _obligations(key)
    fired = [r for v in (*verdicts.values(), transparency) for r in v.rules] + duty_ids
    reasons = [
        line
        for name in ("scope", "type", "risk_group", "systemic_risk")
        for line in verdicts[name].reasons
    ]
    reasons += transparency.reasons
    reasons += [
        f"obligation {o.code}: {o.article}; from {o.applies_from} [{o.date_source}]"
        for o in obligations
    ]
    dpia = verdicts["dpia"]
    role = key[_INDEX["role"]]
    result = Result(
        type=verdicts["type"].value,
        risk_group=verdicts["risk_group"].value,
        transparency=transparency.value,
        systemic_risk=verdicts["systemic_risk"].value,
        role=role,
        obligations=obligations,
        dpia=dpia.value,
        dpia_reasons=_dpia_criteria(key) + dpia.reasons,
        reasons=reasons,
        law=Law.of(law.CURRENT),
    )
    return result, tuple(dict.fromkeys(fired))


def _obligations(key: FactsKey) -> tuple[list[Obligation], list[str]]:
    obligations: list[Obligation] = []
    fired: list[str] = []
    for duty in DUTIES:
        leaves = _duty_leaves(key, duty.code)
        applying = [leaf for leaf in leaves if leaf.value is not None]
        if not applying:
            continue
        fired.append(f"duty.{duty.code}")
        summary = duty.summary
        if len(applying) < len(leaves):
            summary = f"{summary.rstrip('.')} ({_when(applying)})."
        # Fail closed: while the date depends on unknown answers, the earliest possible one.
        starts = [duty.starts[leaf.value] for leaf in applying]
        start = min(starts, key=lambda s: s.on)
        obligations.append(
            Obligation(
                code=duty.code,
                article=duty.article,
                summary=summary,
                applies_from=start.on,
                date_source=start.source,
                date_open=len({s.on for s in starts}) > 1,
                transition=start.transition,
                legal_review=start.review,
            )
        )
    return obligations, fired


def _dpia_criteria(key: FactsKey) -> list[str]:
    """Each criterion and list item that is present, with its source."""
    lines = []
    for criterion in key[_INDEX["edpb_criteria"]] or ():
        name = EDPB_CRITERION_NAMES[criterion]
        lines.append(f"EDPB criterion {name} [{criterion}; WP248 rev.01 section III.B.a]")
    for item in key[_INDEX["dutch_dpa_list"]] or ():
        name = DUTCH_DPA_LIST.get(item, item)
        lines.append(f"Dutch DPA list: {name} [{item}; {AP_LIST}]")
    return lines


# ---------------------------------------------------------------------------------------------
# What would change the outcome
# ---------------------------------------------------------------------------------------------


def _signature(result: Result) -> dict[str, Any]:
    return {
        "type": result.type,
        "risk_group": result.risk_group,
        "transparency": result.transparency,
        "systemic_risk": result.systemic_risk,
        "obligations": {(o.code, o.summary) for o in result.obligations},
        "dpia": result.dpia,
    }


def alternatives(facts: Facts, name: str) -> Iterator[Any]:
    """The other answers a fact could be given (never "don't know"): every other value; for a
    list, each item added or removed, and for an unknown list the empty list, each single item
    and all items."""
    current = getattr(facts, name)
    if name not in LIST_FACTS:
        yield from (value for value in DOMAINS[name] if value != current)
        return
    items = LIST_ITEMS[name]
    if current is None:
        yield []
        yield from ([item] for item in items)
        yield list(items)
        return
    for item in items:
        yield [i for i in current if i != item] if item in current else [*current, item]


def pivotal(facts: Facts) -> dict[str, list[str]]:
    """For every fact, the outcomes (of OUTCOMES) that some other answer to it would change.

    The outcomes for each answer to a fact come from one triage with that fact unknown, whose
    branches cover every answer (``_signature_given``): triaging every answer anew took seconds
    for a new triage, where most facts are unknown."""
    key = facts_key(facts)
    base = _signature(_triage(key))
    changes: dict[str, list[str]] = {}
    for name in Facts.model_fields:
        position = _INDEX[name]
        unknown = (*key[:position], None, *key[position + 1 :])
        changed: set[str] = set()
        for value in alternatives(facts, name):
            other = _signature_given(unknown, name, facts_key(Facts(**{name: value}))[position])
            changed.update(outcome for outcome in OUTCOMES if other[outcome] != base[outcome])
        changes[name] = [outcome for outcome in OUTCOMES if outcome in changed]
    return changes


def _signature_given(key: FactsKey, name: str, value: Any) -> dict[str, Any]:
    """``_signature`` of the triage of ``key`` with the unknown fact ``name`` answered ``value``
    (as in a ``FactsKey``: a list fact's items as a sorted tuple), without triaging again.

    Evaluation is deterministic, so the branches explored with ``name`` known are exactly those
    explored with it unknown whose assumptions about ``name`` hold for ``value``, without those
    assumptions (a test checks it against triaging anew)."""
    atoms: tuple[Atom, ...] = (
        ((name, ANY_ITEM), *((name, item) for item in LIST_ITEMS[name]))
        if name in LIST_FACTS
        else (name,)
    )
    answers = {atom: _answer_to(atom, value) for atom in atoms}

    def given(leaves: list[Leaf], reads: frozenset[str]) -> list[Leaf]:
        if name not in reads:
            return leaves
        kept = []
        for leaf in leaves:
            about = [atom for atom in atoms if atom in leaf.assumed]
            if not about:
                kept.append(leaf)
            elif all(answers[atom] in leaf.assumed[atom] for atom in about):
                assumed = {atom: v for atom, v in leaf.assumed.items() if atom not in about}
                kept.append(Leaf(assumed, leaf.value, leaf.read, leaf.decided))
        return kept

    def outcome(leaves: list[Leaf]) -> Any:
        values = {leaf.value for leaf in leaves}
        return values.pop() if len(values) == 1 else NEEDS_REVIEW

    tables = {
        table: outcome(given(_table_leaves(key, table), _table_facts(table))) for table in TABLES
    }
    obligations = set()
    for duty in DUTIES:
        leaves = given(_duty_leaves(key, duty.code), _duty_facts(duty.code))
        applying = [leaf for leaf in leaves if leaf.value is not None]
        if applying:
            summary = duty.summary
            if len(applying) < len(leaves):
                summary = f"{summary.rstrip('.')} ({_when(applying)})."
            obligations.add((duty.code, summary))
    return {
        "type": tables["type"],
        "risk_group": tables["risk_group"],
        "transparency": outcome(given(_transparency_leaves(key), _facts_of(TRANSPARENCY))),
        "systemic_risk": tables["systemic_risk"],
        "obligations": obligations,
        "dpia": tables["dpia"],
    }


def _answer_to(atom: Atom, value: Any) -> Any:
    """What ``value`` (an answer to the atom's fact) says about the atom."""
    if not isinstance(atom, tuple):
        return value
    item = atom[1]
    return bool(value) if item == ANY_ITEM else item in value


def obligation_diff(before: Result, after: Result) -> tuple[list[Obligation], list[Obligation]]:
    """The obligations ``after`` adds and those it removes, compared by code, in rule order."""
    old = {o.code for o in before.obligations}
    new = {o.code for o in after.obligations}
    added = [o for o in after.obligations if o.code not in old]
    removed = [o for o in before.obligations if o.code not in new]
    return added, removed
