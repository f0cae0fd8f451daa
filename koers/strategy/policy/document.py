"""A published version as the JSON export gives it (``koers export policy --format json``, the
API): the version's number and language, each section's number, title and plain text, and the
matrix. No Django here."""

from __future__ import annotations

from typing import Any

from koers.strategy.policy.content import PolicyContent
from koers.strategy.policy.html_blocks import html_plain_text


def policy_document(content: PolicyContent, version: int) -> dict[str, Any]:
    tools = {tool.key: tool.name for tool in content.tools}
    classes = {data_class.key: index for index, data_class in enumerate(content.data_classes)}
    order = {tool.key: index for index, tool in enumerate(content.tools)}
    cells = sorted(content.cells, key=lambda c: (order[c.tool], classes[c.data_class]))
    return {
        "version": version,
        "language": content.language,
        "sections": [
            {"number": s.number, "title": s.title, "text": html_plain_text(s.html)}
            for s in content.sections
        ],
        "matrix": {
            "data_classes": [d.key for d in content.data_classes],
            "cells": [
                {
                    "tool": tools[cell.tool],
                    "data_class": cell.data_class,
                    "answer": cell.answer.value,
                    "condition": cell.condition,
                    "section": cell.section,
                }
                for cell in cells
            ],
        },
    }
