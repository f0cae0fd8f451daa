"""The instrument builder: an instrument's name and introduction, its sections and questions,
moving and deleting them.

Every edit reads the newest version's definition, changes it with ``instrument_edit`` and saves
the whole definition through ``instrument_services.instrument_save``; what the schema refuses is
shown on the form and nothing is stored. Sections and questions are addressed by their ids in the
query string or the form, never in the path: they live inside the instrument's definition.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.languages import active_language
from koers.diagnostic.forms.instruments import (
    QUESTION_TYPES,
    DetailsForm,
    ItemForm,
    QuestionForm,
    SectionForm,
    add_problems,
    problem_message,
)
from koers.diagnostic.instruments import edit as instrument_edit
from koers.diagnostic.instruments.edit import Definition, EditError, Loc
from koers.diagnostic.instruments.loader import load_default_scan
from koers.diagnostic.instruments.schema import text_in
from koers.diagnostic.models import Instrument
from koers.diagnostic.services import instruments as instrument_services
from koers.diagnostic.services.instruments import Revision
from koers.diagnostic.views.instruments import _back, _instrument
from koers.orgs.permissions import Perm
from koers.orgs.tenancy import OrgContext, org_view


def _definition(instrument: Instrument) -> Definition:
    return dict(instrument_services.version_latest(instrument).definition)


def _tell(request: HttpRequest, revision: Revision) -> None:
    if revision.created:
        messages.success(
            request,
            _("Version %(new)s created; waves that use version %(old)s keep it.")
            % {"new": revision.version.number, "old": revision.previous_number},
        )
    else:
        messages.success(request, _("Saved in version %(n)s.") % {"n": revision.version.number})


def _save(
    request: HttpRequest,
    ctx: OrgContext,
    instrument: Instrument,
    form: Any,
    change: Callable[[], tuple[Definition, Loc, str]],
    *,
    what: str,
    name: str | None = None,
) -> HttpResponse | None:
    """Apply ``change`` (the new definition, where the edit is, its anchor on the page) and
    save; None, with the problems on the form, when it is refused."""
    try:
        definition, focus, anchor = change()
        instrument_edit.check(definition, focus=focus)
        revision = instrument_services.instrument_save(
            ctx, instrument=instrument, definition=definition, what=what, name=name
        )
    except EditError as error:
        add_problems(form, error.problems)
        return None
    _tell(request, revision)
    return _back(ctx, instrument, anchor)


def _scans_only(request: HttpRequest, ctx: OrgContext, instrument: Instrument) -> bool:
    if instrument.kind != Instrument.Kind.SCAN:
        messages.error(
            request, _("The calibration quiz is maintained by Koers and can't be edited.")
        )
        return False
    return True


@org_view(Perm.MANAGE_SCANS)
def instrument_details(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """The name, title and introduction."""
    found = _instrument(ctx, pk)
    if not _scans_only(request, ctx, found):
        return _back(ctx, found)
    definition = _definition(found)
    initial = {"name": found.name}
    for part in ("title", "intro"):
        for language in instrument_edit.LANGUAGES:
            initial[f"{part}_{language}"] = definition[part][language]
    form = DetailsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def change() -> tuple[Definition, Loc, str]:
            changed = instrument_edit.details_update(
                definition,
                title=instrument_edit.text(data["title_nl"], data["title_en"]),
                intro=instrument_edit.text(data["intro_nl"], data["intro_en"]),
            )
            return changed, (), ""

        title = _("Name and introduction")
        saved = _save(request, ctx, found, form, change, what=title, name=data["name"])
        if saved:
            return saved
    return _form_page(request, found, form, _("Name and introduction"))


@org_view(Perm.MANAGE_SCANS)
def instrument_section(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """Edit the section ``?section=<id>``, or add one at the end."""
    found = _instrument(ctx, pk)
    if not _scans_only(request, ctx, found):
        return _back(ctx, found)
    definition = _definition(found)
    section_id = request.GET.get("section") or None
    initial: dict[str, str] = {}
    if section_id is not None:
        try:
            section = definition["sections"][instrument_edit.find_section(definition, section_id)]
        except EditError as error:
            messages.error(request, problem_message(error.problems[0]))
            return _back(ctx, found)
        for part in ("title", "intro"):
            for language in instrument_edit.LANGUAGES:
                initial[f"{part}_{language}"] = (section.get(part) or {}).get(language, "")
    form = SectionForm(request.POST if request.method == "POST" else None, initial=initial)
    title = _("Edit section") if section_id else _("Add a section")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def change() -> tuple[Definition, Loc, str]:
            changed, saved_id = instrument_edit.section_save(
                definition,
                section_id,
                title=instrument_edit.text(data["title_nl"], data["title_en"]),
                intro=instrument_edit.optional_text(data["intro_nl"], data["intro_en"]),
            )
            return changed, instrument_edit.focus_of_section(changed, saved_id), f"s-{saved_id}"

        saved = _save(request, ctx, found, form, change, what=f"{title} {section_id or ''}")
        if saved:
            return saved
    note = (
        ""
        if section_id
        else _(
            "A new section starts with one open question, because a section can't be empty. "
            "Rewrite it or delete it once you have added your own questions."
        )
    )
    return _form_page(request, found, form, title, note=note)


@org_view(Perm.MANAGE_SCANS)
def instrument_question(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    """Edit the question ``?question=<id>``, or add one of ``?type=`` to ``?section=<id>``."""
    found = _instrument(ctx, pk)
    if not _scans_only(request, ctx, found):
        return _back(ctx, found)
    definition = _definition(found)
    question_id = request.GET.get("question") or None
    section_id = request.GET.get("section") or None
    try:
        if question_id is not None:
            s, q = instrument_edit.find_question(definition, question_id)
            stored = definition["sections"][s]["questions"][q]
            kind, initial = stored["type"], instrument_edit.question_values(stored)
        else:
            instrument_edit.find_section(definition, section_id or "")
            kind, initial = request.GET.get("type", ""), {"required": True, "max_length": 2000}
            if kind not in QUESTION_TYPES:
                raise EditError([instrument_edit.Problem("", "unknown_type")])
    except EditError as error:
        messages.error(request, problem_message(error.problems[0]))
        return _back(ctx, found)
    language = active_language()
    barriers: dict[str, str] = {
        b.id: text_in(b.name, language) for b in load_default_scan().barriers
    }
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        kind=kind,
        barriers=barriers,
    )
    title = _("Edit question") if question_id else _("Add a question")
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data

        def change() -> tuple[Definition, Loc, str]:
            fields = instrument_edit.question_fields(kind, values)
            changed, saved_id = instrument_edit.question_save(
                definition, fields=fields, question_id=question_id, section_id=section_id
            )
            return changed, instrument_edit.focus_of_question(changed, saved_id), f"q-{saved_id}"

        saved = _save(request, ctx, found, form, change, what=f"{title} {question_id or ''}")
        if saved:
            return saved
    return _form_page(request, found, form, title, subtitle=str(QUESTION_TYPES[kind]))


def _form_page(
    request: HttpRequest,
    instrument: Instrument,
    form: Any,
    title: str,
    *,
    subtitle: str = "",
    note: str = "",
) -> HttpResponse:
    return TemplateResponse(
        request,
        "diagnostic/instrument_form.html",
        {
            "instrument": instrument,
            "form": form,
            "title": title,
            "subtitle": subtitle,
            "note": note,
        },
    )


@org_view(Perm.MANAGE_SCANS)
@require_POST
def instrument_move(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    return _item_change(request, ctx, pk, move=True)


@org_view(Perm.MANAGE_SCANS)
@require_POST
def instrument_remove(request: HttpRequest, ctx: OrgContext, pk: int) -> HttpResponse:
    return _item_change(request, ctx, pk, move=False)


def _item_change(request: HttpRequest, ctx: OrgContext, pk: int, *, move: bool) -> HttpResponse:
    """Move a section or question one place, or delete it; errors come back as a message."""
    found = _instrument(ctx, pk)
    if not _scans_only(request, ctx, found):
        return _back(ctx, found)
    form = ItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a section or question."))
        return _back(ctx, found)
    what, item_id = form.cleaned_data["what"], form.cleaned_data["id"]
    step = 1 if form.cleaned_data["direction"] == "down" else -1
    definition = _definition(found)
    try:
        if what == "section":
            changed = (
                instrument_edit.section_move(definition, item_id, step)
                if move
                else instrument_edit.section_delete(definition, item_id)
            )
        else:
            changed = (
                instrument_edit.question_move(definition, item_id, step)
                if move
                else instrument_edit.question_delete(definition, item_id)
            )
        if changed == definition:
            return _back(ctx, found, _anchor(what, item_id))
        revision = instrument_services.instrument_save(
            ctx,
            instrument=found,
            definition=changed,
            what=f"{'move' if move else 'delete'} {what} {item_id}",
        )
    except EditError as error:
        for problem in error.problems:
            messages.error(request, problem_message(problem))
        return _back(ctx, found, _anchor(what, item_id))
    _tell(request, revision)
    return _back(ctx, found, _anchor(what, item_id) if move else "")


def _anchor(what: str, item_id: str) -> str:
    return f"{'s' if what == 'section' else 'q'}-{item_id}"
