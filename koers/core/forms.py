from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe


def form_add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the named field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def messages_add_errors(request: HttpRequest, error: ValidationError) -> None:
    """Show a service's ValidationError as one message at the top of the next page."""
    messages.error(request, " ".join(error.messages))


WIDGETS = "django/forms/widgets/"
SELECT_TEMPLATE = WIDGETS + "select.html"
OPTION_TEMPLATE = WIDGETS + "select_option.html"
TEXTAREA_TEMPLATE = WIDGETS + "textarea.html"
# The input widgets whose template is nothing but ``input.html``.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in ("text", "email", "number", "url", "password", "hidden", "search", "tel", "input")
)
ERRORS_TEMPLATE = "django/forms/errors/list/default.html"


class FormRenderer(TemplatesSetting):
    """Django's renderer for the project's templates (``FORM_RENDERER``), which writes the
    commonest widgets itself: a select and its options, a text input and a text area, with the
    same markup as their templates (``core/templates/django/forms`` and Django's), and an empty
    list of errors as nothing. Through the templates, each took a template variable, tag and
    filter per option and attribute: a filter form of ten selects was a fifth of the register
    page's time, and every field of a form renders its (mostly empty) errors through two
    templates. Any other widget, or an option with a template of its own, goes through its
    template."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        written = _written(template_name, context)
        return super().render(template_name, context, request) if written is None else written


def _written(template_name: str, context: dict[str, Any]) -> str | None:
    """The markup of ``template_name`` in ``context`` written here, or None: not one of ours."""
    if template_name == ERRORS_TEMPLATE:
        return None if context.get("errors") else ""
    widget = context.get("widget")
    if not isinstance(widget, dict):
        return None
    name, attrs = conditional_escape(widget["name"]), _attrs(widget["attrs"])
    if template_name in INPUT_TEMPLATES:
        value = widget["value"]
        shown = "" if value is None else f' value="{conditional_escape(_s(value))}"'
        kind = conditional_escape(widget["type"])
        return mark_safe(f'<input type="{kind}" name="{name}"{shown}{attrs}>')  # noqa: S308
    if template_name == TEXTAREA_TEMPLATE:
        text = conditional_escape(widget["value"]) if widget["value"] else ""
        return mark_safe(f'<textarea name="{name}"{attrs}>\n{text}</textarea>')  # noqa: S308 - escaped
    if template_name != SELECT_TEMPLATE:
        return None
    groups = widget["optgroups"]
    if any(o["template_name"] != OPTION_TEMPLATE for _, options, _ in groups for o in options):
        return None
    parts = [f'<select name="{name}"{attrs}>']
    for group, options, _index in groups:
        if group:
            parts.append(f'\n  <optgroup label="{conditional_escape(group)}">')
        parts.extend(
            f'\n  <option value="{conditional_escape(_s(o["value"]))}"{_attrs(o["attrs"])}>'
            f"{conditional_escape(o['label'])}</option>"
            for o in options
        )
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _s(value: Any) -> str:
    """The template filter ``stringformat:'s'``, which keeps a safe string safe."""
    text = "%s" % (value,)  # noqa: UP031 - exactly what the filter does
    return mark_safe(text) if isinstance(value, SafeData) else text  # noqa: S308 - it was safe


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's ``attrs.html``: `` name="value"``, `` name`` for True, nothing for False."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(_s(value))}"')
        for name, value in attrs.items()
        if value is not False
    )
