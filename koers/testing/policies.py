"""A published AI policy for tests: real rows, a real-looking Dutch matrix."""

from __future__ import annotations

from typing import Any

from koers.orgs.models import Organisation
from koers.strategy.models import Policy, PolicyVersion
from koers.strategy.policy.content import PolicyContent


def sample_content(language: str = "nl", **changes: Any) -> dict[str, Any]:
    """A small policy: three sections, the four usual data classes, three tools."""
    dutch = language == "nl"
    data: dict[str, Any] = {
        "language": language,
        "title": "AI-beleid" if dutch else "AI policy",
        "sections": [
            {
                "key": "purpose",
                "number": "1",
                "title": "Doel en reikwijdte" if dutch else "Purpose and scope",
                "html": "<p>Dit beleid geldt voor <strong>iedereen</strong>.</p>"
                if dutch
                else "<p>This policy applies to <strong>everyone</strong>.</p>",
            },
            {
                "key": "tools",
                "number": "4",
                "title": "Goedgekeurde tools" if dutch else "Approved tools",
                "html": "<p>Alleen de tools hieronder.</p><ul><li>Vraag het team</li></ul>",
            },
            {
                "key": "personal-data",
                "number": "4.2",
                "title": "Persoonsgegevens en de AVG" if dutch else "Personal data and the GDPR",
                "html": "<p>Geen <em>persoonsgegevens</em> in publieke tools.</p>"
                "<ol><li>Anonimiseer</li><li>Vraag de FG</li></ol>"
                '<p>Zie <a href="https://autoriteitpersoonsgegevens.nl/">de AP</a>.</p>',
            },
        ],
        "data_classes": [
            {"key": "public", "label": "Openbaar" if dutch else "Public"},
            {"key": "internal", "label": "Intern" if dutch else "Internal"},
            {"key": "confidential", "label": "Vertrouwelijk" if dutch else "Confidential"},
            {"key": "personal", "label": "Persoonsgegevens" if dutch else "Personal data"},
        ],
        "tools": [
            {"key": "m365-copilot", "name": "Microsoft 365 Copilot"},
            {"key": "chatgpt-enterprise", "name": "ChatGPT Enterprise"},
            {"key": "deepl", "name": "DeepL"},
        ],
        "cells": [
            {"tool": "m365-copilot", "data_class": "public", "answer": "yes"},
            {"tool": "m365-copilot", "data_class": "internal", "answer": "yes"},
            {
                "tool": "m365-copilot",
                "data_class": "personal",
                "answer": "conditional",
                "condition": "Alleen met een DPIA" if dutch else "Only with a DPIA",
                "section": "4.2",
            },
            {"tool": "chatgpt-enterprise", "data_class": "public", "answer": "yes"},
            {
                "tool": "chatgpt-enterprise",
                "data_class": "internal",
                "answer": "conditional",
                "condition": "Alleen zonder persoonsgegevens"
                if dutch
                else "Only without personal data",
                "section": "4.2",
            },
            {
                "tool": "chatgpt-enterprise",
                "data_class": "personal",
                "answer": "no",
                "section": "4.2",
            },
            {"tool": "deepl", "data_class": "public", "answer": "yes", "section": "4"},
        ],
    }
    data.update(changes)
    return PolicyContent.model_validate(data).model_dump(mode="json")


def make_published_policy(
    organisation: Organisation, *, language: str = "nl", number: int = 1, **changes: Any
) -> PolicyVersion:
    """The organisation's policy with version ``number`` published (any published one before it
    superseded)."""
    from koers.core import clock

    policy, _created = Policy.objects.get_or_create(organisation=organisation)
    policy.versions.filter(status=PolicyVersion.Status.PUBLISHED).update(
        status=PolicyVersion.Status.SUPERSEDED
    )
    return PolicyVersion.objects.create(
        policy=policy,
        number=number,
        status=PolicyVersion.Status.PUBLISHED,
        content=sample_content(language, **changes),
        published_at=clock.now(),
    )
