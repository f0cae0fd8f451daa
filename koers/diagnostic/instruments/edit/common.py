"""What the editing operations share: the shape of a definition and of a location in it, the
question types and languages, and the ``Problem``s an edit can run into."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Definition = dict[str, Any]
Loc = tuple[str | int, ...]

QUESTION_TYPES = ("likert5", "likert7", "single", "multiple", "matrix", "scale10", "text")
LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Problem:
    """What is wrong: ``field`` names the form field ("" for the form as a whole), ``code`` the
    kind of problem, ``detail`` an id or line number (or the schema's own words for ``invalid``)."""

    field: str
    code: str
    detail: str = ""


class EditError(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(f"{p.field or '-'}: {p.code} {p.detail}" for p in problems))
        self.problems = list(problems)


def _fail(field: str, code: str, detail: str = "") -> EditError:
    return EditError([Problem(field, code, detail)])
