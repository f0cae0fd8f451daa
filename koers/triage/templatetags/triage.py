from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms, template
from django.utils.translation import gettext_lazy as _

from koers.triage.display import (
    answer_label,
    article_label,
    note_text,
    obligation_summary,
    obligation_when,
    outcome_text,
    question_label,
)
from koers.triage.models import Status, Transparency, Triage
from koers.triage.rules.schema import Facts, Obligation
from koers.triage.selectors import triage_for
from koers.triage.texts import OUTCOME_LABELS, STATUS_ACTIONS

if TYPE_CHECKING:
    from koers.backlog.models.usecases import UseCase
    from koers.core.models import Change

register = template.Library()


@register.filter
def field_of(form: forms.Form, key: str) -> forms.BoundField:
    return form[key]


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def risk_label(value: str) -> Any:
    return outcome_text("risk_group", value)


@register.filter
def dpia_label(value: str) -> Any:
    return outcome_text("dpia", value)


@register.filter(name="article_label")
def article_label_filter(article: str) -> str:
    return article_label(article)


@register.filter
def obligation_text(obligation: Obligation) -> Any:
    return obligation_summary(obligation)


@register.filter
def rules_date(version: str) -> date | str:
    """A rules version ("2024-08-01") as the date it names."""
    try:
        return date.fromisoformat(version)
    except ValueError:
        return version


@register.filter
def outcome_label(name: str) -> Any:
    return OUTCOME_LABELS.get(name, name)


@register.filter
def outcome_value(value: Any, name: str) -> Any:
    if name == "transparency" and isinstance(value, bool):
        return outcome_text(name, "yes" if value else "no")
    return outcome_text(name, value)


@register.filter(name="obligation_when")
def obligation_when_filter(obligation: Obligation) -> Any:
    return obligation_when(obligation)


@register.filter(name="note_text")
def note_text_filter(note: str) -> Any:
    return note_text(note)


@register.filter
def triage_action(change: Change) -> Any:
    return STATUS_ACTIONS.get(change.action, change.action)


@register.filter
def triage_changes(change: Change) -> list[tuple[Any, Any, Any]]:
    """``(label, old, new)`` per changed answer or outcome of a history entry, in words."""
    rows = []
    for name, (old, new) in change.fields.items():
        if name in Facts.model_fields:
            rows.append((question_label(name), answer_label(name, old), answer_label(name, new)))
        elif name == "rules_version":
            rows.append((_("Rules version"), old or "—", new or "—"))
        elif name == "obligations":
            rows.append((OUTCOME_LABELS[name], ", ".join(old) or "—", ", ".join(new) or "—"))
        elif name == "status":
            labels = dict(Status.choices)
            rows.append((_("Status"), labels.get(old, old or "—"), labels.get(new, new)))
        elif name == "transparency":
            labels = dict(Transparency.choices)
            rows.append((OUTCOME_LABELS[name], labels.get(old, old or "—"), labels.get(new, new)))
        else:
            rows.append(
                (
                    OUTCOME_LABELS.get(name, name),
                    outcome_text(name, old) if old else "—",
                    outcome_text(name, new) if new else "—",
                )
            )
    return rows


@register.simple_tag
def usecase_triage(usecase: UseCase) -> Triage | None:
    """The use case's triage for its card on the use-case page (None before the first answers)."""
    return triage_for(usecase=usecase)
