"""The backlog's models: use cases with their votes and comments, the themes they are grouped
in, and each organisation's quick-win weights. Django finds them here."""

from koers.backlog.models.scoring import ScoringWeights
from koers.backlog.models.themes import Granularity, Theme, ThemeMember, ThemeRun, ThemeSettings
from koers.backlog.models.usecases import (
    Comment,
    DataReadiness,
    Effort,
    PersonalData,
    Stage,
    Technique,
    UseCase,
    Vote,
)

__all__ = [
    "Comment",
    "DataReadiness",
    "Effort",
    "Granularity",
    "PersonalData",
    "ScoringWeights",
    "Stage",
    "Technique",
    "Theme",
    "ThemeMember",
    "ThemeRun",
    "ThemeSettings",
    "UseCase",
    "Vote",
]
