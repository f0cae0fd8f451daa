"""The digest of Voice for internal newsletters: what was raised, answered and done in a period."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation

from koers.diagnostic.selectors.report import pdf_available, pdf_from_html, report_language
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view
from koers.voice.selectors.digest import Digest, digest_build, period_days


def _render(request: HttpRequest, ctx: OrgContext, template: str) -> tuple[str, Digest]:
    language = report_language(ctx.organisation, request.GET.get("lang"))
    with translation.override(language):
        digest = digest_build(ctx, days=period_days(request.GET.get("days")), language=language)
        html = render_to_string(template, {"digest": digest, "org": ctx.organisation})
    return html, digest


def _query(request: HttpRequest) -> str:
    keep = {k: request.GET[k] for k in ("days", "lang") if request.GET.get(k)}
    return ("?" + "&".join(f"{k}={v}" for k, v in keep.items())) if keep else ""


@org_view(Perm.VIEW)
def digest_page(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    body, digest = _render(request, ctx, "voice/digest_body.html")
    return TemplateResponse(
        request,
        "voice/digest.html",
        {
            "body": body,
            "digest": digest,
            "pdf_available": pdf_available(),
            "query": _query(request),
            "lang": request.GET.get("lang", ""),
        },
    )


@org_view(Perm.VIEW)
def digest_pdf(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    if not pdf_available():
        return TemplateResponse(request, "voice/digest_unavailable.html", {}, status=503)
    html, digest = _render(request, ctx, "voice/digest_pdf.html")
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="voice-digest-{digest.end}.pdf"'
    return response


# An e-mail's HTML carries its styles in style="" attributes (mail programs ignore stylesheets).
@csp_update({"style-src-attr": [UNSAFE_INLINE]})
@org_view(Perm.VIEW)
def digest_email(request: HttpRequest, ctx: OrgContext) -> HttpResponse:
    html, _digest = _render(request, ctx, "voice/digest_email.html")
    return HttpResponse(html, content_type="text/html; charset=utf-8")
