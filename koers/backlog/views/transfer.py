"""Pages for importing use cases (upload → map → preview and confirm) and exporting them."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from koers.backlog.forms.usecases import FilterForm
from koers.backlog.selectors.usecases import UseCaseFilter
from koers.backlog.services.transfer import exporting, formats, importing
from koers.backlog.tasks import import_usecases
from koers.core import clock
from koers.core.models import Upload
from koers.orgs.import_views import ImportFlow
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view


def _export_formats(ctx: OrgContext) -> dict[str, Any]:
    return {
        "export_formats": list(exporting.EXPORT_FORMATS),
        "can_export": ctx.can(Perm.EXPORT_USECASES),
    }


FLOW = ImportFlow(
    kind=Upload.Kind.USECASES,
    columns=formats.COLUMNS,
    run=importing.usecase_import,
    task=import_usecases,
    url_names=(
        "backlog:import",
        "backlog:import_map",
        "backlog:import_preview",
        "backlog:import_progress",
    ),
    templates=(
        "backlog/import_upload.html",
        "core/import/map.html",
        "backlog/import_preview.html",
    ),
    done_url="backlog:list",
    needs_no_mapping=formats.is_federal,
    extra_context=_export_formats,
)


@org_view(Perm.IMPORT_USECASES)
def usecase_import(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    return FLOW.upload_page(request, ctx)


@org_view(Perm.IMPORT_USECASES)
def usecase_import_map(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    return FLOW.map_page(request, ctx, pk)


@org_view(Perm.IMPORT_USECASES)
def usecase_import_preview(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    return FLOW.preview_page(request, ctx, pk)


@org_view(Perm.IMPORT_USECASES)
def usecase_import_progress(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    return FLOW.progress_page(request, ctx, pk)


def _filters(request: HttpRequest, ctx: OrgContext) -> UseCaseFilter | None:
    """The register's filter from the query string (the same parameters as the list page)."""
    return FilterForm(request.GET, organisation=ctx.organisation).to_filter(
        default_sort="reference"
    )


@org_view(Perm.EXPORT_USECASES)
def usecase_export(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    """``?format=csv|xlsx|json`` plus, optionally, the register's filter parameters."""
    fmt = request.GET.get("format", "csv")
    if fmt not in exporting.EXPORT_FORMATS:
        raise Http404
    filters = _filters(request, ctx)
    if filters is None:
        return HttpResponseBadRequest(_("The filter in the address is not valid."))
    content = exporting.usecase_export(organisation=ctx.organisation, fmt=fmt, filters=filters)
    content_type, extension = exporting.EXPORT_FORMATS[fmt]
    filename = f"{ctx.organisation.slug}-usecases-{clock.today():%Y-%m-%d}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
