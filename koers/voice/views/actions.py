"""Actions: the list by due date, one action with what it answers, and changing its status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core import clock
from koers.core.forms import messages_add_errors
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.voice import selectors, services
from koers.voice.forms import ActionStatusForm
from koers.voice.views.common import _action


@org_view(Perm.MODERATE_VOICE)
def actions(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    today = clock.today()
    rows = [
        {
            "action": action,
            "overdue": selectors.is_overdue(action, today),
            "form": ActionStatusForm(initial={"status": action.status}, prefix=f"a{action.pk}"),
        }
        for action in selectors.actions_list(ctx.organisation)
    ]
    return TemplateResponse(request, "voice/actions.html", {"rows": rows})


@org_view(Perm.MODERATE_VOICE)
@require_POST
def action_status(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    action = _action(ctx, pk)
    try:
        services.action_set_status(
            ctx,
            action=action,
            status=request.POST.get("status") or request.POST.get(f"a{pk}-status", ""),
        )
    except ValidationError as error:
        messages_add_errors(request, error)
    else:
        messages.success(request, _("The action's status is saved."))
    return redirect("voice:actions", org_slug=ctx.organisation.slug)


@org_view(Perm.MODERATE_VOICE)
def action_detail(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    action = _action(ctx, pk)
    return TemplateResponse(
        request,
        "voice/action.html",
        {
            "action": action,
            "overdue": selectors.is_overdue(action),
            "answers": action.answers.select_related("item", "theme"),
            "history": selectors.action_history(action),
            "form": ActionStatusForm(initial={"status": action.status}),
        },
    )
