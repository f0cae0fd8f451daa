"""The leadership calibration quiz over the API, with the same selectors, services and
permissions as the pages. The organisation, the permission and the round of the path are checked
before the body (see ``koers.orgs.api``), so a non-member learns nothing from a 422."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import P, PathEx, Router

from koers.diagnostic.models import CalibrationRound
from koers.diagnostic.schemas.calibration import (
    AnswersIn,
    IntervalOut,
    MyResultOut,
    RoundOut,
    StatementResultOut,
    StatementShareOut,
    TeamOut,
)
from koers.diagnostic.selectors import calibration as selectors
from koers.diagnostic.selectors.calibration import RoundOfLeader
from koers.diagnostic.services import calibration as services
from koers.diagnostic.stats.measures import Interval
from koers.orgs.api import BODY_ERRORS, ERRORS, OrgSlugWith, api_org_context, of_organisation
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

router = Router(tags=["calibration"])

RoundId = PathEx[
    Annotated[int, of_organisation(CalibrationRound)],
    P(description="The calibration round's id."),
]


def _round(ctx: OrgContext, pk: int) -> CalibrationRound:
    try:
        return selectors.round_get(organisation=ctx.organisation, pk=pk)
    except CalibrationRound.DoesNotExist as error:
        raise Http404 from error


def _interval(found: Interval | None) -> IntervalOut | None:
    return IntervalOut(low=found.low, high=found.high) if found else None


@router.get(
    "/orgs/{org}/calibration/rounds",
    response={200: list[RoundOut], **ERRORS},
    summary="The leadership calibration quiz's rounds",
    description="Leaders (admins and programme leads) and facilitators.",
    operation_id="calibration_round_list",
)
def round_list(
    request: HttpRequest, org: OrgSlugWith[str, selectors.may_see_rounds]
) -> QuerySet[WithAnnotations[CalibrationRound, RoundOfLeader]]:
    return selectors.round_list_for(api_org_context(request, org))


@router.get(
    "/orgs/{org}/calibration/rounds/{id}/team",
    response={200: TeamOut, **ERRORS},
    summary="A calibration round's team figures",
    description="Aggregates over the leaders only, never a leader's own answers; below "
    "min_answers answers every figure is null. Facilitators.",
    operation_id="calibration_team_get",
)
def team_get(
    request: HttpRequest, org: OrgSlugWith[str, Perm.MANAGE_SCANS], id: RoundId
) -> TeamOut:
    ctx = api_org_context(request, org)
    team = selectors.team_result(_round(ctx, id))
    return TeamOut(
        round_id=id,
        answered=team.answered,
        leaders=team.leaders,
        min_answers=selectors.MIN_ANSWERS,
        shown=team.shown,
        calibration=team.calibration.value if team.calibration else None,
        calibration_interval=_interval(team.calibration.interval) if team.calibration else None,
        underestimation_index=team.underestimation.value if team.underestimation else None,
        underestimation_interval=_interval(team.underestimation.interval)
        if team.underestimation
        else None,
        statements=[
            StatementShareOut(
                id=s.statement.id,
                text=s.text,
                answer=s.statement.answer,
                correct=s.correct.value or 0.0,
                underestimated=s.underestimated.value if s.underestimated else None,
            )
            for s in team.statements
        ],
        url=request.build_absolute_uri(
            reverse("diagnostic:calibration_team", kwargs={"org_slug": org, "pk": id})
        ),
    )


@router.post(
    "/orgs/{org}/calibration/rounds/{id}/answers",
    response={200: MyResultOut, **BODY_ERRORS},
    summary="Answer a calibration round (or change your answers) and get your own result",
    description="Leaders only, while the round is open. Every statement needs an answer; an "
    "unknown statement or value is refused (422) and nothing is saved.",
    operation_id="calibration_answers_post",
)
def answers_post(
    request: HttpRequest,
    org: OrgSlugWith[str, selectors.is_leader],
    id: RoundId,
    payload: AnswersIn,
) -> MyResultOut:
    ctx = api_org_context(request, org)
    calibration_round = _round(ctx, id)
    answer = services.answers_submit(
        ctx, calibration_round=calibration_round, answers=payload.answers
    )
    result = selectors.personal_result(selectors.quiz_of(calibration_round.version), answer.answers)
    return MyResultOut(
        round_id=id,
        answered=result.answered,
        right=result.right,
        score=result.score,
        underestimation=result.underestimation,
        overestimation=result.overestimation,
        statements=[
            StatementResultOut(
                id=s.statement.id,
                text=s.text,
                answer=s.statement.answer,
                given=s.given,
                right=s.right,
                source=s.source,
                as_of=s.statement.as_of,
            )
            for s in result.statements
        ],
    )
