from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.backlog.forms.starter import StarterAddForm
from koers.backlog.selectors.starter import starter_departments, starter_items
from koers.backlog.services.starter import starter_use_get, usecase_add_from_starter
from koers.core.http import back_to
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view


def starter_context(ctx: OrgContext) -> dict[str, Any]:
    """What the starter-catalogue block on the quick-win page and the empty backlog shows."""
    department = ctx.membership.department
    return {
        "starter": starter_items(organisation=ctx.organisation, language=get_language()),
        "starter_departments": starter_departments(organisation=ctx.organisation),
        "starter_department_id": department.pk if department else None,
    }


@org_view(Perm.SUBMIT_USECASE)
@require_POST
def starter_add(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    back = back_to(request, within=f"/o/{ctx.organisation.slug}/") or HttpResponseRedirect(
        reverse("backlog:quadrant", kwargs={"org_slug": ctx.organisation.slug})
    )
    form = StarterAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
        return back
    try:
        added = usecase_add_from_starter(
            ctx,
            key=form.cleaned_data["key"],
            department_id=form.cleaned_data["department"],
            language=get_language(),
            add_anyway=form.cleaned_data["add_anyway"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back
    if added.usecase is None:
        use = starter_use_get(key=form.cleaned_data["key"])
        return TemplateResponse(
            request,
            "backlog/starter_similar.html",
            {
                "title": use.title.get(get_language()),
                "suggestions": added.similar,
                "form": form,
                "back": back.url,
            },
        )
    messages.success(
        request,
        _("%(title)s is on the backlog now as %(reference)s.")
        % {"title": added.usecase.title, "reference": added.usecase.reference},
    )
    return redirect("backlog:detail", org_slug=ctx.organisation.slug, pk=added.usecase.pk)
