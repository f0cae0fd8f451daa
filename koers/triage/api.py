"""The organisation's triages over the API: the same selectors, services and permissions as the
pages. The body of PUT is the engine's ``Facts`` object, validated only after the organisation, the
permission and the use case of the path are checked (see ``koers.orgs.api``), so a non-member
learns nothing from a 422."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from django.http import HttpRequest
from django.urls import reverse
from ninja import Body, P, PathEx, Router
from pydantic import Field

from koers.backlog.selectors.usecases import usecase_get
from koers.core.http import get_or_404
from koers.orgs.api import (
    BODY_ERRORS,
    ERRORS,
    OrgSlug,
    OrgSlugWith,
    api_org_context,
    of_organisation,
)
from koers.orgs.permissions import Perm
from koers.orgs.schemas import ErrorOut, ValidationErrorOut
from koers.triage import selectors, services
from koers.triage.rules import engine
from koers.triage.rules.engine import triage as triage_facts
from koers.triage.rules.schema import Facts, Result
from koers.triage.schemas import PortfolioOut, TriageOut

if TYPE_CHECKING:
    from koers.backlog.models.usecases import UseCase
    from koers.orgs.tenancy import OrgContext

router = Router(tags=["triage"])

UseCaseId = PathEx[
    Annotated[int, of_organisation("backlog.UseCase")],
    P(description="The use case's id (not its UC- reference)."),
]
NOT_TRIAGED = "not_triaged"
# Use cases triaged by one call of POST /triage.
MAX_BATCH = 1000


def _usecase(ctx: OrgContext, pk: int) -> UseCase:
    return get_or_404(usecase_get, organisation=ctx.organisation, pk=pk)


def _triage_out(request: HttpRequest, ctx: OrgContext, usecase: UseCase) -> TriageOut:
    triage = selectors.triage_for(usecase=usecase)
    facts = selectors.facts_of(triage)
    path = reverse("triage:usecase", kwargs={"org_slug": ctx.organisation.slug, "pk": usecase.pk})
    return TriageOut(
        usecase_id=usecase.pk,
        reference=usecase.reference,
        status=triage.status if triage else NOT_TRIAGED,
        facts=facts,
        result=selectors.result_of(triage),
        pivotal=engine.pivotal(facts),
        updated_by=str(triage.updated_by) if triage and triage.updated_by else None,
        updated_at=triage.updated_at if triage else None,
        signed_off_by=str(triage.signed_off_by) if triage and triage.signed_off_by else None,
        signed_off_at=triage.signed_off_at if triage else None,
        url=request.build_absolute_uri(path),
    )


@router.get(
    "/orgs/{org}/usecases/{id}/triage",
    response={200: TriageOut, **ERRORS},
    summary="A use case's risk triage: the answers, the outcome and what would change it",
    description="Before anything is saved, status is not_triaged and the result is the "
    "engine's outcome of knowing nothing.",
    operation_id="usecase_triage_get",
)
def triage_get(request: HttpRequest, org: OrgSlug, id: UseCaseId) -> TriageOut:
    ctx = api_org_context(request, org)
    return _triage_out(request, ctx, _usecase(ctx, id))


@router.put(
    "/orgs/{org}/usecases/{id}/triage",
    response={200: TriageOut, **BODY_ERRORS},
    summary="Answer a use case's risk triage",
    description="The body is the facts object of `POST /api/v1/triage` (a missing key or null "
    "means don't know); it replaces the saved answers and the result is the engine's. Saving "
    "changed answers of a signed-off triage clears the sign-off. Admins, leads, evangelists "
    "and legal.",
    operation_id="usecase_triage_put",
)
def triage_put(
    request: HttpRequest, org: OrgSlugWith[str, Perm.TRIAGE], id: UseCaseId, payload: Facts
) -> TriageOut:
    ctx = api_org_context(request, org)
    usecase = _usecase(ctx, id)
    services.triage_save(ctx, usecase=usecase, facts=payload)
    return _triage_out(request, ctx, usecase)


@router.post(
    "/orgs/{org}/usecases/{id}/triage/signoff",
    response={200: TriageOut, **ERRORS},
    summary="Sign a complete triage off",
    description="Legal and admins. A triage that needs review cannot be signed off (422).",
    operation_id="usecase_triage_signoff",
)
def triage_signoff(
    request: HttpRequest, org: OrgSlugWith[str, Perm.SIGN_OFF_TRIAGE], id: UseCaseId
) -> TriageOut:
    ctx = api_org_context(request, org)
    usecase = _usecase(ctx, id)
    services.triage_sign_off(ctx, usecase=usecase)
    return _triage_out(request, ctx, usecase)


@router.get(
    "/orgs/{org}/triage",
    response={200: PortfolioOut, **ERRORS},
    summary="Triage counts of the register: risk groups, DPIA, transparency, open reviews",
    operation_id="triage_portfolio",
)
def triage_portfolio(request: HttpRequest, org: OrgSlug) -> PortfolioOut:
    ctx = api_org_context(request, org)
    counts = selectors.portfolio(organisation=ctx.organisation)
    return PortfolioOut(
        total=counts.total,
        risk_group=counts.risk_group,
        dpia=counts.dpia,
        transparency=counts.transparency,
        needs_review=counts.needs_review,
        not_signed_off=counts.not_signed_off,
        open_reviews=counts.open_reviews,
    )


# Not tied to an organisation: it reads no stored data and stores nothing, so any authenticated
# caller may use it; the same as ``koers triage``.
@router.post(
    "/triage",
    response={
        200: Result | list[Result],
        400: ErrorOut,
        401: ErrorOut,
        413: ErrorOut,
        422: ValidationErrorOut,
    },
    summary="EU AI Act classification, duties and DPIA outcome of use-case facts",
    description=(
        "Send the facts of one use case (an object) or of several (a list); the answer is one "
        "result or a list in the same order. A missing or null fact means 'unknown' and makes "
        "every outcome it could change `needs_review`. See docs/triage.md."
    ),
    operation_id="triage",
)
def triage_of_facts(
    request: HttpRequest, facts: Body[Facts | Annotated[list[Facts], Field(max_length=MAX_BATCH)]]
) -> Result | list[Result]:
    if isinstance(facts, list):
        return [triage_facts(item) for item in facts]
    return triage_facts(facts)
