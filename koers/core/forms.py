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


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class FormRenderer(TemplatesSetting):
    """Django's renderer for the project's templates (``FORM_RENDERER``), which writes a select
    and its options itself: the same markup as the templates (``core/templates/django/forms``),
    without a template variable, tag and filter per option and attribute. A filter form of ten
    selects was a fifth of the register page's time. Any other widget, or an option with a
    template of its own, goes through its template."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if template_name != SELECT_TEMPLATE or not isinstance(widget, dict):
            return super().render(template_name, context, request)
        groups = widget["optgroups"]
        if any(o["template_name"] != OPTION_TEMPLATE for _, options, _ in groups for o in options):
            return super().render(template_name, context, request)
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for name, options, _index in groups:
            if name:
                parts.append(f'\n  <optgroup label="{conditional_escape(name)}">')
            parts.extend(
                f'\n  <option value="{conditional_escape(_s(o["value"]))}"{_attrs(o["attrs"])}>'
                f"{conditional_escape(o['label'])}</option>"
                for o in options
            )
            if name:
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
