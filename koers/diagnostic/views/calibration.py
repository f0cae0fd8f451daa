"""The calibration pages: the rounds, a leader's quiz and own result, the team's aggregate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core import clock
from koers.core.forms import messages_add_errors
from koers.core.http import get_or_404
from koers.diagnostic.forms.calibration import QuizForm, RoundStartForm
from koers.diagnostic.models import CalibrationRound
from koers.diagnostic.selectors import calibration as selectors
from koers.diagnostic.services import calibration as services
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view


def _round(ctx: OrgContext, pk: int) -> CalibrationRound:
    return get_or_404(selectors.round_get, organisation=ctx.organisation, pk=pk)


@org_view(Perm.VIEW)
def round_list(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    """The rounds; a POST starts a new one (facilitators)."""
    if not selectors.may_see_rounds(ctx):
        raise PermissionDenied
    form = RoundStartForm.with_defaults()
    if request.method == "POST":
        ctx.require(Perm.MANAGE_SCANS)
        form = RoundStartForm(request.POST)
        if form.is_valid():
            try:
                started = services.round_start(
                    ctx, name=form.cleaned_data["name"], closes_on=form.cleaned_data["closes_on"]
                )
            except ValidationError as error:
                messages_add_errors(request, error)
            else:
                messages.success(request, _("The round is open: leaders can answer the quiz now."))
                if selectors.is_leader(ctx):
                    return redirect(
                        "diagnostic:calibration_quiz", org_slug=ctx.organisation.slug, pk=started.pk
                    )
                return redirect("diagnostic:calibration_rounds", org_slug=ctx.organisation.slug)
    mine: set[int] = set()
    if ctx.membership.pk is not None:
        mine = set(ctx.membership.calibration_answers.values_list("round_id", flat=True))
    return TemplateResponse(
        request,
        "calibration/rounds.html",
        {
            "rounds": selectors.round_list(organisation=ctx.organisation),
            "answered_by_me": mine,
            "leaders": selectors.leaders(ctx.organisation).count(),
            "form": form,
            "can_manage": ctx.can(Perm.MANAGE_SCANS),
            "is_leader": selectors.is_leader(ctx),
            "min_answers": selectors.MIN_ANSWERS,
            "today": clock.today(),
        },
    )


@org_view(Perm.VIEW)
def quiz(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """The quiz for a leader, and their own result once they answered."""
    if not selectors.is_leader(ctx):
        raise PermissionDenied
    calibration_round = _round(ctx, pk)
    definition = selectors.quiz_of(calibration_round.version)
    language = selectors.language()
    answer = selectors.answer_of(calibration_round, ctx.membership)
    open_now = selectors.is_answerable(calibration_round, clock.today())
    if request.method == "POST":
        if not open_now or answer is not None:
            messages.error(
                request,
                _("This round is closed: answers can no longer change.")
                if not open_now
                else _(
                    "You answered this round already. Your answers are final, since you have "
                    "seen the correct ones."
                ),
            )
            return redirect("diagnostic:calibration_quiz", org_slug=ctx.organisation.slug, pk=pk)
        form = QuizForm(request.POST, quiz=definition, language=language)
        if form.is_valid():
            try:
                services.answers_submit(
                    ctx, calibration_round=calibration_round, answers=form.answers()
                )
            except ValidationError as error:
                messages_add_errors(request, error)
            else:
                messages.success(request, _("Your answers are saved. Here is how you did."))
                return redirect(request.path + "#result")
    else:
        form = QuizForm(quiz=definition, language=language)
    return TemplateResponse(
        request,
        "calibration/quiz.html",
        {
            "round": calibration_round,
            "title": getattr(definition.title, language),
            "intro": getattr(definition.intro, language),
            "form": form,
            "open_now": open_now,
            "answer": answer,
            "result": selectors.personal_result(definition, answer.answers) if answer else None,
            "can_manage": ctx.can(Perm.MANAGE_SCANS),
        },
    )


@org_view(Perm.MANAGE_SCANS)
def team(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """The team's aggregate: never a per-person figure, nothing below MIN_ANSWERS answers."""
    calibration_round = _round(ctx, pk)
    return TemplateResponse(
        request,
        "calibration/team.html",
        {
            "round": calibration_round,
            "team": selectors.team_result(calibration_round),
            "min_answers": selectors.MIN_ANSWERS,
        },
    )


@org_view(Perm.MANAGE_SCANS)
@require_POST
def round_close(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    calibration_round = _round(ctx, pk)
    try:
        services.round_close(ctx, calibration_round=calibration_round)
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(request, _("The round is closed."))
    return redirect("diagnostic:calibration_team", org_slug=ctx.organisation.slug, pk=pk)
