"""Bounded input types for the API's schemas, shared by every app.

Every string, integer and list an API operation reads has a bound here, so hostile input (a 4 MB
text, an id beyond 2^63, a NUL byte that PostgreSQL refuses, a list of a million ids) gets a 422
before a service or the database sees it. An app narrows them further where its model is
narrower: ``Annotated[Line, Field(max_length=120)]``.
"""

from __future__ import annotations

from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

# The largest id: a BigAutoField, and SQLite's largest integer.
MAX_ID = 2**63 - 1
# The largest count or offset: PostgreSQL's integer.
MAX_COUNT = 2**31 - 1
MAX_LINE = 300  # one line: a name, a title, a filter
MAX_TEXT = 20_000  # a text of a few pages
MAX_IDS = 1000  # ids in one list


def _storable(value: str) -> str:
    # PostgreSQL stores no NUL character. (An unpaired surrogate, "\\ud800" in JSON, which no
    # database stores, pydantic refuses in any string with a constraint.)
    if "\x00" in value:
        raise PydanticCustomError("nul_character", _("Text may not contain NUL characters."))
    return value


Storable = AfterValidator(_storable)

Line = Annotated[str, StringConstraints(max_length=MAX_LINE), Storable]
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT), Storable]
# Required text: surrounding white space is dropped, and something must remain.
RequiredLine = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LINE), Storable
]
RequiredText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT), Storable
]

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Ids = Annotated[list[Id], Field(max_length=MAX_IDS)]
