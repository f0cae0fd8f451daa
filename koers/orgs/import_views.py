"""The pages every import has: upload → map columns → preview and confirm (→ progress).

Use cases (``koers.backlog.views.transfer``) and people (``koers.orgs.people_views``) describe
their import as an ``ImportFlow``; the pages are the same. The uploaded file waits in ``Upload``
(scoped to the organisation and its uploader) between the steps, so any web process can serve
the next one. A file of more than ``KOERS_IMPORT_BACKGROUND_ROWS`` rows is not checked on the
preview page: confirming it queues it for the worker, and a page that refreshes itself follows it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from koers.core import clock
from koers.core.http import get_or_404
from koers.core.models import Upload
from koers.core.tabular import LIMITS, Table
from koers.orgs.importing import (
    Column,
    ImportFailed,
    ImportResult,
    RowError,
    Runner,
    check_mapping,
    check_size,
    guess_mapping,
    read_upload,
    upload_create,
    upload_errors,
    upload_get,
    upload_mark_imported,
    upload_queue,
    upload_set_mapping,
)
from koers.orgs.tenancy import OrgContext

if TYPE_CHECKING:
    from django_tasks.base import Task

ERRORS_SHOWN = 200
SAMPLE_ROWS = 3


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (comma, semicolon or tab separated) or Excel (.xlsx)."),
    )


class MappingForm(forms.Form):
    """One select per field Koers can fill, offering the file's columns."""

    def __init__(self, *args: Any, columns: Sequence[Column], headers: Sequence[str], **kw: Any):
        super().__init__(*args, **kw)
        choices = [("", _("— not imported —")), *[(h, h) for h in headers]]
        for column in columns:
            self.fields[column.name] = forms.ChoiceField(
                label=str(column.label), choices=choices, required=column.required
            )


FLOWS: dict[str, ImportFlow] = {}  # by Upload.kind

# A background import still waiting after WORKER_SLOW gets a hint about the worker; one still
# running after RUNNING_LONG (the largest file takes minutes) was cut off by a stopped worker.
WORKER_SLOW = timedelta(minutes=2)
RUNNING_LONG = timedelta(minutes=30)
REFRESH_SECONDS = 2


@dataclass(frozen=True)
class ImportFlow:
    """What differs between imports: the kind of upload, its columns, the service that imports
    it and the task that runs it in the background, the URL names of its pages (upload, map,
    preview, progress) and the templates of the first three, and the page (a URL name) to go to
    when it is done."""

    kind: str
    columns: Sequence[Column]
    run: Runner
    task: Task[[int], str]  # task.enqueue(upload_id) runs upload_run(upload_id, run=run)
    url_names: tuple[str, str, str, str]
    templates: tuple[str, str, str]
    done_url: str
    needs_no_mapping: Callable[[Sequence[str]], bool] = lambda headers: False
    options: Callable[[HttpRequest], dict[str, Any]] = field(default=lambda request: {})
    extra_context: Callable[[OrgContext], dict[str, Any]] = field(default=lambda ctx: {})

    def __post_init__(self) -> None:
        FLOWS[self.kind] = self

    def _upload(self, ctx: OrgContext, pk: int) -> Upload:
        return get_or_404(upload_get, ctx, pk=pk)

    def _url(self, step: int, ctx: OrgContext, upload: Upload) -> str:
        return reverse(
            self.url_names[step], kwargs={"org_slug": ctx.organisation.slug, "pk": upload.pk}
        )

    def _done(self, ctx: OrgContext) -> HttpResponse:
        return redirect(self.done_url, org_slug=ctx.organisation.slug)

    def _elsewhere(self, ctx: OrgContext, upload: Upload, step: int) -> HttpResponse | None:
        """An upload of the other kind (people instead of use cases) is handled by its own
        import pages, which check their own permission."""
        if upload.kind == self.kind:
            return None
        if upload.kind not in FLOWS:
            raise Http404
        target = FLOWS[upload.kind].url_names[step]
        return redirect(target, org_slug=ctx.organisation.slug, pk=upload.pk)

    def _render(
        self, request: HttpRequest, ctx: OrgContext, template: str, context: dict[str, Any]
    ) -> TemplateResponse:
        context.setdefault("errors", [])
        context.setdefault("errors_total", len(context["errors"]))
        context["errors_shown"] = context["errors"][:ERRORS_SHOWN]
        context["errors_more"] = max(0, context["errors_total"] - ERRORS_SHOWN)
        context["max_mb"] = settings.KOERS_MAX_IMPORT_BYTES // (1024 * 1024)
        context["max_rows"] = number_format(LIMITS.rows, force_grouping=True)
        context["max_columns"] = number_format(LIMITS.columns, force_grouping=True)
        context["background_rows"] = number_format(
            settings.KOERS_IMPORT_BACKGROUND_ROWS, force_grouping=True
        )
        context["upload_url"] = reverse(
            self.url_names[0], kwargs={"org_slug": ctx.organisation.slug}
        )
        context.update(self.extra_context(ctx))
        form = context.get("form")
        failed = bool(context["errors"]) or bool(form is not None and form.errors)
        status = 400 if failed and request.method == "POST" else 200
        return TemplateResponse(request, template, context, status=status)

    def upload_page(self, request: HttpRequest, ctx: OrgContext) -> HttpResponse:
        form = UploadForm(request.POST or None, request.FILES or None)
        errors: list[RowError] = []
        if request.method == "POST" and form.is_valid():
            uploaded = form.cleaned_data["file"]
            try:
                check_size(uploaded.size or 0)
                content = uploaded.read()
                table = read_upload(content, uploaded.name)
            except ImportFailed as failure:
                errors = failure.errors
            else:
                direct = self.needs_no_mapping(table.headers)
                upload = upload_create(
                    ctx,
                    kind=self.kind,
                    filename=uploaded.name,
                    content=content,
                    mapping={} if direct else guess_mapping(table.headers, self.columns),
                )
                step = self.url_names[2] if direct else self.url_names[1]
                return redirect(step, org_slug=ctx.organisation.slug, pk=upload.pk)
        return self._render(request, ctx, self.templates[0], {"form": form, "errors": errors})

    def _table(self, upload: Upload) -> Table:
        return read_upload(bytes(upload.content), upload.filename)

    def map_page(self, request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
        upload = self._upload(ctx, pk)
        if (elsewhere := self._elsewhere(ctx, upload, 1)) is not None:
            return elsewhere
        try:
            table = self._table(upload)
        except ImportFailed as failure:
            return self._render(
                request, ctx, self.templates[1], {"upload": upload, "errors": failure.errors}
            )
        form = MappingForm(
            request.POST or None,
            columns=self.columns,
            headers=table.headers,
            initial=upload.mapping,
        )
        errors: list[RowError] = []
        if request.method == "POST" and form.is_valid():
            mapping = {name: header for name, header in form.cleaned_data.items() if header}
            errors = check_mapping(mapping, table.headers, self.columns)
            if not errors:
                upload_set_mapping(upload=upload, mapping=mapping)
                return redirect(self.url_names[2], org_slug=ctx.organisation.slug, pk=upload.pk)
        return self._render(
            request,
            ctx,
            self.templates[1],
            {
                "upload": upload,
                "form": form,
                "errors": errors,
                "headers": table.headers,
                "sample": table.rows[:SAMPLE_ROWS],
                "rows": len(table),
            },
        )

    def preview_page(self, request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
        """Check every row and say what would happen, then import on confirmation; a file of
        more than ``KOERS_IMPORT_BACKGROUND_ROWS`` rows is checked and imported by the worker."""
        upload = self._upload(ctx, pk)
        if (elsewhere := self._elsewhere(ctx, upload, 2)) is not None:
            return elsewhere
        if upload.status != Upload.Status.NEW and upload.imported_at is None:
            return redirect(self._url(3, ctx, upload))
        if upload.imported_at is not None:
            messages.info(request, _("This file has already been imported."))
            return self._done(ctx)
        confirm = request.method == "POST"
        result: ImportResult | None = None
        errors: list[RowError] = []
        can_remap = False
        background = False
        try:
            table = self._table(upload)
            can_remap = not self.needs_no_mapping(table.headers)
            background = len(table) > settings.KOERS_IMPORT_BACKGROUND_ROWS
            if background and confirm:
                upload_queue(
                    ctx,
                    upload=upload,
                    rows=len(table),
                    options=self.options(request),
                    language=translation.get_language() or settings.LANGUAGE_CODE,
                    task=self.task,
                )
                return redirect(self._url(3, ctx, upload))
            if not background:
                result = self.run(
                    ctx,
                    table=table,
                    mapping=upload.mapping,
                    dry_run=not confirm,
                    note=upload.filename,
                    **(self.options(request) if confirm else {}),
                )
        except ImportFailed as failure:
            errors = failure.errors
        if confirm and result is not None:
            upload_mark_imported(upload=upload, result=result)
            messages.success(request, self.summary(result))
            return self._done(ctx)
        context = {
            "upload": upload,
            "result": result,
            "errors": errors,
            "can_remap": can_remap,
            "background": background and not errors,
            "rows": len(table) if background else 0,
            "rows_text": number_format(len(table), force_grouping=True) if background else "",
        }
        return self._render(request, ctx, self.templates[2], context)

    def progress_page(self, request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
        """How far the background import of ``pk`` is; it refreshes itself until it ends with
        what was imported or the list of problems."""
        upload = self._upload(ctx, pk)
        if (elsewhere := self._elsewhere(ctx, upload, 3)) is not None:
            return elsewhere
        if upload.status == Upload.Status.NEW:
            return redirect(self._url(2, ctx, upload))
        waiting = upload.status in (Upload.Status.QUEUED, Upload.Status.RUNNING)
        failed = upload.status == Upload.Status.FAILED
        result = ImportResult(**upload.result) if upload.status == Upload.Status.DONE else None
        context = {
            "upload": upload,
            "waiting": waiting,
            "refresh_seconds": REFRESH_SECONDS,
            "slow": upload.status == Upload.Status.QUEUED
            and upload.queued_at is not None
            and clock.now() - upload.queued_at > WORKER_SLOW,
            "long": upload.status == Upload.Status.RUNNING
            and upload.started_at is not None
            and clock.now() - upload.started_at > RUNNING_LONG,
            "rows_text": number_format(upload.rows, force_grouping=True),
            "summary": self.summary(result) if result is not None else "",
            "result": result,
            "errors": upload_errors(upload) if failed else [],
            "errors_total": int(upload.result.get("problems", 0)) if failed else 0,
            "done_url": reverse(self.done_url, kwargs={"org_slug": ctx.organisation.slug}),
        }
        return self._render(request, ctx, "core/import/progress.html", context)

    @staticmethod
    def summary(result: ImportResult) -> str:
        text = _("Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        if result.deactivated:
            text += " " + ngettext(
                "%(n)d person deactivated.", "%(n)d people deactivated.", result.deactivated
            ) % {"n": result.deactivated}
        return text
