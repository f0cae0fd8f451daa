"""Reading the use-case register, always within one organisation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from koers.backlog.models.usecases import Stage, UseCase, Vote
from koers.backlog.services.themes import SimilarUseCase, usecase_similar
from koers.orgs.models import Organisation
from koers.orgs.tenancy import OrgContext

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "votes": ("-vote_count", "-created_at", "-id"),
    "title": ("title", "id"),
    "stage": ("stage", "-created_at", "-id"),
    "reference": ("number",),
}


@dataclass(frozen=True)
class UseCaseFilter:
    q: str = ""
    department: int | None = None
    stage: str = ""
    technique: str = ""
    personal_data: str = ""
    # The risk triage (koers.triage): a value of its column, or NOT_TRIAGED.
    risk_group: str = ""
    ai_role: str = ""
    transparency: str = ""
    dpia: str = ""
    triage_status: str = ""
    sort: str = "newest"


NOT_TRIAGED = "not_triaged"
TRIAGE_FILTERS = {
    "risk_group": "risk_group",
    "ai_role": "role",
    "transparency": "transparency",
    "dpia": "dpia",
    "triage_status": "status",
}


def usecase_list(
    *, organisation: Organisation, filters: UseCaseFilter | None = None
) -> QuerySet[UseCase]:
    """The open register: use cases merged into another are left out (their page stays)."""
    filters = filters or UseCaseFilter()
    qs = UseCase.objects.filter(organisation=organisation, merged_into__isnull=True)
    if filters.q:
        for word in filters.q.split():
            term = Q(title__icontains=word) | Q(problem__icontains=word)
            term |= Q(solution__icontains=word) | Q(benefits__icontains=word)
            term |= Q(external_id__iexact=word)
            if word.upper().startswith("UC-") and word[3:].isdigit():
                term |= Q(number=int(word[3:]))
            qs = qs.filter(term)
    if filters.department:
        qs = qs.filter(departments__id=filters.department)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.technique:
        qs = qs.filter(technique=filters.technique)
    if filters.personal_data:
        qs = qs.filter(personal_data=filters.personal_data)
    for name, column in TRIAGE_FILTERS.items():
        value = getattr(filters, name)
        if value == NOT_TRIAGED:
            qs = qs.filter(triage__isnull=True)
        elif value:
            qs = qs.filter(**{f"triage__{column}": value})
    return qs.order_by(*SORTS.get(filters.sort, SORTS["newest"])).prefetch_related("departments")


def usecase_get(*, organisation: Organisation, pk: int) -> UseCase:
    """The use case ``pk`` of this organisation; ``UseCase.DoesNotExist`` for anyone else's."""
    return UseCase.objects.select_related("submitted_by", "merged_into").get(
        organisation=organisation, pk=pk
    )


REFERENCE = re.compile(r"^\s*(?:UC\s*-?\s*)?(\d+)\s*$", re.IGNORECASE)


def usecase_get_by_reference(*, organisation: Organisation, reference: str) -> UseCase:
    """The use case ``UC-12`` (also ``uc 12`` or ``12``) of this organisation;
    ``UseCase.DoesNotExist`` when there is none."""
    match = REFERENCE.match(reference)
    if match is None:
        raise UseCase.DoesNotExist
    return UseCase.objects.get(organisation=organisation, number=int(match.group(1)))


def usecase_merged_from(*, usecase: UseCase) -> list[UseCase]:
    """Every use case merged into this one, also by way of another merged one, oldest first."""
    found: list[UseCase] = []
    layer = [usecase.pk]
    while layer:
        merged = list(
            UseCase.objects.filter(organisation_id=usecase.organisation_id, merged_into__in=layer)
            .exclude(pk__in=[usecase.pk, *(u.pk for u in found)])
            .order_by("number")
        )
        found.extend(merged)
        layer = [u.pk for u in merged]
    return found


class VotedByMe(TypedDict):
    voted_by_me: bool


def usecase_with_vote(
    usecases: QuerySet[UseCase], *, user_id: int
) -> QuerySet[WithAnnotations[UseCase, VotedByMe]]:
    """``usecases`` as the API answers them: each says whether ``user_id`` voted for it
    (``voted_by_me``), with its organisation and submitter in the same query."""
    voted = Vote.objects.filter(usecase=OuterRef("pk"), user_id=user_id)
    return usecases.select_related("organisation", "submitted_by").annotate(
        voted_by_me=Exists(voted)
    )


def usecase_get_with_vote(
    *, organisation: Organisation, pk: int, user_id: int
) -> WithAnnotations[UseCase, VotedByMe]:
    """``usecase_get`` with ``voted_by_me`` (see ``usecase_with_vote``)."""
    found = UseCase.objects.filter(organisation=organisation).prefetch_related("departments")
    return usecase_with_vote(found, user_id=user_id).get(pk=pk)


def usecase_voted_by(*, usecase: UseCase, user_id: int) -> bool:
    return Vote.objects.filter(usecase=usecase, user_id=user_id).exists()


def usecase_ids_voted_by(*, organisation: Organisation, user_id: int) -> set[int]:
    return set(
        Vote.objects.filter(usecase__organisation=organisation, user_id=user_id).values_list(
            "usecase_id", flat=True
        )
    )


# Suggestions start once the text says something: a word or two matches almost anything.
INTAKE_MIN_WORDS = 3
INTAKE_LIMIT = 5
# Below this similarity the texts share an incidental word ("every", "hours"), not a need.
INTAKE_MIN_SCORE = 0.2


def intake_suggestions(ctx: OrgContext, *, title: str, problem: str) -> list[SimilarUseCase]:
    """Existing use cases like the one being typed on the intake form, most similar first."""
    text = f"{title.strip()}\n{problem.strip()}".strip()
    if len(text.split()) < INTAKE_MIN_WORDS:
        return []
    found = usecase_similar(ctx, text=text, limit=INTAKE_LIMIT)
    return [match for match in found if match.score >= INTAKE_MIN_SCORE]


def usecase_register(*, organisation: Organisation) -> QuerySet[UseCase]:
    """The register's use cases in number order; merged ones are left out."""
    return UseCase.objects.filter(organisation=organisation, merged_into__isnull=True).order_by(
        "number"
    )


def usecases_from_source(*, organisation_id: int, key: str, value: object) -> QuerySet[UseCase]:
    """The use cases that came from elsewhere in Koers (``source[key] == value``), e.g. the ideas
    of one scan wave."""
    return UseCase.objects.filter(organisation_id=organisation_id, **{f"source__{key}": value})


def usecase_stage_counts(*, organisation: Organisation) -> dict[str, int]:
    """How many use cases of the open register are at each stage (every stage named, 0 or more)."""
    counts = dict(
        usecase_list(organisation=organisation)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    return {stage: counts.get(stage, 0) for stage in Stage.values}


def usecases_since(*, organisation: Organisation, since: datetime) -> QuerySet[UseCase]:
    """The open register's use cases submitted after ``since``, newest first."""
    return usecase_list(organisation=organisation).filter(created_at__gt=since)


def usecases_submitted_by(*, organisation: Organisation, user_id: int) -> QuerySet[UseCase]:
    """What this person submitted by name (an anonymous submission is nobody's), newest first."""
    return usecase_list(organisation=organisation).filter(submitted_by_id=user_id, anonymous=False)
