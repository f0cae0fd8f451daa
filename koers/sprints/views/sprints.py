"""The AI sprint pages: the list, planning (team, constraints, dependencies, the planner's
proposal beside the naive pick, accepting or adjusting it), the board with its check-in log,
closing with a retrospective and outcomes, and the outcomes measured against the estimates.

Everyone in the organisation reads them; the lead (``Perm.PLAN_SPRINTS``) plans, closes and
measures; the sprint's team moves its cards and writes check-ins (the services check it)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from koers.backlog.selectors.usecases import usecase_get
from koers.core import clock
from koers.core.forms import form_add_errors, messages_add_errors
from koers.core.http import get_or_404
from koers.orgs.models import Membership
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.sprints.models.sprint import Column, Outcome, Sprint, Status, TeamRole
from koers.sprints.selectors import sprints as selectors
from koers.sprints.selectors.sprint_charts import outcome_charts, reason_text
from koers.sprints.services import sprints as services

MAX_DIGITS = 12


def _sprint(ctx: OrgContext, pk: int) -> Sprint:
    return get_or_404(selectors.sprint_get, organisation=ctx.organisation, pk=pk)


def _to_sprint(sprint: Sprint) -> HttpResponse:
    return redirect("sprints:sprint", org_slug=sprint.organisation.slug, pk=sprint.pk)


class SprintForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=services.MAX_NAME)
    goals = forms.CharField(
        label=gettext_lazy("Goals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.MAX_TEXT,
    )
    starts_on = forms.DateField(
        label=gettext_lazy("Starts on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Ends on"),
        required=False,
        help_text=gettext_lazy("Leave empty for a time box of two weeks."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


@org_view()
def sprint_list(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    return TemplateResponse(
        request,
        "sprints/list.html",
        {
            "sprints": selectors.sprint_list(organisation=ctx.organisation),
            "can_plan": ctx.can(Perm.PLAN_SPRINTS),
        },
    )


@org_view(Perm.PLAN_SPRINTS)
def sprint_new(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    form = SprintForm(request.POST or None, initial={"starts_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            sprint = services.sprint_create(ctx, **form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("The AI sprint is created. Now put a team together."))
            return _to_sprint(sprint)
    return TemplateResponse(request, "sprints/form.html", {"form": form, "sprint": None})


@org_view(Perm.PLAN_SPRINTS)
def sprint_edit(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    sprint = _sprint(ctx, pk)
    form = SprintForm(
        request.POST or None,
        initial={
            "name": sprint.name,
            "goals": sprint.goals,
            "starts_on": sprint.starts_on,
            "ends_on": sprint.ends_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sprint_update(ctx, sprint=sprint, **form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("The AI sprint is saved."))
            return _to_sprint(sprint)
    return TemplateResponse(request, "sprints/form.html", {"form": form, "sprint": sprint})


def _plan_page(
    request: HttpRequest,
    ctx: OrgContext,
    sprint: Sprint,
    *,
    chosen: set[int] | None = None,
    problems: list[str] | None = None,
) -> HttpResponse:
    proposal = selectors.sprint_proposal(sprint=sprint)
    departments = {d.pk: d.name for d in ctx.organisation.departments.all()}
    rows = [
        {
            "row": row,
            "why": reason_text(row, departments),
            "value_per_day": row.candidate.value / row.candidate.effort_days,
            "checked": row.selected if chosen is None else row.candidate.id in chosen,
        }
        for row in proposal.rows
    ]
    candidates = sorted(
        (row.candidate for row in proposal.rows), key=lambda candidate: candidate.number
    )
    return TemplateResponse(
        request,
        "sprints/plan.html",
        {
            "sprint": sprint,
            "proposal": proposal,
            "rows": rows,
            "candidates": candidates,
            "team": selectors.sprint_team(sprint=sprint),
            "members": selectors.members_for_team(organisation=ctx.organisation),
            "roles": TeamRole.choices,
            "dependencies": selectors.dependency_list(organisation=ctx.organisation),
            "problems": problems or [],
            "can_plan": ctx.can(Perm.PLAN_SPRINTS),
            "risks": (("low", _("Low")), ("medium", _("Medium")), ("high", _("High"))),
            "readiness": (("partial", _("Partly ready")), ("ready", _("Ready"))),
        },
        status=422 if problems else 200,
    )


def _board_page(request: HttpRequest, ctx: OrgContext, sprint: Sprint) -> HttpResponse:
    can_plan = ctx.can(Perm.PLAN_SPRINTS)
    return TemplateResponse(
        request,
        "sprints/board.html",
        {
            "sprint": sprint,
            "board": selectors.sprint_board(sprint=sprint),
            "checkins": selectors.checkin_list(sprint=sprint)[:50],
            "team": selectors.sprint_team(sprint=sprint),
            "can_plan": can_plan,
            "can_work": sprint.status == Status.RUNNING
            and (can_plan or selectors.on_team(ctx, sprint=sprint)),
            "can_check_in": sprint.status != Status.CLOSED
            and (can_plan or selectors.on_team(ctx, sprint=sprint)),
            "columns": Column.choices,
            "today": clock.today(),
        },
    )


@org_view()
def sprint_page(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """Planning: the plan page, where the lead accepts or adjusts the proposal; after: the board."""
    sprint = _sprint(ctx, pk)
    if sprint.status != Status.PLANNING:
        if request.method == "POST":
            return _to_sprint(sprint)
        return _board_page(request, ctx, sprint)
    if request.method != "POST":
        return _plan_page(request, ctx, sprint)
    ctx.require(Perm.PLAN_SPRINTS)
    chosen = {n for v in request.POST.getlist("usecases") if (n := _whole(v)) is not None}
    try:
        services.sprint_accept_plan(ctx, sprint=sprint, usecase_ids=chosen)
    except ValidationError as error:
        return _plan_page(request, ctx, sprint, chosen=chosen, problems=error.messages)
    messages.success(request, _("The plan is accepted: the AI sprint is running."))
    return _to_sprint(sprint)


@org_view(Perm.PLAN_SPRINTS)
@require_POST
def team_add(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    sprint = _sprint(ctx, pk)
    try:
        membership = selectors.member_get(
            organisation=ctx.organisation, pk=_whole(request.POST.get("membership", "")) or 0
        )
        services.team_member_add(
            ctx,
            sprint=sprint,
            membership=membership,
            role=request.POST.get("role", ""),
            capacity_days=request.POST.get("capacity_days", ""),
        )
    except ValidationError as error:
        messages_add_errors(request, error)
    except Membership.DoesNotExist:
        messages.error(request, _("Choose a member of this organisation."))
    return _to_sprint(sprint)


@org_view(Perm.PLAN_SPRINTS)
@require_POST
def team_remove(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    member = get_or_404(selectors.team_member_get, organisation=ctx.organisation, pk=pk)
    try:
        services.team_member_remove(ctx, member=member)
    except ValidationError as error:
        messages_add_errors(request, error)
    return _to_sprint(member.sprint)


def _whole(value: str) -> int | None:
    """A whole number as a form sends it; None for anything else (also a hostile long one)."""
    value = value.strip()
    return int(value) if value.isdigit() and len(value) <= MAX_DIGITS else None


@org_view(Perm.PLAN_SPRINTS)
@require_POST
def constraints_set(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    sprint = _sprint(ctx, pk)
    limit = request.POST.get("max_per_department", "").strip()
    try:
        if limit and _whole(limit) is None:
            raise ValidationError(_("Enter a whole number for the limit per department."))
        services.sprint_set_constraints(
            ctx,
            sprint=sprint,
            max_risk=request.POST.get("max_risk", ""),
            min_data_readiness=request.POST.get("min_data_readiness", ""),
            max_per_department=_whole(limit) if limit else None,
            cross_departmental=request.POST.get("cross_departmental") == "on",
            must_include=request.POST.getlist("must_include"),
            must_exclude=request.POST.getlist("must_exclude"),
        )
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(request, _("The constraints are saved; the proposal follows them."))
    return _to_sprint(sprint)


@org_view(Perm.PLAN_SPRINTS)
@require_POST
def dependency_add(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    def find(name: str) -> Any:
        value = request.POST.get(name, "")
        return get_or_404(usecase_get, organisation=ctx.organisation, pk=value)

    usecase, needs = find("usecase"), find("needs")
    try:
        services.dependency_add(ctx, usecase=usecase, needs=needs)
    except ValidationError as error:
        messages_add_errors(request, error)
    return _back(request, ctx)


def _back(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    sprint = request.POST.get("sprint", "")
    if sprint.isdigit():
        found = selectors.sprint_list(organisation=ctx.organisation).filter(pk=int(sprint))
        if found.exists():
            return _to_sprint(found.get())
    return redirect("sprints:list", org_slug=ctx.organisation.slug)


@org_view(Perm.PLAN_SPRINTS)
@require_POST
def dependency_remove(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    dependency = get_or_404(selectors.dependency_get, organisation=ctx.organisation, pk=pk)
    services.dependency_remove(ctx, dependency=dependency)
    return _back(request, ctx)


@org_view()
@require_POST
def item_update(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    item = get_or_404(selectors.item_get, organisation=ctx.organisation, pk=pk)
    changes: dict[str, Any] = {}
    if "column" in request.POST:
        changes["column"] = request.POST["column"]
    if "blocker" in request.POST:
        changes["blocker"] = request.POST["blocker"]
    owner = request.POST.get("owner")
    try:
        if owner is not None:
            changes["owner"] = (
                get_or_404(selectors.member_get, organisation=ctx.organisation, pk=owner)
                if owner
                else None
            )
        services.item_update(ctx, item=item, **changes)
    except ValidationError as error:
        messages_add_errors(request, error)
    return _to_sprint(item.sprint)


@org_view()
@require_POST
def checkin_add(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    sprint = _sprint(ctx, pk)
    try:
        services.checkin_create(ctx, sprint=sprint, text=request.POST.get("text", ""))
    except ValidationError as error:
        messages_add_errors(request, error)
    url = reverse("sprints:sprint", kwargs={"org_slug": ctx.organisation.slug, "pk": sprint.pk})
    return redirect(f"{url}#checkins")


@org_view(Perm.PLAN_SPRINTS)
def sprint_close(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    sprint = _sprint(ctx, pk)
    items = list(selectors.sprint_items(sprint=sprint))
    errors: dict[str, list[str]] = {}
    posted = request.POST
    if request.method == "POST" and sprint.status == Status.RUNNING:
        outcomes = {
            item.pk: services.ItemOutcome(
                posted.get(f"outcome_{item.pk}", ""), posted.get(f"reason_{item.pk}", "")
            )
            for item in items
        }
        try:
            services.sprint_close(
                ctx,
                sprint=sprint,
                went_well=posted.get("went_well", ""),
                went_badly=posted.get("went_badly", ""),
                next_steps=posted.get("next_steps", ""),
                outcomes=outcomes,
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        else:
            messages.success(request, _("The AI sprint is closed."))
            return _to_sprint(sprint)
    elif request.method == "POST":
        messages.error(request, _("Only a running AI sprint can be closed."))
        return _to_sprint(sprint)
    rows = [
        {
            "item": item,
            "outcome": posted.get(f"outcome_{item.pk}", ""),
            "reason": posted.get(f"reason_{item.pk}", ""),
            "errors": errors.get(f"outcome_{item.pk}", []),
        }
        for item in items
    ]
    return TemplateResponse(
        request,
        "sprints/close.html",
        {
            "sprint": sprint,
            "rows": rows,
            "outcomes": Outcome.choices,
            "errors": [m for k, ms in errors.items() if not k.startswith("outcome_") for m in ms],
            "posted": posted,
        },
        status=422 if errors else 200,
    )


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(
        label=gettext_lazy("Date measured"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hours_saved_per_month = forms.DecimalField(
        label=gettext_lazy("Hours saved per month"),
        min_value=0,
        max_value=services.MAX_HOURS,
        decimal_places=1,
    )
    users = forms.IntegerField(
        label=gettext_lazy("Number of users"), min_value=0, max_value=services.MAX_USERS
    )
    quality_notes = forms.CharField(
        label=gettext_lazy("Quality notes"),
        required=False,
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@org_view(Perm.PLAN_SPRINTS)
def measure(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    item = get_or_404(selectors.item_get, organisation=ctx.organisation, pk=pk)
    form = MeasurementForm(request.POST or None, initial={"measured_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_record(ctx, item=item, **form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("The measurement is saved."))
            return redirect("sprints:outcomes", org_slug=ctx.organisation.slug)
    return TemplateResponse(
        request,
        "sprints/measure.html",
        {
            "item": item,
            "form": form,
            "measurements": item.measurements.order_by("-measured_on", "-pk"),
            "delivered": item.outcome in ("piloted", "live"),
        },
    )


@org_view()
def outcomes(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    result = selectors.outcomes(organisation=ctx.organisation)
    return TemplateResponse(
        request,
        "sprints/outcomes.html",
        {
            "outcomes": result,
            "charts": outcome_charts(result),
            "can_plan": ctx.can(Perm.PLAN_SPRINTS),
        },
    )
