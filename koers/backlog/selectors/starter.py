"""The starter catalogue as a reader sees it: in their language, with what is already added."""

from __future__ import annotations

from dataclasses import dataclass

from koers.backlog.catalogue import starter_catalogue
from koers.backlog.models.usecases import UseCase
from koers.orgs.models import Department, Organisation

# ``UseCase.source[SOURCE_KEY]`` is the catalogue key a use case was added from.
SOURCE_KEY = "starter"


@dataclass(frozen=True)
class StarterItem:
    key: str
    title: str
    description: str
    using: int
    answering: int
    added: list[UseCase]  # the use cases already made from it, with their departments


def starter_items(*, organisation: Organisation, language: str) -> list[StarterItem]:
    added: dict[str, list[UseCase]] = {}
    made = (
        UseCase.objects.filter(organisation=organisation, source__has_key=SOURCE_KEY)
        .prefetch_related("departments")
        .order_by("number")
    )
    for usecase in made:
        added.setdefault(str(usecase.source[SOURCE_KEY]), []).append(usecase)
    return [
        StarterItem(
            key=use.key,
            title=use.title.get(language),
            description=use.description.get(language),
            using=use.using,
            answering=use.answering,
            added=added.get(use.key, []),
        )
        for use in starter_catalogue().uses
    ]


def starter_departments(*, organisation: Organisation) -> list[Department]:
    return list(Department.objects.filter(organisation=organisation).order_by("name"))
