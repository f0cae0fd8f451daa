"""Writing the audit history. Every service that changes domain data calls ``change_record``;
``organisation_id`` is None for a change to a person's account (an API token)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django.db import models

from koers.core.models import Change


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def diff_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value differs, as ``{name: [old, new]}``, ready to store as JSON."""
    return {
        name: [_jsonable(before.get(name)), _jsonable(after.get(name))]
        for name in after
        if _jsonable(before.get(name)) != _jsonable(after.get(name))
    }


def change_build(
    *,
    obj: models.Model,
    organisation_id: int | None,
    actor: Any | None,
    action: str,
    fields: Mapping[str, list[Any]] | None = None,
    note: str = "",
    actor_label: str = "",
) -> Change:
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return Change(
        organisation_id=organisation_id,
        actor=actor_obj,
        actor_label=actor_label or (str(actor_obj) if actor_obj else ""),
        subject=obj._meta.label_lower,
        subject_id=obj.pk,
        action=action,
        fields=dict(fields or {}),
        note=note,
    )


def change_record(
    *,
    obj: models.Model,
    organisation_id: int | None,
    actor: Any | None,
    action: str,
    fields: Mapping[str, list[Any]] | None = None,
    note: str = "",
    actor_label: str = "",
) -> Change:
    change = change_build(
        obj=obj,
        organisation_id=organisation_id,
        actor=actor,
        action=action,
        fields=fields,
        note=note,
        actor_label=actor_label,
    )
    change.save()
    return change


class Acting(Protocol):
    """Who acts in which organisation: an ``OrgContext`` (core does not import orgs)."""

    @property
    def organisation(self) -> Any: ...
    @property
    def user(self) -> Any: ...


def change_by(
    ctx: Acting,
    obj: models.Model,
    *,
    action: str,
    fields: Mapping[str, list[Any]] | None = None,
    note: str = "",
) -> Change:
    """Record that the person acting in ``ctx`` changed ``obj`` (in ctx's organisation)."""
    return change_record(
        obj=obj,
        organisation_id=ctx.organisation.pk,
        actor=ctx.user,
        action=action,
        fields=fields,
        note=note,
    )


def change_record_many(changes: Iterable[Change]) -> None:
    Change.objects.bulk_create(list(changes), batch_size=1000)


class ChangeBatch:
    """Collects the history of a bulk operation (an import) and writes it in one go."""

    def __init__(self, *, organisation_id: int, actor: Any | None, actor_label: str, note: str):
        self.organisation_id = organisation_id
        self.actor = actor
        self.actor_label = actor_label
        self.note = note
        self.changes: list[Change] = []

    def add(self, obj: models.Model, action: str, fields: Mapping[str, list[Any]]) -> None:
        self.changes.append(
            change_build(
                obj=obj,
                organisation_id=self.organisation_id,
                actor=self.actor,
                actor_label=self.actor_label,
                action=action,
                fields=fields,
                note=self.note,
            )
        )

    def save(self) -> None:
        change_record_many(self.changes)
