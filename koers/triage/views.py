from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.backlog.selectors.usecases import usecase_get
from koers.core import clock
from koers.core.http import get_or_404
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.triage import selectors, services
from koers.triage.display import (
    DATE_OPEN,
    answer_label,
    article_label,
    dpia_reasons,
    law_view,
    obligation_summary,
    outcome_names,
    outcomes,
    question_label,
)
from koers.triage.export import triage_export_xlsx
from koers.triage.forms import ReopenForm, TriageForm
from koers.triage.models import Dpia, RiskGroup, Status, Transparency
from koers.triage.rules import engine
from koers.triage.rules.law import CURRENT as LAW
from koers.triage.rules.schema import Law

if TYPE_CHECKING:
    from koers.backlog.models.usecases import UseCase


def _usecase(ctx: OrgContext, pk: int) -> UseCase:
    return get_or_404(usecase_get, organisation=ctx.organisation, pk=pk)


def _back(ctx: OrgContext, usecase: UseCase) -> HttpResponse:
    return redirect("triage:usecase", org_slug=ctx.organisation.slug, pk=usecase.pk)


@org_view(Perm.VIEW)
def usecase_triage(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """The questionnaire and the outcome. A POST shows what the changed answers would change
    (the preview); only a POST with ``confirm`` saves them."""
    usecase = _usecase(ctx, pk)
    triage = selectors.triage_for(usecase=usecase)
    saved = selectors.facts_of(triage)
    suggestions = selectors.usecase_suggestions(usecase=usecase)
    # Before the first answers the suggestions fill the form in; afterwards they are hints.
    prefill = triage is None or triage.status == Status.DRAFT
    can_triage = ctx.can(Perm.TRIAGE) and usecase.merged_into_id is None
    preview = None
    if request.method == "POST":
        ctx.require(Perm.TRIAGE)
        if usecase.merged_into_id is not None:
            messages.error(request, _("This use case was merged into another; triage that one."))
            return _back(ctx, usecase)
        form = TriageForm(request.POST, facts=saved)
        facts = saved
        if form.is_valid():
            facts = selectors.facts_relevant(form.to_facts())[0]
            if request.POST.get("confirm") and not request.POST.get("preview"):
                try:
                    services.triage_save(ctx, usecase=usecase, facts=facts)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, _("The triage is saved."))
                return _back(ctx, usecase)
            preview = selectors.triage_preview(triage=triage, facts=facts)
    else:
        facts = selectors.facts_prefilled(saved, suggestions) if prefill else saved
        form = TriageForm(facts=facts)
    result = selectors.result_of(triage)
    reconfirm = None
    if triage is not None and triage.rules_version != LAW.version:
        reconfirm = selectors.reconfirm_of(triage)
    return TemplateResponse(
        request,
        "triage/usecase_triage.html",
        {
            "usecase": usecase,
            "triage": triage,
            "form": form,
            "relevant": selectors.facts_relevant(facts)[1],
            "suggestions": {key: (answer_label(key, s.value), s) for key, s in suggestions.items()},
            "prefilled": prefill and bool(suggestions),
            "preview": preview,
            "preview_facts": [
                (question_label(key), answer_label(key, old), answer_label(key, new))
                for key, (old, new) in (preview.changed_facts.items() if preview else [])
            ],
            "result": result,
            "law": law_view(result.law),
            "outcomes": outcomes(result),
            "obligations": [
                (article_label(o.article), obligation_summary(o), o)
                for o in selectors.usecase_timeline(result)
            ],
            "date_open": DATE_OPEN,
            "reconfirm": reconfirm,
            "can_reconfirm": reconfirm is not None and ctx.can(Perm.SIGN_OFF_TRIAGE),
            "dpia_reasons": dpia_reasons(saved, result),
            # Before anything is answered every answer changes the outcome: nothing to point
            # out, and the costliest case for the engine.
            "pivotal": [
                (question_label(key), outcome_names(names))
                for key, names in (engine.pivotal(saved).items() if triage is not None else [])
                if names
            ],
            "answers": [
                (question_label(key), answer_label(key, value))
                for key, value in (triage.facts.items() if triage else [])
                if value is not None
            ],
            "can_triage": can_triage,
            "can_sign_off": ctx.can(Perm.SIGN_OFF_TRIAGE)
            and triage is not None
            and triage.status == Status.COMPLETE,
            "can_reopen": can_triage and triage is not None and triage.status == Status.SIGNED_OFF,
            "reopen_form": ReopenForm(),
            "history": selectors.triage_history(triage=triage),
        },
    )


@org_view(Perm.VIEW)
def usecase_triage_relevant(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """The questions that matter given the answers in the query string (for triage.js)."""
    usecase = _usecase(ctx, pk)
    saved = selectors.facts_of(selectors.triage_for(usecase=usecase))
    form = TriageForm(request.GET, facts=saved)
    facts = form.to_facts() if form.is_valid() else saved
    return JsonResponse({"relevant": selectors.facts_relevant(facts)[1]})


@org_view(Perm.SIGN_OFF_TRIAGE)
@require_POST
def usecase_triage_sign_off(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    usecase = _usecase(ctx, pk)
    try:
        services.triage_sign_off(ctx, usecase=usecase)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The triage is signed off."))
    return _back(ctx, usecase)


@org_view(Perm.TRIAGE)
@require_POST
def usecase_triage_reopen(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    usecase = _usecase(ctx, pk)
    form = ReopenForm(request.POST)
    form.is_valid()
    try:
        services.triage_reopen(ctx, usecase=usecase, note=form.cleaned_data.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The triage is re-opened; the sign-off is cleared."))
    return _back(ctx, usecase)


@org_view(Perm.SIGN_OFF_TRIAGE)
@require_POST
def usecase_triage_reconfirm(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """Move a triage made with older rules to the current ones (back to the list it came from,
    if any)."""
    usecase = _usecase(ctx, pk)
    try:
        services.triage_reconfirm(ctx, usecase=usecase)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(usecase)s now follows the current rules.")
            % {"usecase": f"{usecase.reference} {usecase.title}"},
        )
    if request.POST.get("back") == "list":
        return redirect("triage:reconfirm_list", org_slug=ctx.organisation.slug)
    return _back(ctx, usecase)


@org_view(Perm.VIEW)
def reconfirm_list(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    """The triages made with older rules, each with what the current rules would change."""
    return TemplateResponse(
        request,
        "triage/reconfirm.html",
        {
            "items": selectors.reconfirm_list(organisation=ctx.organisation),
            "law": law_view(Law.of(LAW)),
            "can_reconfirm": ctx.can(Perm.SIGN_OFF_TRIAGE),
        },
    )


@org_view(Perm.VIEW)
def portfolio(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    counts = selectors.portfolio(organisation=ctx.organisation)
    not_triaged = (selectors.NOT_TRIAGED, _("Not triaged"))
    groups = [
        ("risk_group", _("Risk group"), RiskGroup.choices, counts.risk_group),
        ("dpia", _("DPIA"), Dpia.choices, counts.dpia),
        ("transparency", _("Transparency duty"), Transparency.choices, counts.transparency),
    ]
    return TemplateResponse(
        request,
        "triage/portfolio.html",
        {
            "counts": counts,
            "groups": [
                (name, title, [(v, label, found[v]) for v, label in [*choices, not_triaged]])
                for name, title, choices, found in groups
            ],
            "timeline": selectors.timeline(organisation=ctx.organisation),
            "reconfirm_count": selectors.reconfirm_count(organisation=ctx.organisation),
            "law": law_view(Law.of(LAW)),
        },
    )


@org_view(Perm.EXPORT_USECASES)
def portfolio_export(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    content = triage_export_xlsx(organisation=ctx.organisation)
    filename = f"{ctx.organisation.slug}-triage-{clock.today():%Y-%m-%d}.xlsx"
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
