"""Walk a validated instrument or quiz to reach every text and every id in it."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from koers.diagnostic.instruments.schema import Text


def models_in(value: object) -> Iterator[BaseModel]:
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from models_in(getattr(value, name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from models_in(item)


def texts_in(value: BaseModel) -> list[Text]:
    return [m for m in models_in(value) if isinstance(m, Text)]


def ids_in(value: BaseModel) -> list[str]:
    return [m.id for m in models_in(value) if isinstance(getattr(m, "id", None), str)]  # type: ignore[attr-defined]
