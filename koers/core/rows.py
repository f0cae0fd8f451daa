"""Model instances from a hand-written ``SELECT``, for the few lookups on a hot path.

Building a query with the ORM costs more than the database's work when a request does little
else (answering a scan: a unique-index lookup with two joins). ``Columns`` names a model's
columns under a table alias for such a query and turns the selected values back into an instance
with the ORM's own converters and ``Model.from_db``, so what comes back is the same as from a
queryset (deferred fields are loaded on access).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any, Generic, TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)
Converter = Callable[[Any, Any, Any], Any]


class Columns(Generic[M]):
    """``model``'s concrete columns, except ``defer``, as selected under ``alias``."""

    def __init__(self, model: type[M], alias: str, *, defer: Sequence[str] = ()) -> None:
        self.model = model
        self.alias = alias
        self.fields = [f for f in model._meta.concrete_fields if f.attname not in defer]

    @property
    def table(self) -> str:
        """The quoted table and its alias, for a ``FROM`` or ``JOIN``."""
        return f"{connection.ops.quote_name(self.model._meta.db_table)} {self.alias}"

    @property
    def select(self) -> str:
        """The quoted columns, comma-separated."""
        quote = connection.ops.quote_name
        return ", ".join(f"{self.alias}.{quote(f.column)}" for f in self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    @cached_property
    def _converters(self) -> list[tuple[Any, list[Converter]]]:
        """Per column, the expression and the converters the ORM applies to it, in its order
        (``SQLCompiler.get_converters``: the backend's, then the field's)."""
        return [
            (
                f.cached_col,
                [
                    *connection.ops.get_db_converters(f.cached_col),
                    *f.cached_col.get_db_converters(connection),
                ],
            )
            for f in self.fields
        ]

    def instance(self, values: Sequence[Any]) -> M:
        """The instance of the selected ``values``, in the order of ``select``."""
        converted = []
        for value, (column, converters) in zip(values, self._converters, strict=True):
            for convert in converters:
                value = convert(value, column, connection)
            converted.append(value)
        return self.model.from_db(connection.alias, [f.attname for f in self.fields], converted)
