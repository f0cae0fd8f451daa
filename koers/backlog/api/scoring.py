"""The scoring API: the same selectors, services and permissions as the pages."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from koers.backlog.models.scoring import ScoringWeights
from koers.backlog.schemas.scoring import ScoresOut, WeightsIn, WeightsOut
from koers.backlog.selectors import scoring as selectors
from koers.backlog.services import scoring as services
from koers.orgs.api import BODY_ERRORS, ERRORS, OrgSlug, OrgSlugWith, api_org_context
from koers.orgs.permissions import Perm

router = Router(tags=["scoring"])


@router.get(
    "/orgs/{org}/scoring/weights",
    response={200: WeightsOut, **ERRORS},
    summary="The organisation's quick-win weights and hourly cost",
    operation_id="scoring_weights_get",
)
def weights_get(request: HttpRequest, org: OrgSlug) -> ScoringWeights:
    return selectors.weights_for(organisation=api_org_context(request, org).organisation)


@router.put(
    "/orgs/{org}/scoring/weights",
    response={200: WeightsOut, **BODY_ERRORS},
    summary="Replace the quick-win weights and hourly cost",
    description="Programme leads and admins. Send all five fields: a missing or unknown one "
    "answers 422 and changes nothing.",
    operation_id="scoring_weights_update",
)
def weights_update(
    request: HttpRequest, org: OrgSlugWith[str, Perm.MANAGE_SCORING], payload: WeightsIn
) -> ScoringWeights:
    return services.weights_update(api_org_context(request, org), **payload.model_dump())


@router.get(
    "/orgs/{org}/usecases/scores",
    response={200: ScoresOut, **ERRORS},
    summary="Quick-win scores and quadrants of the open backlog",
    description="Use cases that are not rejected, retired or merged, highest score first.",
    operation_id="usecase_scores",
)
def usecase_scores(request: HttpRequest, org: OrgSlug) -> ScoresOut:
    quadrant = selectors.backlog_quadrant(api_org_context(request, org))
    return ScoresOut.model_validate(
        {
            "weights": quadrant.weights,
            "value_scale_eur": quadrant.formula.value_scale_eur or 0.0,
            "items": quadrant.items,
        },
        context={"request": request},
    )
