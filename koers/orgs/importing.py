"""What every import shares: reading the upload, matching columns, parsing cells, reporting errors.

An import is all-or-nothing: it validates every row first and raises ``ImportFailed`` with the
complete list of ``RowError`` (row as the user sees it in the file, column, message) before it
writes anything. The use-case import (``koers.backlog.services.transfer.importing``) and the
people import (``koers.orgs.people``) are built on these pieces. A large file is imported in the
background: ``upload_queue`` when it is confirmed, ``upload_run`` in the worker (each app's
``tasks.py`` hands it the app's import).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections, router, transaction
from django.db.models import Field, Model, TextChoices
from django.http import Http404
from django.utils import translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core import clock
from koers.core.models import Upload
from koers.core.tabular import Table, TabularError, read_table
from koers.core.uploads import uploads_delete_stale, uploads_schedule_cleanup
from koers.orgs.models import Role
from koers.orgs.tenancy import OrgContext, org_context_for

if TYPE_CHECKING:
    from django_tasks.base import Task

    from koers.orgs.models import Organisation, User

CLI_ACTOR_LABEL = "koers import (CLI)"

_TABULAR_MESSAGES: dict[str, Promise] = {
    "empty": gettext_lazy("The file is empty."),
    "no_header": gettext_lazy("The first row must name the columns."),
    "unreadable": gettext_lazy("The file cannot be read as %(kind)s: %(detail)s"),
    "old_excel": gettext_lazy("This is an old Excel file (.xls); save it as .xlsx or CSV first."),
    "duplicate_headers": gettext_lazy("These column names appear more than once: %(names)s."),
    "extra_cells": gettext_lazy("Row %(row)s has more cells than there are column names."),
    "not_a_list": gettext_lazy("A JSON file must hold a list of objects, one per row."),
    "too_many_rows": gettext_lazy(
        "The file has more than %(max)s rows; split it into smaller files."
    ),
    "too_many_columns": gettext_lazy("The file has more than %(max)s columns."),
    "too_many_cells": gettext_lazy(
        "The file has more than %(max)s cells (rows times columns); split it into smaller files."
    ),
    "cell_too_long": gettext_lazy("Row %(row)s has a cell longer than %(max)s characters."),
    "too_large_unpacked": gettext_lazy(
        "The workbook unpacks to more than %(mb)s MB; split it into smaller files."
    ),
    "too_many_parts": gettext_lazy("The workbook consists of more than %(max)s parts."),
    "too_many_sheets": gettext_lazy(
        "The workbook has more than %(max)s sheets; keep only the sheet to import."
    ),
    "declared_too_large": gettext_lazy(
        "The first sheet says it spans %(ref)s: more than Koers reads (at most %(rows)s rows, "
        "%(columns)s columns and %(cells)s cells)."
    ),
}


@dataclass(frozen=True, order=True)
class RowError:
    """One problem in the file. ``row`` is None for a problem with the file as a whole."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportFailed(Exception):
    """The file was rejected whole; ``errors`` lists every problem found. Nothing was changed."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.row or 0, e.column, e.message))
        super().__init__("; ".join(str(e) for e in self.errors[:5]))


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    departments_created: int = 0
    missing: int = 0  # people import: active members not in the file

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class SystemActor:
    """An import run by the system (the CLI, the demo loader) rather than by a person."""

    organisation: Organisation
    label: str = CLI_ACTOR_LABEL


def actor_parts(actor: OrgContext | SystemActor) -> tuple[Organisation, User | None, str]:
    """The organisation, the user (None for the system) and the label for the audit rows."""
    if isinstance(actor, SystemActor):
        return actor.organisation, None, actor.label
    return actor.organisation, actor.user, ""


# --- reading -------------------------------------------------------------------------------


def check_size(size: int) -> None:
    """Refuse a file over ``KOERS_MAX_IMPORT_BYTES`` before reading it."""
    if size > settings.KOERS_MAX_IMPORT_BYTES:
        message = _("The file is larger than %(mb)d MB; split it into smaller files.") % {
            "mb": settings.KOERS_MAX_IMPORT_BYTES // (1024 * 1024)
        }
        raise ImportFailed([RowError(None, "", message)])


def read_upload(content: bytes, filename: str) -> Table:
    """Read an uploaded file, or raise ImportFailed with one clear, translated message."""
    check_size(len(content))
    try:
        return read_table(content, filename)
    except TabularError as error:
        params = {
            name: number_format(value, force_grouping=True) if isinstance(value, int) else value
            for name, value in error.params.items()
        }
        message = str(_TABULAR_MESSAGES[error.code]) % params
        raise ImportFailed([RowError(None, "", message)]) from error


# --- columns -------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Case, spaces, underscores and punctuation do not matter when matching names."""
    return re.sub(r"[\W_]+", "", text.casefold())


def labels_in_all_languages(label: str | Promise) -> set[str]:
    """The label as written in every configured language (English and Dutch)."""
    names = {str(label)}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(label))
    return names


@dataclass(frozen=True)
class Column:
    """A field an import fills. ``aliases`` are other header names that mean the same (e.g. the
    Dutch ones, which must work even before the catalogue translates the label)."""

    name: str
    label: str | Promise
    aliases: tuple[str, ...] = ()
    required: bool = False

    def names(self) -> set[str]:
        names = {self.name, *self.aliases} | labels_in_all_languages(self.label)
        return {normalise(n) for n in names if normalise(n)}


def guess_mapping(headers: Sequence[str], columns: Sequence[Column]) -> dict[str, str]:
    """Propose which file column fills which field: ``{field name: header}``."""
    by_name = {normalise(h): h for h in reversed(headers)}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for column in columns:
        for candidate in [column.name, *sorted(column.names())]:
            header = by_name.get(normalise(candidate))
            if header is not None and header not in used:
                mapping[column.name] = header
                used.add(header)
                break
    return mapping


def check_mapping(
    mapping: Mapping[str, str], headers: Sequence[str], columns: Sequence[Column]
) -> list[RowError]:
    """Problems with a chosen mapping: unknown columns, a column used twice, required fields."""
    errors = []
    seen: dict[str, str] = {}
    known = {c.name: c for c in columns}
    for name, header in mapping.items():
        if not header:
            continue
        if name not in known or header not in headers:
            errors.append(RowError(None, header, _("This column is not in the file.")))
        elif header in seen:
            errors.append(
                RowError(
                    None,
                    header,
                    _("This column is chosen for both “%(a)s” and “%(b)s”.")
                    % {"a": known[seen[header]].label, "b": known[name].label},
                )
            )
        seen[header] = name
    for column in columns:
        if column.required and not mapping.get(column.name):
            errors.append(
                RowError(
                    None,
                    "",
                    _("Choose the column that holds “%(field)s”.") % {"field": column.label},
                )
            )
    return errors


# --- cells ---------------------------------------------------------------------------------


@dataclass
class ChoiceParser:
    """Accepts a choice's code or its label in English or Dutch, in any case."""

    choices: type[TextChoices]
    extra: Mapping[str, Iterable[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lookup: dict[str, str] = {}
        for value, label in zip(self.choices.values, self.choices.labels, strict=True):
            names = {value, *labels_in_all_languages(label), *self.extra.get(value, ())}
            for name in list(names):
                names.add(name.split("(")[0])  # "Generative AI (text, images, chat)"
            for name in names:
                if normalise(name):
                    self.lookup.setdefault(normalise(name), value)

    def parse(self, text: str) -> str | None:
        """The code, or None when the text matches no choice."""
        return self.lookup.get(normalise(text))

    def allowed(self) -> str:
        """The choices in the reader's language, each with its code: "Ja (yes), Nee (no)"."""
        return ", ".join(
            f"{label} ({value})"
            for value, label in zip(self.choices.values, self.choices.labels, strict=True)
        )


_TRUE = {"yes", "y", "true", "1", "ja", "j", "waar", "x"}
_FALSE = {"no", "n", "false", "0", "nee", "onwaar", ""}


def parse_bool(text: str) -> bool | None:
    value = text.strip().casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


def clean_name(text: str) -> str:
    """Names (people, departments) with runs of white space collapsed."""
    return " ".join(text.split())


def chunked(items: Sequence[Any], size: int = 1000) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def update_many(model: type[Model], objects: Sequence[Model], field_names: Sequence[str]) -> None:
    """Save ``field_names`` of many objects: one prepared ``UPDATE … WHERE id = %s`` run with
    ``executemany`` per batch. Django's ``bulk_update`` builds a CASE expression per object in
    Python, which took half a minute for 50,000 people; this takes about a second."""
    if not objects or not field_names:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields: list[Field[Any, Any]] = []
    for name in [*field_names, model._meta.pk.name]:
        field = model._meta.get_field(name)
        assert isinstance(field, Field) and field.column
        fields.append(field)
    *values, key = fields
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in values)
    table = quote(model._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE {quote(str(key.column))} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for chunk in chunked(objects, 1000):
            rows = [
                [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in values] + [obj.pk]
                for obj in chunk
            ]
            cursor.executemany(sql, rows)


# --- uploads (the file waiting between the upload, mapping and confirmation steps) --------


def upload_create(
    ctx: OrgContext, *, kind: str, filename: str, content: bytes, mapping: dict[str, str]
) -> Upload:
    """Keep an uploaded file for its next steps; it is deleted a day later unless imported."""
    uploads_delete_stale()
    uploads_schedule_cleanup()
    return Upload.objects.create(
        organisation=ctx.organisation,
        kind=kind,
        filename=filename[:255],
        content=content,
        mapping=mapping,
        uploaded_by=ctx.user,
    )


def upload_get(ctx: OrgContext, *, pk: int) -> Upload:
    """The upload ``pk``, for the person who uploaded it and the organisation's admins;
    ``Upload.DoesNotExist`` for anyone else (it may hold an HR export)."""
    uploads = Upload.objects.filter(organisation=ctx.organisation)
    if ctx.role != Role.ADMIN:
        uploads = uploads.filter(uploaded_by=ctx.user)
    return uploads.get(pk=pk)


def upload_set_mapping(*, upload: Upload, mapping: dict[str, str]) -> None:
    upload.mapping = mapping
    upload.save(update_fields=["mapping"])


def upload_mark_imported(*, upload: Upload, result: ImportResult) -> None:
    upload.imported_at = upload.finished_at = clock.now()
    upload.status = Upload.Status.DONE
    upload.result = result.as_dict()
    upload.save(update_fields=["imported_at", "finished_at", "status", "result"])


# --- imports in the background -------------------------------------------------------------

Runner = Callable[..., ImportResult]  # run(ctx, table=, mapping=, dry_run=, note=, **options)


def upload_queue(
    ctx: OrgContext,
    *,
    upload: Upload,
    rows: int,
    options: dict[str, Any],
    language: str,
    task: Task[[int], str],
) -> bool:
    """Confirm ``upload`` for an import in the background: keep the choices made on the page and
    the language the uploader reads, and queue ``task(upload.pk)`` once this is committed (the
    worker calls ``upload_run``). False when the upload was already confirmed (a second click)."""
    queued = Upload.objects.filter(
        pk=upload.pk, organisation=ctx.organisation, status=Upload.Status.NEW
    ).update(
        status=Upload.Status.QUEUED,
        rows=rows,
        options=options,
        language=language,
        queued_at=clock.now(),
    )
    if queued:
        transaction.on_commit(lambda: task.enqueue(upload.pk))
    return bool(queued)


def upload_run(upload_id: int, *, run: Runner) -> str:
    """Import a queued upload as the person who uploaded it (who must still be an active member
    with the permission), in their language. All or nothing: the rows and the result are stored in
    one transaction, or nothing is and the upload keeps the list of problems. Returns the upload's
    status; an upload another worker took, or that is gone, is left alone."""
    claimed = Upload.objects.filter(pk=upload_id, status=Upload.Status.QUEUED).update(
        status=Upload.Status.RUNNING, started_at=clock.now()
    )
    if not claimed:
        return ""
    upload = Upload.objects.select_related("organisation", "uploaded_by").get(pk=upload_id)
    with translation.override(upload.language or settings.LANGUAGE_CODE):
        try:
            ctx = _uploader_context(upload)
            table = read_upload(bytes(upload.content), upload.filename)
            with transaction.atomic():
                result = run(
                    ctx,
                    table=table,
                    mapping=upload.mapping,
                    dry_run=False,
                    note=upload.filename,
                    **upload.options,
                )
                upload_mark_imported(upload=upload, result=result)
        except ImportFailed as failure:
            _mark_failed(upload, failure.errors)
        except PermissionDenied:
            message = _("The person who uploaded the file may no longer import it.")
            _mark_failed(upload, [RowError(None, "", message)])
        except Exception:
            message = _(
                "The import stopped on an unexpected error. Nothing was imported; try again, or "
                "ask the administrator to look at the background worker's log."
            )
            _mark_failed(upload, [RowError(None, "", message)])
            raise
    return upload.status


def _uploader_context(upload: Upload) -> OrgContext:
    """The uploader's context now, as if they confirmed again; ImportFailed when they may not."""
    try:
        ctx = org_context_for(user=upload.uploaded_by, slug=upload.organisation.slug)
    except Http404:
        message = _("The person who uploaded the file is no longer a member of this organisation.")
        raise ImportFailed([RowError(None, "", message)]) from None
    return ctx


def _mark_failed(upload: Upload, errors: Sequence[RowError]) -> None:
    upload.status = Upload.Status.FAILED
    upload.finished_at = clock.now()
    upload.errors = [
        {"row": e.row, "column": e.column, "message": e.message}
        for e in errors[: Upload.ERRORS_KEPT]
    ]
    upload.result = {"problems": len(errors)}
    upload.save(update_fields=["status", "finished_at", "errors", "result"])


def upload_errors(upload: Upload) -> list[RowError]:
    """The problems a background import found (the first ``Upload.ERRORS_KEPT``)."""
    return [RowError(e["row"], e["column"], e["message"]) for e in upload.errors]
