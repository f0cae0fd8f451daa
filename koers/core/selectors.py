from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import QuerySet

from koers.core.models import Change

if TYPE_CHECKING:
    pass


def change_list_for(*, obj: models.Model, organisation_id: int) -> QuerySet[Change]:
    return Change.objects.filter(
        organisation_id=organisation_id, subject=obj._meta.label_lower, subject_id=obj.pk
    ).select_related("actor")
