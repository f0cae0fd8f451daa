from __future__ import annotations

import datetime as dt
from typing import Any

from cachetools import LRUCache
from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from koers.core.models import Change

register = template.Library()

ACTIONS = {
    "created": _("created"),
    "updated": _("changed"),
    "stage_changed": _("moved to another stage"),
    "voted": _("voted"),
    "unvoted": _("withdrew a vote"),
    "commented": _("commented"),
    "imported": _("imported"),
    "deleted": _("deleted"),
    "deactivated": _("deactivated"),
    "reactivated": _("reactivated"),
    "joined": _("joined"),
    "revoked": _("withdrew"),
    "merged_into": _("merged it into another use case"),
    "duplicate_merged": _("merged a duplicate into it"),
    "risk_assessed": _("assessed the risk"),
    "answered": _("answered"),
    "answer_changed": _("changed the answer"),
    "published": _("published"),
    "withheld": _("withheld"),
    "replied": _("replied"),
    "picked_up": _("picked it up"),
    "helped": _("marked it as done"),
    "status_changed": _("changed the status"),
}

# Names recorded in a change that are not fields of its subject's model (an answer's text and
# actions are recorded on the concern or theme they answer).
FIELD_LABELS = {
    "body": _("answer"),
    "actions": _("actions"),
    "worries_to_voice": _("worries taken into the concerns"),
}


# Django's "M" capitalises the month ("7 Dec 2026", "2 Mei 2026") and has no Dutch periods.
SHORT_MONTHS = (
    pgettext_lazy("short month", "Jan"),
    pgettext_lazy("short month", "Feb"),
    pgettext_lazy("short month", "Mar"),
    pgettext_lazy("short month", "Apr"),
    pgettext_lazy("short month", "May"),
    pgettext_lazy("short month", "Jun"),
    pgettext_lazy("short month", "Jul"),
    pgettext_lazy("short month", "Aug"),
    pgettext_lazy("short month", "Sep"),
    pgettext_lazy("short month", "Oct"),
    pgettext_lazy("short month", "Nov"),
    pgettext_lazy("short month", "Dec"),
)


@register.filter
def short_date(value: dt.date | None) -> str:
    """A day in a table, with the month short: "7 dec. 2026" in Dutch, "7 Dec 2026" in English."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return str(
        pgettext_lazy("short date", "%(day)s %(month)s %(year)s")
        % {"day": value.day, "month": SHORT_MONTHS[value.month - 1], "year": value.year}
    )


@register.filter
def action_label(change: Change) -> Any:
    return ACTIONS.get(change.action, change.action)


@register.filter
def field_changes(change: Change) -> list[tuple[Any, Any, Any]]:
    """``(label, old, new)`` per changed field, with the field's human name and choice labels."""
    try:
        model = apps.get_model(change.subject)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, pair in change.fields.items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        label: Any = FIELD_LABELS.get(name, name)
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                pass
            else:
                label = getattr(field, "verbose_name", name)
                choices = dict(getattr(field, "flatchoices", []) or [])
                if choices:
                    old, new = (choices.get(v, v) if isinstance(v, str) else v for v in (old, new))
        rows.append((label, _display(old), _display(new)))
    return rows


def _display(value: Any) -> Any:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return value


# What the organisation's navigation depends on, besides its slug and the language: written once
# per process for each combination instead of with its 16 links and 18 translations at every page.
NAV_PERMISSIONS = (
    "help_colleagues",
    "moderate_voice",
    "manage_scans",
    "view_people",
    "teach",
    "manage_academy",
)
_NAVS: LRUCache[tuple[str, str, str, tuple[bool, ...]], str] = LRUCache(maxsize=256)


@register.simple_tag(takes_context=True)
def org_nav(context: template.Context) -> str:
    """``{% org_nav %}``: the organisation's part of the navigation (``core/_org_nav.html``)."""
    slug = context["org"].slug
    perms = context.get("perms_in_org") or {}
    shown = tuple(bool(perms.get(name)) for name in NAV_PERMISSIONS)
    key = (get_script_prefix(), slug, get_language() or "", shown)
    written = _NAVS.get(key)
    if written is None:
        written = render_to_string(
            "core/_org_nav.html",
            {"org_slug": slug, "perms_in_org": dict(zip(NAV_PERMISSIONS, shown, strict=True))},
        ).strip()
        _NAVS[key] = written
    return mark_safe(written)  # noqa: S308 - rendered by the template engine, escaped there
