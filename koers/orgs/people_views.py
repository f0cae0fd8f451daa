"""Pages for importing people from an HR export: upload → map → preview and confirm (→ progress)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from koers.core.models import Upload
from koers.orgs import people
from koers.orgs.import_views import ImportFlow
from koers.orgs.permissions import Perm
from koers.orgs.tasks import import_people
from koers.orgs.tenancy import OrgContext, org_view


def _options(request: HttpRequest) -> dict[str, Any]:
    return {"deactivate_missing": request.POST.get("deactivate_missing") == "1"}


FLOW = ImportFlow(
    kind=Upload.Kind.PEOPLE,
    columns=people.COLUMNS,
    run=people.people_import,
    task=import_people,
    url_names=(
        "people_import",
        "people_import_map",
        "people_import_preview",
        "people_import_progress",
    ),
    templates=(
        "orgs/people_import.html",
        "core/import/map.html",
        "orgs/people_import_preview.html",
    ),
    done_url="people",
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


@org_view(Perm.MANAGE_PEOPLE)
def people_import_progress(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    return FLOW.progress_page(request, ctx, pk)
