"""The Academy's pages: ``/o/<slug>/academy/…``. Thin: parse, call one service or selector,
render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.academy import exports, selectors, services
from koers.academy.forms import (
    AssignmentForm,
    AttendanceForm,
    DecideForm,
    InviteForm,
    MaterialForm,
    ModuleForm,
    NominateForm,
    NominateOtherForm,
    QuestionFormSet,
    QuizForm,
    RatingForm,
    RatioForm,
    ReviewForm,
    SessionForm,
    SkillsForm,
    quiz_from,
    quiz_initial,
)
from koers.academy.models import Evangelist, Module
from koers.academy.quiz import PASS_MARK, quiz_parse
from koers.core import clock
from koers.core.http import get_or_404
from koers.orgs.models import Membership
from koers.orgs.permissions import Perm
from koers.orgs.selectors import membership_get
from koers.orgs.tenancy import OrgContext, org_view


def _to(ctx: OrgContext, name: str, **kwargs: int) -> HttpResponse:
    return HttpResponseRedirect(
        reverse(f"academy:{name}", kwargs={"org_slug": ctx.organisation.slug, **kwargs})
    )


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- the dashboard and the coverage map ------------------------------------------------------


@org_view()
def dashboard(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    return TemplateResponse(
        request,
        "academy/dashboard.html",
        {
            "board": selectors.dashboard_of(ctx),
            "mine": selectors.evangelist_of(membership=ctx.membership),
            "leader": selectors.leader_progress(ctx),
            "certificate": selectors.certificate_of(ctx),
            "my_modules": selectors.my_modules(ctx),
            "my_sessions": selectors.my_sessions(ctx),
            "tracks_url": reverse("academy:tracks", kwargs={"org_slug": ctx.organisation.slug}),
        },
    )


@org_view()
def coverage(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    if request.method == "POST":
        form = RatioForm(request.POST)
        if form.is_valid():
            services.academy_settings_update(ctx, **form.cleaned_data)
            return _to(ctx, "coverage")
    else:
        ratio = services.academy_settings_of(ctx.organisation).people_per_evangelist
        form = RatioForm(initial={"people_per_evangelist": ratio})
    rows = selectors.coverage_of(organisation=ctx.organisation)
    return TemplateResponse(
        request,
        "academy/coverage.html",
        {"rows": rows, "form": form, "without": [r for r in rows if r.none]},
    )


# --- evangelists -----------------------------------------------------------------------------


@org_view()
def evangelists(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    lead = ctx.can(Perm.MANAGE_ACADEMY)
    mine = selectors.evangelist_of(membership=ctx.membership)
    if request.method == "POST":
        form = NominateForm(request.POST)
        if form.is_valid():
            try:
                services.evangelist_nominate(ctx, membership=ctx.membership, **form.cleaned_data)
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Thank you! The programme lead will get back to you."))
            return _to(ctx, "evangelists")
    else:
        form = NominateForm()
    context: dict[str, object] = {"mine": mine, "form": form, "lead": lead}
    if lead:
        rows = list(selectors.evangelist_list(organisation=ctx.organisation))
        context["candidates"] = [e for e in rows if e.status == Evangelist.Status.CANDIDATE]
        context["decided"] = [e for e in rows if e.status != Evangelist.Status.CANDIDATE]
        context["other_form"] = NominateOtherForm(organisation=ctx.organisation)
        context["decide_form"] = DecideForm()
    return TemplateResponse(request, "academy/evangelists.html", context)


@require_POST
@org_view(Perm.MANAGE_ACADEMY)
def evangelist_nominate(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    form = NominateOtherForm(request.POST, organisation=ctx.organisation)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.evangelist_nominate(ctx, membership=data.pop("membership"), **data)
        except ValidationError as error:
            _errors(request, error)
    else:
        messages.error(request, _("Choose a colleague and the hours they have."))
    return _to(ctx, "evangelists")


@require_POST
@org_view(Perm.MANAGE_ACADEMY)
def evangelists_from_scan(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    added = services.evangelists_from_scan(ctx)
    messages.success(
        request, _("%(n)d volunteers from the scan added as candidates.") % {"n": added}
    )
    return _to(ctx, "evangelists")


@require_POST
@org_view(Perm.MANAGE_ACADEMY)
def evangelist_decide(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    evangelist = get_or_404(selectors.evangelist_get, organisation=ctx.organisation, pk=pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        services.evangelist_decide(
            ctx,
            evangelist=evangelist,
            accept=form.cleaned_data["decision"] == "accept",
            message=form.cleaned_data["message"],
        )
    return _to(ctx, "evangelists")


# --- tracks and modules ----------------------------------------------------------------------


@org_view()
def tracks(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    if request.method == "POST":
        services.tracks_install(ctx)
        return _to(ctx, "tracks")
    # ?skill=<key>: the modules that train one skill (the Strategy heat map links here).
    skill = request.GET.get("skill", "").strip()[:64] or None
    return TemplateResponse(
        request,
        "academy/tracks.html",
        {
            "tracks": selectors.track_list(organisation=ctx.organisation, skill=skill),
            "skill": skill,
            "skill_name": skill and selectors.skill_name(organisation=ctx.organisation, key=skill),
            "done": selectors.modules_completed(ctx),
        },
    )


@org_view()
def module_detail(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """A module; a programme lead edits it here: its details, quiz questions, skills and
    materials (each its own form, told apart by ``part``)."""
    module = get_or_404(selectors.module_get, organisation=ctx.organisation, pk=pk)
    skill_choices = selectors.skill_choices(organisation=ctx.organisation, module=module)
    form = ModuleForm(instance=module)
    material_form = MaterialForm()
    quiz_forms = QuestionFormSet(initial=quiz_initial(quiz_parse(module.quiz)), prefix="q")
    skills_form = SkillsForm(initial={"skills": module.skills}, choices=skill_choices)
    if request.method == "POST":
        ctx.require(Perm.MANAGE_ACADEMY)
        part = request.POST.get("part", "")
        if part == "material":
            material_form = MaterialForm(request.POST, request.FILES)
            if material_form.is_valid():
                try:
                    services.material_add(
                        ctx,
                        module=module,
                        title=material_form.cleaned_data["title"],
                        url=material_form.cleaned_data["url"] or "",
                        upload=material_form.cleaned_data["file"],
                    )
                    return _to(ctx, "module", pk=module.pk)
                except ValidationError as error:
                    material_form.add_error(None, error)
        elif part == "quiz":
            quiz_forms = QuestionFormSet(request.POST, prefix="q")
            if not quiz_forms.is_valid():
                messages.error(request, _("Nothing was saved: check the questions marked below."))
            else:
                try:
                    services.module_quiz_set(ctx, module=module, questions=quiz_from(quiz_forms))
                except ValidationError as error:
                    _errors(request, error)
                else:
                    messages.success(request, _("The quiz questions are saved."))
                    return HttpResponseRedirect(
                        reverse(
                            "academy:module",
                            kwargs={"org_slug": ctx.organisation.slug, "pk": module.pk},
                        )
                        + "#quiz-title"
                    )
        elif part == "skills":
            skills_form = SkillsForm(request.POST, choices=skill_choices)
            if skills_form.is_valid():
                services.module_skills_set(
                    ctx, module=module, skills=skills_form.cleaned_data["skills"]
                )
                messages.success(request, _("The skills are saved."))
                return _to(ctx, "module", pk=module.pk)
        else:
            form = ModuleForm(
                request.POST, instance=selectors.module_get(organisation=ctx.organisation, pk=pk)
            )
            if form.is_valid():
                services.module_update(ctx, module=module, **form.cleaned_data)
                messages.success(request, _("The module is saved."))
                return _to(ctx, "module", pk=module.pk)
    upcoming = [
        s
        for s in selectors.sessions_upcoming(organisation=ctx.organisation, limit=100)
        if s.module_id == module.pk
    ]
    names = dict(skill_choices)
    return TemplateResponse(
        request,
        "academy/module.html",
        {
            "module": module,
            "form": form,
            "material_form": material_form,
            "quiz_forms": quiz_forms,
            "skills_form": skills_form,
            "has_catalogue": selectors.skills_catalogued(organisation=ctx.organisation),
            "strategy_skills_url": reverse(
                "strategy:skills", kwargs={"org_slug": ctx.organisation.slug}
            ),
            "pass_mark": round(PASS_MARK * 100),
            "skill_names": [names.get(key, key) for key in module.skills or []],
            "questions": len(module.quiz or []),
            "upcoming": upcoming,
            "done": selectors.module_completed_on(module=module, membership=ctx.membership),
        },
    )


@org_view()
def module_assignment(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """Hand in the module's assignment and read the trainers' answers; trainers review here."""
    module = get_or_404(selectors.module_get, organisation=ctx.organisation, pk=pk)
    form = AssignmentForm()
    if request.method == "POST":
        form = AssignmentForm(request.POST)
        if form.is_valid():
            try:
                services.assignment_hand_in(ctx, module=module, text=form.cleaned_data["text"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your assignment is handed in."))
                return _to(ctx, "assignment", pk=module.pk)
    trainer = ctx.can(Perm.TEACH) or ctx.can(Perm.MANAGE_ACADEMY)
    return TemplateResponse(
        request,
        "academy/assignment.html",
        {
            "module": module,
            "available": module.assessment == Module.Assessment.ASSIGNMENT,
            "form": form,
            "mine": selectors.submissions_of(module=module, membership=ctx.membership),
            "to_review": selectors.submissions_to_review(module=module) if trainer else [],
            "done": selectors.module_completed_on(module=module, membership=ctx.membership),
            "review_form": ReviewForm(),
        },
    )


@require_POST
@org_view()
def submission_review(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    submission = get_or_404(selectors.submission_get, organisation=ctx.organisation, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_review(ctx, submission=submission, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Your review is saved."))
    else:
        messages.error(request, _("Approve or send back."))
    return _to(ctx, "assignment", pk=submission.module_id)


@org_view()
def module_quiz(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    module = get_or_404(selectors.module_get, organisation=ctx.organisation, pk=pk)
    available = module.assessment == Module.Assessment.QUIZ and bool(module.quiz)
    questions = quiz_parse(module.quiz) if available else ()
    form = QuizForm(questions=questions)
    result = None
    if request.method == "POST" and available:
        form = QuizForm(request.POST, questions=questions)
        if form.is_valid():
            result = services.quiz_take(ctx, module=module, answers=form.answers())
    return TemplateResponse(
        request,
        "academy/quiz.html",
        {
            "module": module,
            "available": available,
            "form": form,
            "result": result,
            "pass_mark": round(PASS_MARK * 100),
            "attempts": selectors.quiz_attempts_of(module=module, membership=ctx.membership),
            "done": selectors.module_completed_on(module=module, membership=ctx.membership),
        },
    )


@org_view()
def material_file(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    material = get_or_404(selectors.material_get, organisation=ctx.organisation, pk=pk)
    response = HttpResponse(
        bytes(material.content), content_type=material.content_type or "application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{material.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- sessions ---------------------------------------------------------------------------------


@org_view()
def sessions(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    teach = ctx.can(Perm.TEACH)
    lead = ctx.can(Perm.MANAGE_ACADEMY)
    form = None
    if teach:
        form = SessionForm(request.POST or None, organisation=ctx.organisation, lead=lead)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                session = services.session_schedule(
                    ctx,
                    module=data.pop("module"),
                    trainer=data.pop("trainer", None),
                    trainer_label=data.pop("trainer_label", "") or "",
                    **data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _to(ctx, "session", pk=session.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return TemplateResponse(
        request,
        "academy/sessions.html",
        {
            "upcoming": selectors.sessions_upcoming(organisation=ctx.organisation, limit=100),
            "past": selectors.sessions_past(organisation=ctx.organisation),
            "form": form,
        },
    )


def _may_record(ctx: OrgContext, session: object) -> bool:
    if ctx.can(Perm.MANAGE_ACADEMY):
        return True
    trainer = getattr(session, "trainer", None)
    return (
        ctx.can(Perm.TEACH) and trainer is not None and trainer.membership_id == ctx.membership.pk
    )


@org_view()
def session_detail(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    session = get_or_404(selectors.session_get, organisation=ctx.organisation, pk=pk)
    may_record = _may_record(ctx, session)
    sheet = selectors.attendance_sheet(session=session) if may_record else []
    context = {
        "session": session,
        "trainer": selectors.trainer_name(session),
        "registered": selectors.is_registered(session=session, membership=ctx.membership),
        "may_record": may_record,
        "started": session.starts_at <= clock.now(),
        "completed": sum(selectors.session_completions(session=session).values()),
        "completed_by_me": selectors.session_completed_by(
            session=session, membership=ctx.membership
        ),
        "sheet": sheet,
        "history": selectors.attendance_history(session=session)[:50] if may_record else [],
        "attendance_form": AttendanceForm(
            organisation=ctx.organisation, listed=[m.membership.pk for m in sheet]
        )
        if may_record
        else None,
        "ratings": selectors.ratings_of(organisation=ctx.organisation, sessions=[session.pk])
        if may_record
        else None,
        "my_rating": selectors.rating_of(session=session, membership=ctx.membership),
        "rating_form": RatingForm(),
        "invite_form": InviteForm(organisation=ctx.organisation) if may_record else None,
        "k": selectors.min_group_of(ctx.organisation),
    }
    return TemplateResponse(request, "academy/session.html", context)


@require_POST
@org_view()
def session_register(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    session = get_or_404(selectors.session_get, organisation=ctx.organisation, pk=pk)
    try:
        if request.POST.get("cancel"):
            services.session_cancel_registration(ctx, session=session)
        else:
            services.session_register(ctx, session=session)
    except ValidationError as error:
        _errors(request, error)
    return _to(ctx, "session", pk=pk)


@require_POST
@org_view(Perm.TEACH)
def session_attendance(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    session = get_or_404(selectors.session_get, organisation=ctx.organisation, pk=pk)
    if not _may_record(ctx, session):
        raise PermissionDenied
    sheet = selectors.attendance_sheet(session=session)
    form = AttendanceForm(
        request.POST, organisation=ctx.organisation, listed=[m.membership.pk for m in sheet]
    )
    if not form.is_valid():
        messages.error(request, _("Check the attendance: someone in it is not a member."))
        return _to(ctx, "session", pk=pk)
    present = set(form.cleaned_data["present"])
    marks: dict[Membership, bool] = {m.membership: m.membership.pk in present for m in sheet}
    for membership in form.cleaned_data["add"]:
        marks[membership] = True
    try:
        added = services.attendance_record(ctx, session=session, marks=marks)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Attendance saved (%(n)d changes).") % {"n": added})
    return _to(ctx, "session", pk=pk)


@require_POST
@org_view(Perm.TEACH)
def session_invite(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    session = get_or_404(selectors.session_get, organisation=ctx.organisation, pk=pk)
    if not _may_record(ctx, session):
        raise PermissionDenied
    form = InviteForm(request.POST, organisation=ctx.organisation)
    if form.is_valid():
        try:
            added = services.session_invite(
                ctx,
                session=session,
                department=form.cleaned_data["department"],
                memberships=list(form.cleaned_data["people"]),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("%(n)d people registered.") % {"n": added})
    return _to(ctx, "session", pk=pk)


@require_POST
@org_view()
def session_rate(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    session = get_or_404(selectors.session_get, organisation=ctx.organisation, pk=pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_give(ctx, session=session, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Thank you for your rating."))
    return _to(ctx, "session", pk=pk)


@org_view()
def session_ics(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    session = get_or_404(selectors.session_get, organisation=ctx.organisation, pk=pk)
    url = request.build_absolute_uri(f"/o/{ctx.organisation.slug}/academy/sessions/{session.pk}/")
    response = HttpResponse(exports.session_ics(session, url=url), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


# --- the cascade and the AI-literacy evidence -----------------------------------------------------


@org_view(Perm.TEACH)
def cascade(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    data = selectors.cascade_of(organisation=ctx.organisation)
    return TemplateResponse(
        request,
        "academy/cascade.html",
        {"cascade": data, "chart": exports.reach_chart(data.points)},
    )


@org_view(Perm.MANAGE_ACADEMY)
def literacy(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    return TemplateResponse(
        request,
        "academy/literacy.html",
        {
            "evidence": selectors.literacy_evidence(organisation=ctx.organisation),
            "pdf_available": exports.pdf_available(),
        },
    )


@org_view(Perm.MANAGE_ACADEMY)
def literacy_xlsx(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    evidence = selectors.literacy_evidence(organisation=ctx.organisation)
    response = HttpResponse(
        exports.literacy_xlsx(evidence),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="ai-literacy.xlsx"'
    return response


@org_view(Perm.MANAGE_ACADEMY)
def literacy_pdf(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    if not exports.pdf_available():
        return HttpResponse(_("PDF is not available on this server."), status=503)
    evidence = selectors.literacy_evidence(organisation=ctx.organisation)
    html = render_to_string(
        "academy/literacy_pdf.html", {"evidence": evidence, "org": ctx.organisation}, request
    )
    response = HttpResponse(exports.pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="ai-literacy.pdf"'
    return response


@org_view()
def my_certificate(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    """A certificate of the highest level the person reached on the evangelist track."""
    reached = selectors.certificate_of(ctx)
    if reached is None:
        raise Http404
    if not exports.pdf_available():
        return HttpResponse(_("PDF is not available on this server."), status=503)
    html = render_to_string(
        "academy/certificate_pdf.html", {"reached": reached, "org": ctx.organisation}, request
    )
    response = HttpResponse(exports.pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="certificate.pdf"'
    return response


# --- a person's training record (GDPR) ---------------------------------------------------------


@org_view()
def my_record(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    record = services.learner_export(ctx, membership=ctx.membership)
    response = JsonResponse(record, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-training-record.json"'
    return response


@org_view(Perm.MANAGE_PEOPLE)
def person_record(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    membership = get_or_404(membership_get, organisation=ctx.organisation, pk=pk)
    if request.method == "POST":
        services.learner_erase(ctx, membership=membership)
        messages.success(request, _("The training record was erased; the counts stay."))
        return _to(ctx, "dashboard")
    record = services.learner_export(ctx, membership=membership)
    return HttpResponse(
        json.dumps(record, ensure_ascii=False, indent=2), content_type="application/json"
    )
