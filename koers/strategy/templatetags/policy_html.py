"""``{{ section.html|policy_html }}``: a section's rich text, sanitised again as it is shown;
``{{ section.number|section_anchor }}``: the id of a section on the policy's pages."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from koers.strategy.policy.sanitise import sanitise_html
from koers.strategy.selectors.exports import section_anchor as anchor_of

register = template.Library()


@register.filter
def policy_html(value: str) -> SafeString:
    return mark_safe(sanitise_html(str(value or "")))  # noqa: S308 - nh3's output, an allowlist


@register.filter
def diff_html(value: str) -> SafeString:
    """A diff made by ``koers.strategy.policy.diff``, whose every word is escaped there and
    wrapped only in <ins>/<del>; line breaks shown as such."""
    return mark_safe(str(value or "").replace("\n", "<br>"))  # noqa: S308


@register.filter
def section_anchor(number: str) -> str:
    """The same id the checker's "read section 4.2" link and the PDF use: ``section-4-2``."""
    return anchor_of(str(number or ""))
