"""The skills pages: the gap heat map, the self-assessment, the needed levels, an AI ambassador's
judgement and the organisation's catalogue. Every page works without JavaScript."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.forms import messages_add_errors
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.strategy.models.skills import TOP_LEVEL, Skill, SkillRoleGroup
from koers.strategy.selectors import skills as selectors
from koers.strategy.services import skills as services


def _levels(data: QueryDict, skills: list[Skill]) -> dict[int, object]:
    """The level chosen per skill, from fields named ``skill_<id>``; absent fields stay out."""
    return {s.pk: data[f"skill_{s.pk}"] for s in skills if f"skill_{s.pk}" in data}


@org_view(Perm.VIEW)
def skills_overview(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    board = selectors.skills_board(
        organisation=ctx.organisation, quarter=request.GET.get("quarter")
    )
    answered, from_day = selectors.self_assessment_state(ctx)
    return TemplateResponse(
        request,
        "strategy/skills/overview.html",
        {
            "board": board,
            "answered": answered,
            "from_day": from_day,
            "level_names": selectors.level_names(),
        },
    )


@org_view(Perm.VIEW)
def skills_self_assessment(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    skills = list(selectors.skill_list(organisation=ctx.organisation))
    if request.method == "POST":
        try:
            services.self_assessment_submit(ctx, levels=_levels(request.POST, skills))
        except ValidationError as error:
            messages_add_errors(request, error)
        else:
            messages.success(request, _("Thank you. Your answers are stored without your name."))
            return redirect("strategy:skills", org_slug=ctx.organisation.slug)
    answered, from_day = selectors.self_assessment_state(ctx)
    chosen = _levels(request.POST, skills) if request.method == "POST" else {}
    names = selectors.level_names()
    return TemplateResponse(
        request,
        "strategy/skills/self_assessment.html",
        {
            "skills": [
                (
                    s,
                    str(chosen.get(s.pk, "")),
                    list(zip(range(TOP_LEVEL + 1), names, s.levels, strict=False)),
                )
                for s in skills
            ],
            "answered": answered,
            "from_day": from_day,
            "level_names": selectors.level_names(),
        },
    )


def _department_page(
    request: HttpRequest, ctx: OrgContext, template: str, extra: dict[str, object]
) -> HttpResponse:
    return TemplateResponse(
        request,
        template,
        {
            "departments": selectors.department_list(organisation=ctx.organisation),
            "level_names": selectors.level_names(),
            **extra,
        },
    )


@org_view(Perm.MANAGE_STRATEGY)
def skills_targets(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    skills = list(selectors.skill_list(organisation=ctx.organisation))
    role_group = data.get("role_group", "")
    if request.method == "POST":
        try:
            changed = services.skill_targets_set(
                ctx,
                department_id=data.get("department"),
                role_group=role_group,
                levels=_levels(data, skills),
            )
        except ValidationError as error:
            messages_add_errors(request, error)
        else:
            messages.success(request, _("%(n)s needed levels saved.") % {"n": changed})
            query = urlencode({"department": data.get("department"), "role_group": role_group})
            return redirect(f"{request.path}?{query}")
    department = selectors.department_get(organisation=ctx.organisation, pk=data.get("department"))
    targets = (
        selectors.targets_of(
            organisation=ctx.organisation,
            department=department,
            role_group=role_group if role_group in selectors.ROLE_GROUPS else "",
        )
        if department
        else {}
    )
    return _department_page(
        request,
        ctx,
        "strategy/skills/targets.html",
        {
            "department": department,
            "role_group": role_group,
            "role_groups": SkillRoleGroup.choices,
            "rows": [(s, str(targets.get(s.pk, ""))) for s in skills],
        },
    )


@org_view(Perm.JUDGE_SKILLS)
def skills_judgements(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    skills = list(selectors.skill_list(organisation=ctx.organisation))
    if request.method == "POST":
        try:
            changed = services.skill_judgements_set(
                ctx,
                department_id=data.get("department"),
                levels=_levels(data, skills),
                note=data.get("note", ""),
            )
        except ValidationError as error:
            messages_add_errors(request, error)
        else:
            messages.success(request, _("%(n)s judgements saved.") % {"n": changed})
            return redirect(f"{request.path}?{urlencode({'department': data.get('department')})}")
    department = selectors.department_get(organisation=ctx.organisation, pk=data.get("department"))
    judged = (
        selectors.judgements_of(organisation=ctx.organisation, department=department)
        if department
        else {}
    )
    return _department_page(
        request,
        ctx,
        "strategy/skills/judgements.html",
        {
            "department": department,
            "rows": [
                (s, str(judged[s.pk].level) if s.pk in judged else "", judged.get(s.pk))
                for s in skills
            ],
        },
    )


@org_view(Perm.MANAGE_STRATEGY)
def skills_catalogue(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    if request.method == "POST":
        data = request.POST
        values = {
            "name": data.get("name", ""),
            "description": data.get("description", ""),
            "levels": [data.get(f"level_{n}", "") for n in range(TOP_LEVEL + 1)],
            "default_needed": data.get("default_needed"),
        }
        try:
            if data.get("skill"):
                services.skill_update(ctx, skill_id=data["skill"], **values)  # type: ignore[arg-type]
            else:
                services.skill_add(ctx, **values)  # type: ignore[arg-type]
        except ValidationError as error:
            messages_add_errors(request, error)
        else:
            messages.success(request, _("The skill is saved."))
            return redirect("strategy:skills_catalogue", org_slug=ctx.organisation.slug)
    skills = list(selectors.skill_list(organisation=ctx.organisation))
    return TemplateResponse(
        request,
        "strategy/skills/catalogue.html",
        {
            "skills": skills,
            "level_names": selectors.level_names(),
            "levels": range(TOP_LEVEL + 1),
        },
    )


@org_view(Perm.MANAGE_STRATEGY)
@require_POST
def skills_catalogue_copy(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    try:
        services.skill_catalogue_copy(ctx)
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(
            request, _("The catalogue is ready. You can now rename skills or add your own.")
        )
    return redirect("strategy:skills_catalogue", org_slug=ctx.organisation.slug)
