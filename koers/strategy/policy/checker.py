""" "May I use this tool for this?": the answer of a published policy's matrix for a tool and a
data class. No Django here; the page, the API and ``koers policy check`` all ask ``check``.

A tool is found by its name or key, ignoring case, spacing and punctuation ("chat gpt
enterprise" finds "ChatGPT Enterprise"); a data class by its key or label, ignoring case. A tool
that is not in the matrix, or whose cell for that data class is still empty, answers
``not_listed``: nobody has decided yet, so the reader asks the programme team rather than guess.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from typing import Any, Literal

from koers.strategy.policy.content import DataClass, PolicyContent, Tool

CheckAnswer = Literal["yes", "no", "conditional", "not_listed"]
NOT_LISTED: CheckAnswer = "not_listed"
MAX_QUERY = 120  # characters of a tool name or data class asked about


class UnknownDataClass(ValueError):
    """The data class asked about is not one of the policy's; ``valid`` lists the ones that are
    (their keys, in the policy's order)."""

    def __init__(self, asked: str, valid: list[DataClass]) -> None:
        self.asked = asked
        self.valid = valid
        keys = ", ".join(d.key for d in valid)
        super().__init__(f"unknown data class {asked!r}; the valid classes are: {keys}")


@dataclass(frozen=True)
class CheckResult:
    """``tool`` and ``data_class`` as the policy names them (the tool as asked when it is not
    listed); ``section`` the number of the section to read, or None."""

    tool: str
    data_class: str
    answer: CheckAnswer
    condition: str
    section: str | None
    tool_key: str | None = None
    data_class_label: str = ""

    @property
    def listed(self) -> bool:
        return self.answer != NOT_LISTED

    def as_json(self) -> dict[str, Any]:
        """The answer as the API and the command line give it."""
        data = asdict(self)
        return {key: data[key] for key in ("tool", "data_class", "answer", "condition", "section")}


def tool_fold(name: str) -> str:
    """A tool's name as compared: letters and digits only, without accents, in lower case."""
    decomposed = unicodedata.normalize("NFKD", str(name)[:MAX_QUERY])
    return "".join(ch for ch in decomposed if ch.isalnum()).casefold()


def tool_find(content: PolicyContent, name: str) -> Tool | None:
    folded = tool_fold(name)
    if not folded:
        return None
    for tool in content.tools:
        if folded in (tool_fold(tool.name), tool_fold(tool.key)):
            return tool
    return None


def data_class_find(content: PolicyContent, name: str) -> DataClass:
    """The data class by key or label, ignoring case and surrounding spaces; UnknownDataClass
    when there is none."""
    wanted = " ".join(str(name)[:MAX_QUERY].split()).casefold()
    for data_class in content.data_classes:
        if wanted in (data_class.key.casefold(), " ".join(data_class.label.split()).casefold()):
            return data_class
    raise UnknownDataClass(str(name)[:MAX_QUERY], list(content.data_classes))


def check(content: PolicyContent, tool_name: str, data_class: str) -> CheckResult:
    """What the matrix says about putting ``data_class`` data into ``tool_name``."""
    found_class = data_class_find(content, data_class)
    tool = tool_find(content, tool_name)
    if tool is None:
        return CheckResult(
            tool=" ".join(str(tool_name)[:MAX_QUERY].split()),
            data_class=found_class.key,
            answer=NOT_LISTED,
            condition="",
            section=None,
            data_class_label=found_class.label,
        )
    cell = content.cell(tool.key, found_class.key)
    return CheckResult(
        tool=tool.name,
        data_class=found_class.key,
        answer=cell.answer.value if cell else NOT_LISTED,
        condition=cell.condition if cell else "",
        section=cell.section if cell else None,
        tool_key=tool.key,
        data_class_label=found_class.label,
    )
