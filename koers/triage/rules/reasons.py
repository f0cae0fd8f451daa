"""The leaves of an evaluation in words: which unknown answers give which outcome, the facts an
outcome follows from and the rule that decided it, as the ``reasons`` of a result and the "(if …)"
of a duty that applies under some answers only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from koers.triage.rules.evaluation import (
    ANY_ITEM,
    LIST_ITEMS,
    Assumptions,
    Atom,
    Leaf,
    _atom_domain,
)
from koers.triage.rules.tables.conditions import Rule

NEEDS_REVIEW = "needs_review"


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
