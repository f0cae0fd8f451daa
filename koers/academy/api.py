"""The Academy over the API: evangelists, tracks and modules, sessions, registrations,
attendance, the reach and the AI-literacy evidence."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import P, PathEx, Router

from koers.academy import selectors, services
from koers.academy.models import Evangelist, Module, Submission, TrainingSession
from koers.academy.quiz import PASS_MARK, quiz_parse, quiz_public, quiz_store
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
    QuizAttemptIn,
    QuizAttemptOut,
    QuizIn,
    QuizKeyOut,
    QuizOut,
    ReachOut,
    RegistrationOut,
    ReviewIn,
    SkillsIn,
    SubmissionIn,
    SubmissionOut,
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
SubmissionId = PathEx[
    Annotated[int, of_organisation(Submission)], P(description="The submission's id.")
]
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
    "/orgs/{org}/academy/modules/{id}/quiz/questions",
    response={200: QuizKeyOut, **ERRORS},
    summary="A module's quiz questions with their right options (programme leads)",
    operation_id="academy_module_quiz_key",
)
def module_quiz_key(
    request: HttpRequest, org: OrgSlugWith[str, Perm.MANAGE_ACADEMY], id: ModuleId
) -> Any:
    module = selectors.module_get(organisation=api_org_context(request, org).organisation, pk=id)
    return {"module_id": id, "questions": quiz_store(quiz_parse(module.quiz))}


@router.put(
    "/orgs/{org}/academy/modules/{id}/quiz/questions",
    response={200: QuizKeyOut, **BODY_ERRORS},
    summary="Replace a module's quiz questions (programme leads)",
    description="Each question has 2 to 6 options and at least one right one; at most 20 "
    "questions. Attempts already made keep the questions they were graded on.",
    operation_id="academy_module_quiz_set",
)
def module_quiz_set(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MANAGE_ACADEMY],
    id: ModuleId,
    payload: QuizIn,
) -> Any:
    ctx = api_org_context(request, org)
    module = selectors.module_get(organisation=ctx.organisation, pk=id)
    questions = [q.dict() for q in payload.questions]
    module = services.module_quiz_set(ctx, module=module, questions=questions)
    return {"module_id": id, "questions": quiz_store(quiz_parse(module.quiz))}


@router.put(
    "/orgs/{org}/academy/modules/{id}/skills",
    response={200: AcademyModuleOut, **BODY_ERRORS},
    summary="Set the Strategy skills a module trains (programme leads)",
    operation_id="academy_module_skills_set",
)
def module_skills_set(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.MANAGE_ACADEMY],
    id: ModuleId,
    payload: SkillsIn,
) -> Any:
    ctx = api_org_context(request, org)
    module = selectors.module_get(organisation=ctx.organisation, pk=id)
    services.module_skills_set(ctx, module=module, skills=payload.skills)
    return selectors.module_get(organisation=ctx.organisation, pk=id)


@router.get(
    "/orgs/{org}/academy/modules/{id}/quiz",
    response={200: QuizOut, **ERRORS},
    summary="A module's quiz to take: the questions without the right options",
    operation_id="academy_quiz",
)
def quiz_get(request: HttpRequest, org: OrgSlug, id: ModuleId) -> Any:
    module = selectors.module_get(organisation=api_org_context(request, org).organisation, pk=id)
    available = module.assessment == Module.Assessment.QUIZ and bool(module.quiz)
    return {
        "module_id": id,
        "available": available,
        "pass_mark": PASS_MARK,
        "questions": quiz_public(quiz_parse(module.quiz)) if available else [],
    }


@router.post(
    "/orgs/{org}/academy/modules/{id}/quiz/attempts",
    response={201: QuizAttemptOut, **BODY_ERRORS},
    summary="Take the quiz: your answers in, your grade out (every attempt is kept)",
    operation_id="academy_quiz_take",
)
def quiz_take(request: HttpRequest, org: OrgSlug, id: ModuleId, payload: QuizAttemptIn) -> Any:
    ctx = api_org_context(request, org)
    module = selectors.module_get(organisation=ctx.organisation, pk=id)
    answers: dict[int, list[int]] = {}
    for answer in payload.answers:
        if answer.question in answers:
            raise ValidationError({"answers": ["Each question once."]})
        answers[answer.question] = answer.chosen
    return 201, services.quiz_take(ctx, module=module, answers=answers)


@router.get(
    "/orgs/{org}/academy/modules/{id}/quiz/attempts",
    response={200: list[QuizAttemptOut], **ERRORS},
    summary="Your attempts at a module's quiz, newest first",
    operation_id="academy_quiz_attempts",
)
def quiz_attempts(request: HttpRequest, org: OrgSlug, id: ModuleId) -> Any:
    ctx = api_org_context(request, org)
    module = selectors.module_get(organisation=ctx.organisation, pk=id)
    return selectors.quiz_attempts_of(module=module, membership=ctx.membership)


@router.post(
    "/orgs/{org}/academy/modules/{id}/submissions",
    response={201: SubmissionOut, **BODY_ERRORS},
    summary="Hand in a module's assignment (again: a new submission)",
    operation_id="academy_submission_hand_in",
)
def submission_hand_in(
    request: HttpRequest, org: OrgSlug, id: ModuleId, payload: SubmissionIn
) -> Any:
    ctx = api_org_context(request, org)
    module = selectors.module_get(organisation=ctx.organisation, pk=id)
    submission = services.assignment_hand_in(ctx, module=module, text=payload.text)
    return 201, selectors.submission_get(organisation=ctx.organisation, pk=submission.pk)


@router.get(
    "/orgs/{org}/academy/modules/{id}/submissions",
    response={200: list[SubmissionOut], **ERRORS},
    summary="Your submissions for a module's assignment, newest first, with their reviews",
    operation_id="academy_submissions_mine",
)
def submissions_mine(request: HttpRequest, org: OrgSlug, id: ModuleId) -> Any:
    ctx = api_org_context(request, org)
    module = selectors.module_get(organisation=ctx.organisation, pk=id)
    return selectors.submissions_of(module=module, membership=ctx.membership)


@router.get(
    "/orgs/{org}/academy/modules/{id}/submissions/to-review",
    response={200: list[SubmissionOut], **ERRORS},
    summary="Each person's latest submission without a review yet (trainers and leads)",
    operation_id="academy_submissions_to_review",
)
def submissions_to_review(
    request: HttpRequest, org: OrgSlugWith[str, Perm.TEACH], id: ModuleId
) -> Any:
    ctx = api_org_context(request, org)
    module = selectors.module_get(organisation=ctx.organisation, pk=id)
    return selectors.submissions_to_review(module=module)


@router.post(
    "/orgs/{org}/academy/submissions/{id}/review",
    response={200: SubmissionOut, **BODY_ERRORS},
    summary="Approve a submission, or send it back with a comment (trainers and leads)",
    description="Nobody reviews their own. Reviews are kept; the latest of a submission counts.",
    operation_id="academy_submission_review",
)
def submission_review(
    request: HttpRequest,
    org: OrgSlugWith[str, Perm.TEACH],
    id: SubmissionId,
    payload: ReviewIn,
) -> Any:
    ctx = api_org_context(request, org)
    submission = selectors.submission_get(organisation=ctx.organisation, pk=id)
    services.assignment_review(
        ctx, submission=submission, approve=payload.approve, comment=payload.comment
    )
    return selectors.submission_get(organisation=ctx.organisation, pk=id)


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
