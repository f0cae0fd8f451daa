from __future__ import annotations

from typing import Any

from django import template

from koers.backlog.models.usecases import UseCase
from koers.backlog.selectors.prescreen import shown_flags, usecase_screen
from koers.backlog.selectors.themes import theme_of

register = template.Library()


@register.simple_tag
def usecase_insights(usecase: UseCase) -> dict[str, Any]:
    """The theme a use case is in and its pre-screen flags, for its page."""
    result = usecase_screen(usecase)
    return {
        "member": theme_of(usecase),
        "flags": shown_flags(result),
        "high_impact": result.high_impact,
    }
