from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from koers.orgs.selectors import organisation_list_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Go to the organisation the person used last, or let them choose."""
    organisations = organisation_list_for(user=request.user)  # type: ignore[arg-type]
    last = request.session.get("koers_org")
    if last and organisations.filter(slug=last).exists():
        return redirect("backlog:list", org_slug=last)
    if organisations.count() == 1:
        return redirect("backlog:list", org_slug=organisations.get().slug)
    return redirect("organisation_list")


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return TemplateResponse(request, "403_csrf.html", status=403)
