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
from koers.triage.rules.law import CURRENT as LAW
from koers.triage.rules.schema import Facts, Result
from koers.triage.schemas import (
    DateChangeOut,
    DueDateOut,
    DueOut,
    OutcomeChangeOut,
    PortfolioOut,
    ReconfirmOut,
    TriageOut,
)

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
        rules_current=triage is None or triage.rules_version == LAW.version,
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
        reconfirm=selectors.reconfirm_count(organisation=ctx.organisation),
    )


@router.get(
    "/orgs/{org}/triage/reconfirm",
    response={200: list[ReconfirmOut], **ERRORS},
    summary="Triages made with older rules, and what the current rules would change",
    description="A stored triage keeps the rules it was made with; these are the ones made with "
    "an older version than the current one, those whose outcome would change first.",
    operation_id="triage_reconfirm_list",
)
def triage_reconfirm_list(request: HttpRequest, org: OrgSlug) -> list[ReconfirmOut]:
    ctx = api_org_context(request, org)
    return [
        ReconfirmOut(
            usecase_id=item.usecase.pk,
            reference=item.usecase.reference,
            status=item.triage.status,
            rules_version=item.triage.rules_version,
            changes_outcome=item.changes_outcome,
            outcomes=[
                OutcomeChangeOut(outcome=name, before=before, after=after)
                for name, before, after in item.outcomes
            ],
            added=[o.code for o in item.added],
            removed=[o.code for o in item.removed],
            dates=[
                DateChangeOut(
                    code=c.obligation.code, before=c.before, after=c.obligation.applies_from
                )
                for c in item.dates
            ],
            after=item.after,
        )
        for item in selectors.reconfirm_list(organisation=ctx.organisation)
    ]


@router.post(
    "/orgs/{org}/usecases/{id}/triage/reconfirm",
    response={200: TriageOut, **ERRORS},
    summary="Re-confirm a triage made with older rules under the current ones",
    description="Legal and admins. The saved answers are judged by the current rules and what "
    "changes is recorded; a signed-off triage stays signed off (by the caller) only if every "
    "outcome is still settled. 422 when the triage already follows the current rules.",
    operation_id="usecase_triage_reconfirm",
)
def triage_reconfirm(
    request: HttpRequest, org: OrgSlugWith[str, Perm.SIGN_OFF_TRIAGE], id: UseCaseId
) -> TriageOut:
    ctx = api_org_context(request, org)
    usecase = _usecase(ctx, id)
    services.triage_reconfirm(ctx, usecase=usecase)
    return _triage_out(request, ctx, usecase)


@router.get(
    "/orgs/{org}/triage/timeline",
    response={200: list[DueDateOut], **ERRORS},
    summary="What applies when: the obligations of the triaged use cases by date",
    operation_id="triage_timeline",
)
def triage_timeline(request: HttpRequest, org: OrgSlug) -> list[DueDateOut]:
    ctx = api_org_context(request, org)
    return [
        DueDateOut(
            date=day.on,
            applies=day.applies,
            obligations=[
                DueOut(
                    code=due.obligation.code,
                    article=due.obligation.article,
                    usecase_ids=[usecase.pk for usecase in due.usecases],
                )
                for due in day.obligations
            ],
        )
        for day in selectors.timeline(organisation=ctx.organisation)
    ]


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
