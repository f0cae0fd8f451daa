"""From "where could AI help you most?" to the backlog: the written answers the results publish
become anonymous ideas, once each, after the facilitator picked them.

Only what ``results.py`` shows is offered (the organisation's list when it has k respondents,
otherwise the lists of published departments), so nothing reaches the backlog that the results
page keeps back. An idea names a department only when every mention of it was in one published
department. Identical answers (ignoring case, spaces and end punctuation) are one idea with the
number of people who wrote it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.backlog.selectors.usecases import usecases_from_source
from koers.backlog.services.themes import SimilarUseCase, usecase_similar
from koers.backlog.services.usecases import UseCaseData, usecase_create
from koers.core.anonymity import ORGANISATION
from koers.core.services import change_by
from koers.diagnostic.instruments.schema import Instrument, TextQuestion
from koers.diagnostic.selectors.open_answers import normalised
from koers.diagnostic.selectors.result_shapes import UNKNOWN
from koers.diagnostic.selectors.results import wave_results
from koers.orgs.permissions import Perm

if TYPE_CHECKING:
    from koers.backlog.models.usecases import UseCase
    from koers.diagnostic.models import Wave
    from koers.orgs.tenancy import OrgContext

TITLE_LENGTH = 80
SIMILAR_AT = 0.35  # an existing use case this alike is shown next to the idea
SOURCE_KEY = "scan_wave"


@dataclass
class Idea:
    text: str
    mentions: int
    department: str | None = None  # a department key, when all mentions are in one
    similar: list[SimilarUseCase] = field(default_factory=list)
    usecase: UseCase | None = None  # when handed off already

    @property
    def key(self) -> str:
        return normalised(self.text)


def title_of(text: str) -> str:
    """The first sentence, cut at a word before ``TITLE_LENGTH`` characters."""
    first = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0].rstrip(".")
    if len(first) <= TITLE_LENGTH:
        return first
    return first[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def backlog_questions(wave: Wave, destination: str = "backlog") -> list[str]:
    """The wave's open questions whose answers go to ``destination`` (backlog or voice)."""
    instrument = Instrument.model_validate(wave.version.definition)
    return [
        q.id
        for q in instrument.questions()
        if isinstance(q, TextQuestion) and q.destination == destination
    ]


def wave_ideas(
    ctx: OrgContext, *, wave: Wave, with_similar: bool = True, destination: str = "backlog"
) -> list[Idea]:
    """The wave's published answers to its questions for ``destination`` (the backlog's "where
    could AI help", or Voice's worries), the same ones once, most mentioned first."""
    ctx.require(Perm.MANAGE_SCANS)
    questions = set(backlog_questions(wave, destination))
    results = wave_results(ctx, wave)
    everyone: Counter[str] = Counter()
    first_written: dict[str, str] = {}
    per_department: dict[str, Counter[str]] = {}
    for text in results.texts:
        if text.id not in questions:
            continue
        for (department, _role), answers in text.cells.items():
            for answer in answers:
                key = normalised(answer)
                if not key:
                    continue
                first_written.setdefault(key, answer.strip())
                if department is None:
                    everyone[key] += 1
                else:
                    per_department.setdefault(department, Counter())[key] += 1
    if not any(ORGANISATION in t.cells for t in results.texts if t.id in questions):
        for counts in per_department.values():
            everyone.update(counts)
    done = handed_off(wave)
    ideas = []
    for key, mentions in sorted(everyone.items(), key=lambda kv: (-kv[1], kv[0])):
        places = [d for d, counts in per_department.items() if counts.get(key) == mentions]
        department = places[0] if len(places) == 1 and places[0] != UNKNOWN else None
        idea = Idea(first_written[key], mentions, department, usecase=done.get(key))
        if with_similar and idea.usecase is None and destination == "backlog":
            idea.similar = [
                s for s in usecase_similar(ctx, text=idea.text, limit=3) if s.score >= SIMILAR_AT
            ]
        ideas.append(idea)
    return ideas


def handed_off(wave: Wave) -> dict[str, UseCase]:
    """The use cases this wave's ideas became, by normalised text."""
    found = usecases_from_source(
        organisation_id=wave.organisation_id, key=SOURCE_KEY, value=wave.pk
    )
    return {str(u.source.get("scan_text", "")): u for u in found}


@transaction.atomic
def ideas_hand_off(ctx: OrgContext, *, wave: Wave, chosen: list[str]) -> list[UseCase]:
    """Add the chosen ideas (by text) to the backlog as anonymous ideas; an idea already added
    is left alone. A text that is not one of the wave's published ideas is refused and nothing
    is added."""
    ctx.require(Perm.MANAGE_SCANS)
    ctx.require(Perm.SUBMIT_USECASE)
    if wave.organisation_id != ctx.organisation.pk:
        raise ValidationError(_("This wave belongs to another organisation."))
    offered = {idea.key: idea for idea in wave_ideas(ctx, wave=wave, with_similar=False)}
    keys = [normalised(text) for text in chosen]
    unknown = [text for text, key in zip(chosen, keys, strict=True) if key not in offered]
    if unknown:
        raise ValidationError(_("Choose among the ideas of this scan."))
    created = []
    for key in sorted(set(keys)):
        idea = offered[key]
        if idea.usecase is not None:
            continue
        departments = () if idea.department is None else (int(idea.department),)
        usecase = usecase_create(
            ctx,
            data=UseCaseData(
                title=title_of(idea.text), solution=idea.text, department_ids=departments
            ),
            anonymous=True,
        )
        usecase.source = {SOURCE_KEY: wave.pk, "scan_text": key, "mentions": idea.mentions}
        usecase.save(update_fields=["source"])
        created.append(usecase)
    if created:
        change_by(
            ctx,
            wave,
            action="updated",
            fields={"ideas_to_backlog": [None, [u.reference for u in created]]},
        )
    return created
