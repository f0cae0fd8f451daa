"""The decision tables and duties in words: each condition described, and the whole as the
Markdown tables of docs/triage.md."""

from __future__ import annotations

from typing import Any

from koers.triage.rules import law
from koers.triage.rules.tables import TABLES
from koers.triage.rules.tables.conditions import (
    ALWAYS,
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
)
from koers.triage.rules.tables.duties import DUTIES, TRANSPARENCY

# ---------------------------------------------------------------------------------------------
# Rendering for people
# ---------------------------------------------------------------------------------------------


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _alternatives(values: tuple[Any, ...]) -> str:
    shown = [f"`{_value(v)}`" for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def describe(condition: Condition) -> str:
    """The condition in words, e.g. "`profiling` is `true` and `role` is `deployer`"."""
    if isinstance(condition, Is):
        return f"`{condition.fact}` is {_alternatives(condition.values)}"
    if isinstance(condition, Has):
        return f"`{condition.fact}` includes {_alternatives(condition.items)}"
    if isinstance(condition, AtLeast):
        return f"`{condition.fact}` has at least {condition.count}"
    if isinstance(condition, NonEmpty):
        return f"`{condition.fact}` has any item"
    if isinstance(condition, Outcome):
        return f"{condition.table} is {_alternatives(condition.values)}"
    if isinstance(condition, Decided):
        return f"{condition.table} was decided by {_alternatives(condition.rules)}"
    if isinstance(condition, Not):
        return f"not ({describe(condition.part)})"
    if isinstance(condition, All):
        if not condition.parts:
            return "otherwise"
        return " and ".join(_grouped(part) for part in condition.parts)
    return " or ".join(_grouped(part) for part in condition.parts)


def _grouped(condition: Condition) -> str:
    text = describe(condition)
    return f"({text})" if isinstance(condition, All | AnyOf) and len(condition.parts) > 1 else text


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rules_markdown() -> str:
    """The decision tables and duties as Markdown, as included in docs/triage.md."""
    lines: list[str] = []
    for table in TABLES.values():
        lines += [f"#### Table `{table.name}` (first matching rule decides)", ""]
        lines += ["| Rule | When | Then | Why | Source |", "|---|---|---|---|---|"]
        for rule in table.rules:
            cells: tuple[str, ...] = (f"`{rule.id}`", describe(rule.when))
            cells += (f"`{_value(rule.then)}`", rule.text, rule.source)
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        lines.append("")
    lines += ["#### Duties (every duty whose condition holds is listed)", ""]
    lines += ["| Code | Source | When | Duty |", "|---|---|---|---|"]
    for duty in DUTIES:
        cells = (f"`{duty.code}`", duty.article, describe(duty.when), duty.summary)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += ["", f"`transparency` is true when {describe(TRANSPARENCY)}.", ""]
    lines += dates_markdown()
    return "\n".join(lines) + "\n"


def dates_markdown() -> list[str]:
    """From when each duty applies, with the provision that says so, under the current law."""
    lines = [f"#### From when each duty applies (rules version {law.CURRENT.version})", ""]
    lines += [
        "The first line that holds gives the date. Where the date depends on answers not given "
        "yet, the earliest possible one is shown.",
        "",
    ]
    lines += ["| Code | From | Set by | Transition | Legal review |", "|---|---|---|---|---|"]
    for duty in DUTIES:
        for position, start in enumerate(duty.starts):
            when = "" if start.when == ALWAYS else f" if {describe(start.when)}"
            if position and not when:
                when = " otherwise"
            cells = (
                f"`{duty.code}`" if position == 0 else "",
                f"{start.on.isoformat()}{when}",
                start.source,
                start.transition,
                start.review,
            )
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def law_markdown() -> str:
    """The legal texts of the current rules, as listed in docs/triage.md."""
    lines = [f"Rules version **{law.CURRENT.version}**: {law.CURRENT.title}.", ""]
    for source in law.CURRENT.sources:
        lines.append(f"- {source.title}, {source.reference} (<{source.url}>)")
    return "\n".join(lines) + "\n"
