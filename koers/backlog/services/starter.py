"""Adding a use from the starter catalogue to the backlog, through the ordinary intake."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.backlog.catalogue import StarterUse, starter_catalogue
from koers.backlog.models.usecases import UseCase
from koers.backlog.selectors.starter import SOURCE_KEY
from koers.backlog.selectors.usecases import intake_suggestions, usecases_from_source
from koers.backlog.services.themes import SimilarUseCase
from koers.backlog.services.usecases import UseCaseData, usecase_create
from koers.orgs.models import Department, Organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext


@dataclass(frozen=True)
class StarterAdded:
    """The new use case, or (when nothing was added) the similar ones already in the backlog."""

    usecase: UseCase | None
    similar: list[SimilarUseCase] = field(default_factory=list)


def starter_use_get(*, key: str) -> StarterUse:
    use = starter_catalogue().find(key)
    if use is None:
        raise ValidationError(_("Choose a use from the starter catalogue."))
    return use


def peer_adoption(use: StarterUse) -> str:
    return ngettext(
        "%(using)d of %(answering)d US federal agencies already uses this.",
        "%(using)d of %(answering)d US federal agencies already use this.",
        use.using,
    ) % {"using": use.using, "answering": use.answering}


@transaction.atomic
def usecase_add_from_starter(
    ctx: OrgContext, *, key: str, department_id: int, language: str, add_anyway: bool = False
) -> StarterAdded:
    """Add a catalogue use to the backlog for one department, in ``language``.

    The same use for the same department is refused. When the duplicate check of the intake form
    finds similar use cases (other than those added from other uses of the catalogue), nothing is
    added and they are returned, unless ``add_anyway``."""
    ctx.require(Perm.SUBMIT_USECASE)
    use = starter_use_get(key=key)
    # Locked first, so two clicks at once cannot both pass the check below.
    organisation = Organisation.objects.select_for_update().get(pk=ctx.organisation.pk)
    department = Department.objects.filter(organisation=organisation, pk=department_id).first()
    if department is None:
        raise ValidationError(_("Choose a department of this organisation."))
    already = (
        usecases_from_source(organisation_id=organisation.pk, key=SOURCE_KEY, value=use.key)
        .filter(departments=department)
        .order_by("number")
        .first()
    )
    if already is not None:
        raise ValidationError(
            _("This use is already on the backlog for %(department)s: %(reference)s %(title)s.")
            % {
                "department": department.name,
                "reference": already.reference,
                "title": already.title,
            }
        )
    with translation.override(language):
        title, description = use.title.get(language), use.description.get(language)
        benefits = peer_adoption(use)
    if not add_anyway:
        # Another use of the catalogue is a different use by definition, however alike the words.
        similar = [
            match
            for match in intake_suggestions(ctx, title=title, problem=description)
            if match.usecase.source.get(SOURCE_KEY) in (None, use.key)
        ]
        if similar:
            return StarterAdded(usecase=None, similar=similar)
    usecase = usecase_create(
        ctx,
        data=UseCaseData(
            title=title, solution=description, benefits=benefits, department_ids=(department.pk,)
        ),
    )
    usecase.source = {SOURCE_KEY: use.key}
    usecase.save(update_fields=["source"])
    return StarterAdded(usecase=usecase)
