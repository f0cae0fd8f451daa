"""Reading themes: an organisation's themes with their members and departments."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import translation

from koers.backlog.models.themes import Theme, ThemeMember, ThemeRun
from koers.backlog.models.usecases import UseCase
from koers.orgs.models import Organisation
from koers.textmine.naming import cross_departmental, translate_terms


@dataclass
class ThemeView:
    theme: Theme
    members: list[ThemeMember]
    departments: list[str]
    language: str = ""  # the organisation's: its key terms are written in it

    @property
    def cross_departmental(self) -> bool:
        """It spans at least three departments (``koers.textmine.naming.cross_departmental``)."""
        return cross_departmental(len(self.departments))

    @property
    def label(self) -> str:
        return self.theme.label

    @property
    def terms_shown(self) -> list[str]:
        """Its key terms in the reader's language (as written where no list knows them)."""
        return translate_terms(self.theme.terms, translation.get_language() or "en", self.language)

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def weak(self) -> int:
        return sum(m.weak for m in self.members)


def theme_list(*, organisation: Organisation) -> list[ThemeView]:
    """The organisation's themes, largest first; members by reference, merged ones left out."""
    members = (
        ThemeMember.objects.filter(usecase__merged_into__isnull=True)
        .select_related("usecase")
        .prefetch_related(Prefetch("usecase__departments"))
        .order_by("weak", "usecase__number")
    )
    themes = (
        Theme.objects.filter(organisation=organisation)
        .prefetch_related(
            Prefetch("members", queryset=members, to_attr="current"),
        )
        .select_related("representative")
    )
    views = []
    for theme in themes:
        current: list[ThemeMember] = getattr(theme, "current", [])
        if not current:
            continue
        names = sorted({d.name for m in current for d in m.usecase.departments.all()})
        views.append(ThemeView(theme, current, names, organisation.language))
    return sorted(views, key=lambda v: (-v.size, v.theme.number))


def theme_get(*, organisation: Organisation, pk: int) -> Theme:
    return Theme.objects.get(organisation=organisation, pk=pk)


def theme_of(usecase: UseCase) -> ThemeMember | None:
    return ThemeMember.objects.select_related("theme").filter(usecase=usecase).first()


def last_run(*, organisation: Organisation) -> ThemeRun | None:
    """The last finished computation of the organisation's themes."""
    return ThemeRun.objects.filter(organisation=organisation, finished_at__isnull=False).first()


def pending_run(*, organisation: Organisation) -> ThemeRun | None:
    """A computation asked for and not finished yet (see ``themes_recompute_request``)."""
    return ThemeRun.objects.filter(organisation=organisation, finished_at__isnull=True).first()
