"""Pages for importing people from an HR export: upload → map → preview and confirm."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from koers.core.models import Upload
from koers.orgs import people
from koers.orgs.import_views import ImportFlow
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view


def _options(request: HttpRequest) -> dict[str, Any]:
    return {"deactivate_missing": request.POST.get("deactivate_missing") == "1"}


FLOW = ImportFlow(
    kind=Upload.Kind.PEOPLE,
    columns=people.COLUMNS,
    run=people.people_import,
    url_names=("people_import", "people_import_map", "people_import_preview"),
    templates=(
        "orgs/people_import.html",
        "core/import/map.html",
        "orgs/people_import_preview.html",
    ),
    done=lambda ctx: redirect("people", org_slug=ctx.organisation.slug),
    options=_options,
)


@org_view(Perm.MANAGE_PEOPLE)
def people_import(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    return FLOW.upload_page(request, ctx)


@org_view(Perm.MANAGE_PEOPLE)
def people_import_map(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    return FLOW.map_page(request, ctx, pk)


@org_view(Perm.MANAGE_PEOPLE)
def people_import_preview(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    return FLOW.preview_page(request, ctx, pk)
