"""Evaluating the rules over every completion of the unknown facts, without listing them: a
condition that asks about an unknown fact splits the evaluation into branches, and the leaves
together cover every possible answer (see :mod:`koers.triage.rules.engine` for what the engine
makes of them). Each table's and duty's leaves are memoised on the facts they can read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, get_args

from koers.triage.rules.schema import Facts
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
from koers.triage.rules.tables.dpia import DUTCH_DPA_LIST, EDPB_CRITERIA
from koers.triage.rules.tables.duties import ART50_DUTIES, DUTIES, TRANSPARENCY

BOOLEAN: tuple[Any, ...] = (True, False)
LIST_FACTS = ("art50", "edpb_criteria", "dutch_dpa_list")


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


_BOOLEANS = frozenset(BOOLEAN)
_DOMAIN_SETS = {name: frozenset(values) for name, values in DOMAINS.items()}


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
        possible = self.assumed.get(atom)
        if possible is None:
            possible = _BOOLEANS if isinstance(atom, tuple) else _DOMAIN_SETS[atom]
        if possible <= allowed:
            return True
        if not possible & allowed:
            return False
        raise _Split(atom, possible & allowed, possible - allowed)


_TRUE = frozenset({True})


def _holds(condition: Condition, view: _View) -> bool:
    # The commonest kinds first: the engine evaluates conditions millions of times.
    if isinstance(condition, All):
        return all(_holds(part, view) for part in condition.parts)
    if isinstance(condition, Is):
        return view.test(condition.fact, condition.allowed)
    if isinstance(condition, Not):
        return not _holds(condition.part, view)
    if isinstance(condition, Outcome):
        return _decide(TABLES[condition.table], view).then in condition.values
    if isinstance(condition, Decided):
        return _decide(TABLES[condition.table], view).id in condition.rules
    if isinstance(condition, AnyOf):
        return any(_holds(part, view) for part in condition.parts)
    if isinstance(condition, Has):
        return any(view.test((condition.fact, item), _TRUE) for item in condition.items)
    if isinstance(condition, NonEmpty):
        return view.test((condition.fact, ANY_ITEM), _TRUE)
    if isinstance(condition, AtLeast):
        return _at_least(condition, view)
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
        found += view.test((condition.fact, item), _TRUE)
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


@functools.cache
def _duty_facts(code: str) -> frozenset[str]:
    duty = _DUTIES[code]
    return _facts_of(duty.when).union(*(_facts_of(start.when) for start in duty.starts))


def _duty_leaves(key: FactsKey, code: str) -> list[Leaf]:
    """A leaf's value is ``None`` where the duty does not apply, else the position of the start
    (``Duty.starts``) that gives its date."""
    return _duty_leaves_of(_project(key, _duty_facts(code)), code)


@functools.lru_cache(maxsize=16384)
def _duty_leaves_of(key: FactsKey, code: str) -> list[Leaf]:
    duty = _DUTIES[code]

    def start(view: _View) -> int | None:
        if not _holds(duty.when, view):
            return None
        return next(n for n, start in enumerate(duty.starts) if _holds(start.when, view))

    return _explore(key, start)


@functools.lru_cache(maxsize=16384)
def _condition_leaves(key: FactsKey, condition: Condition) -> list[Leaf]:
    return _explore(key, lambda view: _holds(condition, view))


def _transparency_leaves(key: FactsKey) -> list[Leaf]:
    return _condition_leaves(_project(key, _facts_of(TRANSPARENCY)), TRANSPARENCY)
