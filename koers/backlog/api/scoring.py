"""The scoring API: the same selectors, services and permissions as the pages."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router

from koers.backlog.models.scoring import ScoringWeights
from koers.backlog.schemas.scoring import (
    ComponentsOut,
    ScoresOut,
    SharesOut,
    UseCaseScoreOut,
    WeightsIn,
    WeightsOut,
)
from koers.backlog.selectors import scoring as selectors
from koers.backlog.selectors.scoring import ScoredUseCase
from koers.backlog.services import scoring as services
from koers.orgs.api import ERRORS, OrgSlug, OrgSlugWith, api_org_context
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

router = Router(tags=["scoring"])


def _weights_out(weights: ScoringWeights) -> WeightsOut:
    return WeightsOut(
        hourly_cost_eur=float(weights.hourly_cost_eur),
        weight_value=weights.weight_value,
        weight_effort=weights.weight_effort,
        weight_risk=weights.weight_risk,
        weight_data_readiness=weights.weight_data_readiness,
        shares=SharesOut(**weights.as_weights().shares()),
        updated_at=weights.updated_at,
    )


def _score_out(request: HttpRequest, ctx: OrgContext, scored: ScoredUseCase) -> UseCaseScoreOut:
    usecase, score = scored.usecase, scored.score
    path = reverse("backlog:detail", kwargs={"org_slug": ctx.organisation.slug, "pk": usecase.pk})
    return UseCaseScoreOut(
        id=usecase.pk,
        reference=usecase.reference,
        title=usecase.title,
        stage=usecase.stage,
        quick_win_score=score.total,
        quadrant=score.quadrant,
        value_eur_per_year=score.value_eur,
        components=ComponentsOut(**score.components()),
        unknown=list(score.unknown),
        risk=scored.risk,  # type: ignore[arg-type]
        risk_reasons=list(scored.risk_reasons),
        url=request.build_absolute_uri(path),
    )


@router.get(
    "/orgs/{org}/scoring/weights",
    response={200: WeightsOut, **ERRORS},
    summary="The organisation's quick-win weights and hourly cost",
    operation_id="scoring_weights_get",
)
def weights_get(request: HttpRequest, org: OrgSlug) -> WeightsOut:
    ctx = api_org_context(request, org)
    return _weights_out(selectors.weights_for(organisation=ctx.organisation))


@router.put(
    "/orgs/{org}/scoring/weights",
    response={200: WeightsOut, **ERRORS},
    summary="Replace the quick-win weights and hourly cost",
    description="Programme leads and admins. A field left out gets its default value.",
    operation_id="scoring_weights_update",
)
def weights_update(
    request: HttpRequest, org: OrgSlugWith[str, Perm.MANAGE_SCORING], payload: WeightsIn
) -> WeightsOut:
    ctx = api_org_context(request, org)
    return _weights_out(services.weights_update(ctx, **payload.model_dump()))


@router.get(
    "/orgs/{org}/usecases/scores",
    response={200: ScoresOut, **ERRORS},
    summary="Quick-win scores and quadrants of the open backlog",
    description="Use cases that are not rejected, retired or merged, highest score first.",
    operation_id="usecase_scores",
)
def usecase_scores(request: HttpRequest, org: OrgSlug) -> ScoresOut:
    ctx = api_org_context(request, org)
    quadrant = selectors.backlog_quadrant(ctx)
    return ScoresOut(
        weights=_weights_out(quadrant.weights),
        value_scale_eur=quadrant.formula.value_scale_eur or 0.0,
        items=[_score_out(request, ctx, scored) for scored in quadrant.items],
    )
