"""Themes of the concerns: computed groups, the moderators' edits and what may be shown of them.

* ``themes_recompute`` groups the organisation's open concerns (new or published, from the form
  and from the scan's open answers). With ``CLUSTER_FROM`` or more it uses the backlog's text
  clustering (``koers.textmine.cluster``); with fewer, clustering has too little to go on and the
  concerns are grouped by their category, labelled with the category and its key terms.
* A theme a moderator made (merged, split) is kept as it is, and so is a theme that was answered or
  supported ("me too"): the answer and the count stay with the concerns they were about. A new
  group that mostly overlaps an earlier theme continues it (its name, its answers).
* Texts are clustered and labelled as published, or, before publication, with the pre-redaction
  applied: no name from the directory can become a theme's label.
* The minimum-group-size rule: a theme's departments are shown only where
  ``koers.core.anonymity.publishable`` allows it, with departments as its rows: none
  for fewer
  than *k* concerns, none that could be worked out by subtracting shown counts from the theme's
  size. The department of a quote is shown by the same rule, applied to its theme (or, without a
  theme, its category).
"""

from __future__ import annotations

from koers.voice.services.themes.edits import (
    NAME_LENGTH,
    theme_get,
    theme_merge,
    theme_rename,
    theme_split,
)
from koers.voice.services.themes.overview import (
    MONTHS,
    ThemeOverview,
    ThemeSummary,
    departments_of,
    months_back,
    per_month,
    quote_departments,
    shown_departments,
    theme_is_public,
    theme_overview,
)
from koers.voice.services.themes.recompute import (
    CLUSTER_FROM,
    TERMS,
    Recomputed,
    clean_text,
    theme_candidates,
    themes_recompute,
    themes_recompute_now,
)

__all__ = [
    "CLUSTER_FROM",
    "MONTHS",
    "NAME_LENGTH",
    "TERMS",
    "Recomputed",
    "ThemeOverview",
    "ThemeSummary",
    "clean_text",
    "departments_of",
    "months_back",
    "per_month",
    "quote_departments",
    "shown_departments",
    "theme_candidates",
    "theme_get",
    "theme_is_public",
    "theme_merge",
    "theme_overview",
    "theme_rename",
    "theme_split",
    "themes_recompute",
    "themes_recompute_now",
]
