"""The board report of a scan wave: a printable page and the same as a PDF."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation

from koers.core.http import get_or_404
from koers.diagnostic.models import Wave
from koers.diagnostic.selectors import waves
from koers.diagnostic.selectors.report import (
    board_report,
    pdf_available,
    pdf_from_html,
    report_language,
    stylesheet,
)
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view


def _render(request: HttpRequest, ctx: OrgContext, wave: Wave, template: str) -> str:
    """The report rendered whole in its language (``?lang=`` or the organisation's)."""
    language = report_language(ctx.organisation, request.GET.get("lang"))
    with translation.override(language):
        try:
            report = board_report(ctx, wave, language)
        except Wave.DoesNotExist as missing:
            raise Http404 from missing
        return render_to_string(
            template,
            {"report": report, "results": report.results, "css": stylesheet()},
            request=request,
        )


@org_view(Perm.MANAGE_SCANS)
def report(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    wave = get_or_404(waves.wave_get, organisation=ctx.organisation, pk=pk)
    return TemplateResponse(
        request,
        "diagnostic/report.html",
        {
            "body": _render(request, ctx, wave, "diagnostic/report_body.html"),
            "wave": wave,
            "pdf_available": pdf_available(),
            "language": report_language(ctx.organisation, request.GET.get("lang")),
            "lang": request.GET.get("lang", ""),
        },
    )


@org_view(Perm.MANAGE_SCANS)
def report_pdf(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    wave = get_or_404(waves.wave_get, organisation=ctx.organisation, pk=pk)
    if not pdf_available():
        return TemplateResponse(
            request, "diagnostic/report_unavailable.html", {"wave": wave}, status=503
        )
    html = _render(request, ctx, wave, "diagnostic/report_pdf.html")
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="scan-report-{pk}.pdf"'
    return response


@org_view(Perm.MANAGE_SCANS)
def report_pdf_wait(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """A page that says the PDF is being made and then fetches it (a refresh, no JavaScript):
    the first download of a version takes WeasyPrint some seconds, and the page shows that."""
    wave = get_or_404(waves.wave_get, organisation=ctx.organisation, pk=pk)
    lang = request.GET.get("lang", "")
    pdf_url = reverse("diagnostic:report_pdf", kwargs={"org_slug": ctx.organisation.slug, "pk": pk})
    if lang:
        pdf_url += "?" + urlencode({"lang": lang})
    return TemplateResponse(
        request, "diagnostic/report_pdf_wait.html", {"wave": wave, "pdf_url": pdf_url, "lang": lang}
    )
