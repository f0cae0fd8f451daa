"""The shipped policy templates (``templates/<language>.json``): a complete first draft in Dutch
and in English, with the sections a workplace AI policy needs and the four default data classes,
and no tools (the organisation adds its own). Loaded and validated into ``PolicyContent``."""

from __future__ import annotations

import json
from importlib import resources

from koers.strategy.policy.content import PolicyContent

TEMPLATE_LANGUAGES = ("nl", "en")


def policy_template(language: str) -> PolicyContent:
    """The template in ``language`` ("nl" or "en"); ValueError for another language."""
    if language not in TEMPLATE_LANGUAGES:
        raise ValueError(f"no policy template in {language!r}")
    source = resources.files("koers.strategy.policy").joinpath("templates", f"{language}.json")
    return PolicyContent.model_validate(json.loads(source.read_text(encoding="utf-8")))
