"""The triage engine: facts in, the classification, duties and DPIA outcome out. Pure, Django-free.

Fail closed, generically
    The rules in :mod:`koers.triage.rules.tables` are written as if every fact were known. The
    engine
    evaluates them over *every completion* of the unknown facts, without listing the completions
    one by one: when a condition asks about an unknown fact ("is ``role`` provider or
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
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, get_args

from koers.triage.rules.schema import Facts, Obligation, Result
from koers.triage.rules.tables import TABLES
from koers.triage.rules.tables.conditions import (
    All,
    AnyOf,
    AtLeast,
    Condition,
    Decided,
    Has,
    Is,
    NonEmpty,
    Not,
    Outcome,
    Rule,
    Table,
)
from koers.triage.rules.tables.dpia import (
    AP_LIST,
    DUTCH_DPA_LIST,
    EDPB_CRITERIA,
    EDPB_CRITERION_NAMES,
)
from koers.triage.rules.tables.duties import ART50_DUTIES, DUTIES, TRANSPARENCY

NEEDS_REVIEW = "needs_review"
BOOLEAN: tuple[Any, ...] = (True, False)
LIST_FACTS = ("art50", "edpb_criteria", "dutch_dpa_list")

# The outcomes :func:`pivotal` compares.
OUTCOMES = ("type", "risk_group", "transparency", "systemic_risk", "obligations", "dpia")


def _domain_of(annotation: Any) -> tuple[Any, ...]:
    values: list[Any] = []
    for arg in get_args(annotation):
        if arg is type(None):
            continue
        if arg is bool:
            values += BOOLEAN
        else:
            values += get_args(arg)
    return tuple(values)


# The possible answers of every single-valued fact, from the schema.
DOMAINS: dict[str, tuple[Any, ...]] = {
    name: _domain_of(info.annotation)
    for name, info in Facts.model_fields.items()
    if name not in LIST_FACTS
}
LIST_ITEMS: dict[str, tuple[str, ...]] = {
    "art50": ART50_DUTIES,
    "edpb_criteria": EDPB_CRITERIA,
    "dutch_dpa_list": tuple(DUTCH_DPA_LIST),
}
ANY_ITEM = "*"  # the pseudo-item of NonEmpty: "the list has some item"


# ---------------------------------------------------------------------------------------------
# Atoms: the questions a condition can ask about the facts
# ---------------------------------------------------------------------------------------------
#
# An atom is a fact name, or (list fact, item) for "the list contains the item". Each atom has a
# finite domain; an unknown atom's remaining possibilities are narrowed as conditions ask about it.

Atom = str | tuple[str, str]
FactsKey = tuple[Any, ...]


def _atom_domain(atom: Atom) -> tuple[Any, ...]:
    return BOOLEAN if isinstance(atom, tuple) else DOMAINS[atom]


def facts_key(facts: Facts) -> FactsKey:
    """A hashable form of the facts (lists as sorted tuples), for memoising."""
    values = []
    for name in Facts.model_fields:
        value = getattr(facts, name)
        values.append(tuple(sorted(set(value))) if isinstance(value, list) else value)
    return tuple(values)


_FIELDS = tuple(Facts.model_fields)
_INDEX = {name: position for position, name in enumerate(_FIELDS)}


def _known(key: FactsKey, atom: Atom) -> tuple[bool, Any]:
    if isinstance(atom, tuple):
        name, item = atom
        value = key[_INDEX[name]]
        if value is None:
            return False, None
        return True, (bool(value) if item == ANY_ITEM else item in value)
    value = key[_INDEX[atom]]
    return value is not None, value


class _Split(Exception):
    def __init__(self, atom: Atom, yes: frozenset[Any], no: frozenset[Any]) -> None:
        self.atom, self.yes, self.no = atom, yes, no


Assumptions = dict[Atom, frozenset[Any]]


@dataclass
class _View:
    """The facts as seen in one branch: known answers plus what the branch assumes."""

    key: FactsKey
    assumed: Assumptions
    read: dict[Atom, Any] = field(default_factory=dict)  # known answers that were consulted
    decided: dict[str, Rule] = field(default_factory=dict)  # table name -> deciding rule

    def test(self, atom: Atom, allowed: frozenset[Any]) -> bool:
        known, value = _known(self.key, atom)
        if known:
            self.read[atom] = value
            return value in allowed
        possible = self.assumed.get(atom, frozenset(_atom_domain(atom)))
        if possible <= allowed:
            return True
        if not possible & allowed:
            return False
        raise _Split(atom, possible & allowed, possible - allowed)


def _holds(condition: Condition, view: _View) -> bool:
    if isinstance(condition, Is):
        return view.test(condition.fact, frozenset(condition.values))
    if isinstance(condition, Has):
        return any(view.test((condition.fact, item), frozenset({True})) for item in condition.items)
    if isinstance(condition, NonEmpty):
        return view.test((condition.fact, ANY_ITEM), frozenset({True}))
    if isinstance(condition, AtLeast):
        return _at_least(condition, view)
    if isinstance(condition, Outcome):
        return _decide(TABLES[condition.table], view).then in condition.values
    if isinstance(condition, Decided):
        return _decide(TABLES[condition.table], view).id in condition.rules
    if isinstance(condition, Not):
        return not _holds(condition.part, view)
    if isinstance(condition, All):
        return all(_holds(part, view) for part in condition.parts)
    if isinstance(condition, AnyOf):
        return any(_holds(part, view) for part in condition.parts)
    raise TypeError(condition)


def _at_least(condition: AtLeast, view: _View) -> bool:
    """Counts item by item and stops as soon as the answer is certain, so that an unknown list
    splits only as far as the count needs."""
    items = LIST_ITEMS[condition.fact]
    found = 0
    for position, item in enumerate(items):
        if found >= condition.count:
            return True
        if found + len(items) - position < condition.count:
            return False
        found += view.test((condition.fact, item), frozenset({True}))
    return found >= condition.count


def _decide(table: Table, view: _View) -> Rule:
    if table.name in view.decided:
        return view.decided[table.name]
    for rule in table.rules:
        if _holds(rule.when, view):
            view.decided[table.name] = rule
            return rule
    raise AssertionError(f"table {table.name} has no final rule")


@dataclass(frozen=True)
class Leaf:
    """One branch: what it assumes about unknown facts, and what it gives."""

    assumed: Assumptions
    value: Any
    read: dict[Atom, Any]
    decided: dict[str, Rule]


def _explore(key: FactsKey, evaluate: Callable[[_View], Any]) -> list[Leaf]:
    leaves: list[Leaf] = []
    pending: list[Assumptions] = [{}]
    while pending:
        assumed = pending.pop()
        view = _View(key, assumed)
        try:
            value = evaluate(view)
        except _Split as split:
            pending.append({**assumed, split.atom: split.no})
            pending.append({**assumed, split.atom: split.yes})
            continue
        leaves.append(Leaf(assumed, value, view.read, view.decided))
    return leaves


@functools.cache
def _facts_of(condition: Condition) -> frozenset[str]:
    """The facts a condition can read, through the tables it refers to as well."""
    if isinstance(condition, Is | Has | AtLeast | NonEmpty):
        return frozenset({condition.fact})
    if isinstance(condition, Outcome | Decided):
        return _table_facts(condition.table)
    if isinstance(condition, Not):
        return _facts_of(condition.part)
    return frozenset().union(*(_facts_of(part) for part in condition.parts))


@functools.cache
def _table_facts(name: str) -> frozenset[str]:
    return frozenset().union(*(_facts_of(rule.when) for rule in TABLES[name].rules))


def _project(key: FactsKey, facts: frozenset[str]) -> FactsKey:
    """The key with every fact the evaluation cannot read set to unknown: evaluations that
    differ only in irrelevant facts share one memo entry."""
    return tuple(value if name in facts else None for name, value in zip(_FIELDS, key, strict=True))


def _table_leaves(key: FactsKey, table: str) -> list[Leaf]:
    return _table_leaves_of(_project(key, _table_facts(table)), table)


@functools.lru_cache(maxsize=8192)
def _table_leaves_of(key: FactsKey, table: str) -> list[Leaf]:
    return _explore(key, lambda view: _decide(TABLES[table], view).then)


_DUTIES = {duty.code: duty for duty in DUTIES}


def _duty_leaves(key: FactsKey, code: str) -> list[Leaf]:
    return _condition_leaves(_project(key, _facts_of(_DUTIES[code].when)), _DUTIES[code].when)


@functools.lru_cache(maxsize=16384)
def _condition_leaves(key: FactsKey, condition: Condition) -> list[Leaf]:
    return _explore(key, lambda view: _holds(condition, view))


def _transparency_leaves(key: FactsKey) -> list[Leaf]:
    return _condition_leaves(_project(key, _facts_of(TRANSPARENCY)), TRANSPARENCY)


# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _or(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


def describe_assumption(atom: Atom, possible: frozenset[Any]) -> str:
    """E.g. "profiling is true", "role is provider or provider_and_deployer", "art50 includes
    deepfake", "dutch_dpa_list is empty"."""
    if isinstance(atom, tuple):
        name, item = atom
        present = True in possible
        if item == ANY_ITEM:
            return f"{name} has an item" if present else f"{name} is empty"
        return f"{name} {'includes' if present else 'excludes'} {item}"
    domain = _atom_domain(atom)
    chosen = [v for v in domain if v in possible]
    if len(chosen) > len(domain) / 2 and len(chosen) > 2:
        return f"{atom} is not {_or([_word(v) for v in domain if v not in possible])}"
    return f"{atom} is {_or([_word(v) for v in chosen])}"


def _when(leaves: list[Leaf]) -> str:
    """The answers under which these leaves happen, in short: "if" the conditions every leaf
    shares (each of them necessary), then the other unknown facts it further depends on."""
    atoms = list(dict.fromkeys(atom for leaf in leaves for atom in leaf.assumed))
    shared: dict[Atom, frozenset[Any]] = {}
    depending: list[str] = []
    for atom in atoms:
        sets = [leaf.assumed.get(atom) for leaf in leaves]
        union = frozenset().union(*(s for s in sets if s is not None))
        if all(s is not None for s in sets) and union != frozenset(_atom_domain(atom)):
            shared[atom] = union
        else:
            depending.append(_atom_name(atom))
    parts = _describe_all(shared)
    text = "if " + " and ".join(parts) if parts else ""
    if depending:
        names = ", ".join(dict.fromkeys(depending))
        text += (", depending also on " if text else "depending on ") + f"the answers to {names}"
    return text


def _describe_all(assumed: Assumptions) -> list[str]:
    """Assumptions in words, the items of one list fact taken together ("art50 includes
    deepfake", "edpb_criteria is empty")."""
    parts: list[str] = []
    items: dict[str, dict[bool, list[str]]] = {}
    for atom, possible in assumed.items():
        if isinstance(atom, tuple) and atom[1] != ANY_ITEM:
            name, item = atom
            if name not in items:
                items[name] = {True: [], False: []}
                parts.append(name)  # a placeholder, keeps the order
            items[name][True in possible].append(item)
        else:
            parts.append(describe_assumption(atom, possible))
    for name, split in items.items():
        words = []
        if split[True]:
            words.append(f"{name} includes {_or(split[True])}".replace(" or ", " and "))
        if split[False] and len(split[False]) == len(LIST_ITEMS[name]):
            words.append(f"{name} is empty")
        elif split[False]:
            words.append(f"{name} excludes {_or(split[False])}")
        parts[parts.index(name)] = " and ".join(words)
    return parts


def _atom_name(atom: Atom) -> str:
    return atom[0] if isinstance(atom, tuple) else atom


def _unknown_names(leaves: list[Leaf]) -> list[str]:
    return list(dict.fromkeys(_atom_name(atom) for leaf in leaves for atom in leaf.assumed))


def _facts_read(leaf: Leaf) -> str:
    parts = []
    for atom, value in leaf.read.items():
        if isinstance(atom, tuple):
            name, item = atom
            if item == ANY_ITEM:
                parts.append(f"{name} {'has an item' if value else 'is empty'}")
            elif value:
                parts.append(f"{name} includes {item}")
        else:
            parts.append(f"{atom} = {_word(value)}")
    return "; ".join(parts)


def _rule_reason(rule: Rule) -> str:
    return f"{rule.text} [{rule.id}; {rule.source}]"


@dataclass(frozen=True)
class _Verdict:
    value: Any
    reasons: list[str]
    rules: list[str]


def _verdict(outcome: str, leaves: list[Leaf], deciding: str | None) -> _Verdict:
    """One outcome from its leaves: the common value, or needs_review with the answers that
    would decide it."""
    values = list(dict.fromkeys(leaf.value for leaf in leaves))
    fired = list(dict.fromkeys(r.id for leaf in leaves for r in leaf.decided.values()))
    if len(values) == 1:
        leaf = leaves[0]
        head = f"{outcome} = {_word(values[0])}"
        if deciding is not None:
            head += ": " + _rule_reason(leaf.decided[deciding])
        lines = [head]
        facts = _facts_read(leaf)
        if facts:
            lines.append(f"{outcome} follows from: {facts}")
        unknown = _unknown_names(leaves)
        if unknown:
            lines.append(f"{outcome}: every answer to the unknown {', '.join(unknown)} gives this")
        return _Verdict(values[0], lines, fired)
    lines = [
        f"{outcome} = needs_review: it depends on the unknown {', '.join(_unknown_names(leaves))}"
    ]
    for value in values:
        branches = [leaf for leaf in leaves if leaf.value == value]
        ids = dict.fromkeys(leaf.decided[deciding].id for leaf in branches) if deciding else {}
        lines.append(
            f"{outcome} would be {_word(value)} {_when(branches)}"
            + (f" [{', '.join(ids)}]" if ids else "")
        )
    return _Verdict(NEEDS_REVIEW, lines, fired)


# ---------------------------------------------------------------------------------------------
# The triage
# ---------------------------------------------------------------------------------------------


def triage(facts: Facts) -> Result:
    """The classification, duties and DPIA outcome of one use case; see the module docstring for
    how unknown facts are handled."""
    return _triage(facts_key(facts)).model_copy(deep=True)


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
    reasons += [f"obligation {o.code}: {o.article}" for o in obligations]
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
    )
    return result, tuple(dict.fromkeys(fired))


def _obligations(key: FactsKey) -> tuple[list[Obligation], list[str]]:
    obligations: list[Obligation] = []
    fired: list[str] = []
    for duty in DUTIES:
        leaves = _duty_leaves(key, duty.code)
        applying = [leaf for leaf in leaves if leaf.value]
        if not applying:
            continue
        fired.append(f"duty.{duty.code}")
        summary = duty.summary
        if len(applying) < len(leaves):
            summary = f"{summary.rstrip('.')} ({_when(applying)})."
        obligations.append(Obligation(code=duty.code, article=duty.article, summary=summary))
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
    """For every fact, the outcomes (of OUTCOMES) that some other answer to it would change."""
    base = _signature(triage(facts))
    changes: dict[str, list[str]] = {}
    for name in Facts.model_fields:
        changed: set[str] = set()
        for value in alternatives(facts, name):
            other = _signature(_triage(facts_key(facts.model_copy(update={name: value}))))
            changed.update(outcome for outcome in OUTCOMES if other[outcome] != base[outcome])
        changes[name] = [outcome for outcome in OUTCOMES if outcome in changed]
    return changes


def obligation_diff(before: Result, after: Result) -> tuple[list[Obligation], list[Obligation]]:
    """The obligations ``after`` adds and those it removes, compared by code, in rule order."""
    old = {o.code for o in before.obligations}
    new = {o.code for o in after.obligations}
    added = [o for o in after.obligations if o.code not in old]
    removed = [o for o in before.obligations if o.code not in new]
    return added, removed
