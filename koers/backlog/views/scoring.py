from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from koers.backlog.forms.scoring import WeightsForm
from koers.backlog.selectors import scoring as selectors
from koers.backlog.services import scoring as services
from koers.backlog.views.starter import starter_context
from koers.core.forms import form_add_errors
from koers.core.selectors import change_list_for
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view


@org_view(Perm.VIEW)
def quadrant(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    view = selectors.backlog_quadrant(ctx, sort=request.GET.get("sort", "score"))
    return TemplateResponse(
        request, "backlog/quadrant.html", {"quadrant": view, **starter_context(ctx)}
    )


@org_view(Perm.MANAGE_SCORING)
def weights(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    current = selectors.weights_for(organisation=ctx.organisation)
    initial = {name: getattr(current, name) for name in services.EDITABLE_FIELDS}
    form = WeightsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.weights_update(ctx, **form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("The new weights apply to every score right away."))
            return redirect("backlog:quadrant", org_slug=ctx.organisation.slug)
    return TemplateResponse(
        request,
        "backlog/weights.html",
        {
            "form": form,
            "history": change_list_for(obj=current, organisation_id=ctx.organisation.pk)[:10],
        },
    )
