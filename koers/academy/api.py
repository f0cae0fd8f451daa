"""The Academy over the API: evangelists, tracks and modules, sessions, registrations,
attendance, the reach and the AI-literacy evidence."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import P, PathEx, Router

from koers.academy import selectors, services
from koers.academy.models import Evangelist, Module, TrainingSession
from koers.academy.schemas import (
    AcademyModuleOut,
    AttendanceAdded,
    AttendanceIn,
    AttendanceOut,
    DecisionIn,
    EvangelistIn,
    EvangelistOut,
    LiteracyOut,
    ModuleIn,
    ReachOut,
    RegistrationOut,
    TrackOut,
    TrainingSessionIn,
    TrainingSessionOut,
)
from koers.orgs.api import (
    BODY_ERRORS,
    ERRORS,
    OrgSlug,
    OrgSlugWith,
    api_org_context,
    of_organisation,
)
from koers.orgs.models import Membership
from koers.orgs.permissions import Perm
from koers.orgs.selectors import membership_get

router = Router(tags=["academy"])

EvangelistId = PathEx[
    Annotated[int, of_organisation(Evangelist)], P(description="The evangelist's id.")
]
ModuleId = PathEx[Annotated[int, of_organisation(Module)], P(description="The module's id.")]
SessionId = PathEx[
    Annotated[int, of_organisation(TrainingSession)], P(description="The session's id.")
]


def _membership(ctx: Any, pk: int | None) -> Membership | None:
    if pk is None:
        return None
    try:
        return membership_get(organisation=ctx.organisation, pk=pk)
    except Membership.DoesNotExist as error:
        raise ValidationError({"membership_id": ["Not a member of this organisation."]}) from error


@router.get(
    "/orgs/{org}/academy/evangelists",
    response={200: list[EvangelistOut], **ERRORS},
    summary="Candidates and evangelists (programme leads)",
    operation_id="academy_evangelists",
)
def evangelist_list(request: HttpRequest, org: OrgSlugWith[str, Perm.MANAGE_ACADEMY]) -> Any:
    return selectors.evangelist_list(organisation=api_org_context(request, org).organisation)


@router.post(
    "/orgs/{org}/academy/evangelists",
    response={201: EvangelistOut, **BODY_ERRORS},
    summary="Put yourself forward as an evangelist, or nominate a colleague (leads)",
    operation_id="academy_evangelist_nominate",
)
def evangelist_nominate(request: HttpRequest, org: OrgSlug, payload: EvangelistIn) -> Any:
    ctx = api_org_context(request, org)
    membership = _membership(ctx, payload.membership_id) or ctx.membership
    evangelist = services.evangelist_nominate(
        ctx,
        membership=membership,
        motivation=payload.motivation,
        hours_per_month=payload.hours_per_month,
    )
    return 201, selectors.evangelist_get(organisation=ctx.organisation, pk=evangelist.pk)


@router.post(
    "/orgs/{org}/academy/evangelists/{id}/decision",
    response={200: EvangelistOut, **BODY_ERRORS},
    summary="Accept or decline a candidate, with a kind message (programme leads)",
    operation_id="academy_evangelist_decide",
)
def evangelist_decide(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MANAGE_ACADEMY],
    id: EvangelistId,
    payload: DecisionIn,
) -> Any:
    ctx = api_org_context(request, org)
    evangelist = selectors.evangelist_get(organisation=ctx.organisation, pk=id)
    services.evangelist_decide(
        ctx, evangelist=evangelist, accept=payload.accept, message=payload.message
    )
    return selectors.evangelist_get(organisation=ctx.organisation, pk=id)


@router.get(
    "/orgs/{org}/academy/tracks",
    response={200: list[TrackOut], **ERRORS},
    summary="The organisation's tracks with their modules",
    operation_id="academy_tracks",
)
def track_list(request: HttpRequest, org: OrgSlug) -> Any:
    return selectors.track_list(organisation=api_org_context(request, org).organisation)


@router.get(
    "/orgs/{org}/academy/modules/{id}",
    response={200: AcademyModuleOut, **ERRORS},
    summary="One module: goals, hours, assessment, materials",
    operation_id="academy_module",
)
def module_detail(request: HttpRequest, org: OrgSlug, id: ModuleId) -> Any:
    return selectors.module_get(organisation=api_org_context(request, org).organisation, pk=id)


@router.patch(
    "/orgs/{org}/academy/modules/{id}",
    response={200: AcademyModuleOut, **BODY_ERRORS},
    summary="Edit a module (programme leads)",
    operation_id="academy_module_update",
)
def module_update(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MANAGE_ACADEMY],
    id: ModuleId,
    payload: ModuleIn,
) -> Any:
    ctx = api_org_context(request, org)
    module = selectors.module_get(organisation=ctx.organisation, pk=id)
    services.module_update(ctx, module=module, **payload.dict())
    return selectors.module_get(organisation=ctx.organisation, pk=id)


@router.get(
    "/orgs/{org}/academy/sessions",
    response={200: list[TrainingSessionOut], **ERRORS},
    summary="Every session, by date",
    operation_id="academy_sessions",
)
def session_list(request: HttpRequest, org: OrgSlug) -> Any:
    return selectors.session_list(organisation=api_org_context(request, org).organisation)


@router.post(
    "/orgs/{org}/academy/sessions",
    response={201: TrainingSessionOut, **BODY_ERRORS},
    summary="Schedule a session (leads; evangelists for sessions they give)",
    operation_id="academy_session_schedule",
)
def session_schedule(
    request: HttpRequest, org: OrgSlugWith[str, Perm.TEACH], payload: TrainingSessionIn
) -> Any:
    ctx = api_org_context(request, org)
    try:
        module = selectors.module_get(organisation=ctx.organisation, pk=payload.module_id)
    except Module.DoesNotExist as error:
        raise ValidationError({"module_id": ["Not a module of this organisation."]}) from error
    session = services.session_schedule(
        ctx,
        module=module,
        starts_at=payload.starts_at,
        trainer=_membership(ctx, payload.trainer_membership_id),
        trainer_label=payload.trainer_label,
        minutes=payload.minutes,
        place=payload.place,
        online_link=payload.online_link,
        capacity=payload.capacity,
    )
    return 201, selectors.session_get(organisation=ctx.organisation, pk=session.pk)


@router.post(
    "/orgs/{org}/academy/sessions/{id}/registration",
    response={200: RegistrationOut, **ERRORS},
    summary="Register for a session",
    operation_id="academy_session_register",
)
def session_register(request: HttpRequest, org: OrgSlug, id: SessionId) -> Any:
    ctx = api_org_context(request, org)
    session = selectors.session_get(organisation=ctx.organisation, pk=id)
    services.session_register(ctx, session=session)
    return {"session_id": id, "registered": True}


@router.delete(
    "/orgs/{org}/academy/sessions/{id}/registration",
    response={200: RegistrationOut, **ERRORS},
    summary="Cancel your registration",
    operation_id="academy_session_cancel",
)
def session_cancel(request: HttpRequest, org: OrgSlug, id: SessionId) -> Any:
    ctx = api_org_context(request, org)
    session = selectors.session_get(organisation=ctx.organisation, pk=id)
    services.session_cancel_registration(ctx, session=session)
    return {"session_id": id, "registered": False}


@router.get(
    "/orgs/{org}/academy/sessions/{id}/attendance",
    response={200: list[AttendanceOut], **ERRORS},
    summary="The session's attendance history, newest first (its trainer and the leads)",
    operation_id="academy_attendance",
)
def attendance_list(request: HttpRequest, org: OrgSlugWith[str, Perm.TEACH], id: SessionId) -> Any:
    ctx = api_org_context(request, org)
    session = selectors.session_get(organisation=ctx.organisation, pk=id)
    services.attendance_check(ctx, session=session)
    return selectors.attendance_history(session=session)


@router.post(
    "/orgs/{org}/academy/sessions/{id}/attendance",
    response={200: AttendanceAdded, **BODY_ERRORS},
    summary="Record who completed the session (a new record per change; history is kept)",
    operation_id="academy_attendance_record",
)
def attendance_record(
    request: HttpRequest, org: OrgSlugWith[str, Perm.TEACH], id: SessionId, payload: AttendanceIn
) -> Any:
    ctx = api_org_context(request, org)
    session = selectors.session_get(organisation=ctx.organisation, pk=id)
    marks = {}
    for mark in payload.marks:
        membership = _membership(ctx, mark.membership_id)
        assert membership is not None
        marks[membership] = mark.completed
    return {"added": services.attendance_record(ctx, session=session, marks=marks)}


@router.get(
    "/orgs/{org}/academy/reach",
    response={200: ReachOut, **ERRORS},
    summary="The cascade's reach: trained per generation and department",
    description="The same document as `koers export reach`.",
    operation_id="academy_reach",
)
def reach(request: HttpRequest, org: OrgSlug) -> Any:
    return selectors.reach_export(organisation=api_org_context(request, org).organisation)


@router.get(
    "/orgs/{org}/academy/literacy",
    response={200: LiteracyOut, **ERRORS},
    summary="AI-literacy evidence (AI Act Art. 4): who completed which module when",
    operation_id="academy_literacy",
)
def literacy(request: HttpRequest, org: OrgSlugWith[str, Perm.MANAGE_ACADEMY]) -> Any:
    return selectors.literacy_evidence(organisation=api_org_context(request, org).organisation)
