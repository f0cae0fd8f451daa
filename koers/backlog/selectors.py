"""Reading the use-case register, always within one organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from koers.backlog.models import UseCase, Vote
from koers.orgs.models import Organisation

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
    sort: str = "newest"


def usecase_list(
    *, organisation: Organisation, filters: UseCaseFilter | None = None
) -> QuerySet[UseCase]:
    filters = filters or UseCaseFilter()
    qs = UseCase.objects.filter(organisation=organisation)
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
    return qs.order_by(*SORTS.get(filters.sort, SORTS["newest"])).prefetch_related("departments")


def usecase_get(*, organisation: Organisation, pk: int) -> UseCase:
    """The use case ``pk`` of this organisation; ``UseCase.DoesNotExist`` for anyone else's."""
    return UseCase.objects.select_related("submitted_by").get(organisation=organisation, pk=pk)


def usecase_voted_by(*, usecase: UseCase, user_id: int) -> bool:
    return Vote.objects.filter(usecase=usecase, user_id=user_id).exists()


def usecase_ids_voted_by(*, organisation: Organisation, user_id: int) -> set[int]:
    return set(
        Vote.objects.filter(usecase__organisation=organisation, user_id=user_id).values_list(
            "usecase_id", flat=True
        )
    )
